from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from danchu.units.access import user_grants


class GrantOut(serializers.Serializer):
    role = serializers.CharField()
    unit = serializers.IntegerField(source="unit_id")


class MeOut(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    full_name = serializers.CharField()
    is_superuser = serializers.BooleanField()
    grants = GrantOut(many=True)


class MeApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="me", responses={200: MeOut})
    def get(self, request):
        user = request.user
        return Response(MeOut({"id": user.pk, "username": user.username, "full_name": user.full_name,
                               "is_superuser": user.is_superuser, "grants": list(user_grants(user))}).data)
