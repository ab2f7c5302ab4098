"""OpenAPI schema generation (drf-spectacular), apart from danchu.core.api, which DRF imports while it loads."""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema as _SpectacularAutoSchema
from rest_framework import permissions, serializers

# What DRF's TimeField writes ("07:30", "07:30:15"): a local clock time with no offset. OpenAPI's "format: time"
# (RFC 3339 partial-time with an offset) would describe something the API never sends.
TIME_PATTERN = r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?$"

_PREFIXED_APPS = {"disclosure": "Disclosure", "inforequests": "InfoRequest", "decisions": "Decision",
                  "evoting": "Evoting", "consultations": "Consultation", "conventions": "Convention",
                  "elections": "Election", "feedback": "Feedback", "cases": "Case", "steering": "Steering"}


class AutoSchema(_SpectacularAutoSchema):
    """Component names carry their app (`FeedbackDetailOut`, `InfoRequestDetailOut`): apps name their serializers
    alike (DetailOut, SubmitIn…), and two components with one name would describe one endpoint with the other's
    shape."""

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        if isinstance(field, serializers.TimeField):
            schema = {"type": "string", "pattern": TIME_PATTERN, "example": "07:30",
                      "description": "Giờ địa phương (Asia/Ho_Chi_Minh), HH:MM hoặc HH:MM:SS"}
            if field.allow_null:
                schema["nullable"] = True
            return schema
        return super()._map_serializer_field(field, direction, bypass_extensions)

    def get_auth(self):
        """A public endpoint (no permission class, or only AllowAny) declares no authentication."""
        classes = [type(p) for p in self.view.get_permissions()]
        if all(issubclass(c, permissions.AllowAny) for c in classes):  # none, or only AllowAny
            return []
        return super().get_auth()

    def get_serializer_name(self, serializer, direction):
        name = super().get_serializer_name(serializer, direction)
        parts = type(serializer).__module__.split(".")
        prefix = _PREFIXED_APPS.get(parts[1]) if len(parts) > 1 and parts[0] == "danchu" else None
        return name if prefix is None or name.startswith(prefix) else prefix + name
