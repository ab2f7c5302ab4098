"""OpenAPI schema generation (drf-spectacular), apart from danchu.core.api, which DRF imports while it loads."""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema as _SpectacularAutoSchema

_PREFIXED_APPS = {"disclosure": "Disclosure", "inforequests": "InfoRequest", "decisions": "Decision",
                  "evoting": "Evoting", "consultations": "Consultation", "conventions": "Convention",
                  "elections": "Election", "feedback": "Feedback", "cases": "Case", "steering": "Steering"}


class AutoSchema(_SpectacularAutoSchema):
    """Component names carry their app (`FeedbackDetailOut`, `InfoRequestDetailOut`): apps name their serializers
    alike (DetailOut, SubmitIn…), and two components with one name would describe one endpoint with the other's
    shape."""

    def get_serializer_name(self, serializer, direction):
        name = super().get_serializer_name(serializer, direction)
        parts = type(serializer).__module__.split(".")
        prefix = _PREFIXED_APPS.get(parts[1]) if len(parts) > 1 and parts[0] == "danchu" else None
        return name if prefix is None or name.startswith(prefix) else prefix + name
