from django.urls import path

from . import api

urlpatterns = [
    path("units/", api.UnitListApi.as_view(), name="api-units"),
    path("units/<int:pk>/", api.UnitDetailApi.as_view(), name="api-unit"),
    path("villages/", api.VillageListApi.as_view(), name="api-villages"),
    path("villages/<int:pk>/", api.VillageDetailApi.as_view(), name="api-village"),
    path("villages/<int:pk>/household-count/", api.HouseholdCountApi.as_view(), name="api-village-household-count"),
    path("households/", api.HouseholdListApi.as_view(), name="api-households"),
    path("households/<int:pk>/", api.HouseholdDetailApi.as_view(), name="api-household"),
    path("organisations/", api.OrganisationListApi.as_view(), name="api-organisations"),
    path("organisations/<int:pk>/", api.OrganisationDetailApi.as_view(), name="api-organisation"),
    path("positions/", api.PositionListApi.as_view(), name="api-positions"),
    path("appointments/", api.AppointmentListApi.as_view(), name="api-appointments"),
]
