"""Grassroots mediation (Luật Hòa giải ở cơ sở 35/2013/QH13). This law is NOT in the reference: its numbers here
are UNVERIFIED and shown as warnings, never blocking. Pure, no ORM."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class DisputeType(models.TextChoices):
    LAND = "land", _("Đất đai, ranh giới")
    FAMILY = "family", _("Hôn nhân, gia đình")
    NEIGHBOUR = "neighbour", _("Mâu thuẫn láng giềng, sinh hoạt")
    CIVIL = "civil", _("Dân sự (vay mượn, hợp đồng, tài sản)")
    MINOR_OFFENCE = "minor_offence", _("Vi phạm pháp luật nhỏ chưa đến mức xử lý")
    OTHER = "other", _("Khác")


class MediationState(models.TextChoices):
    OPEN = "open", _("Đang hòa giải")
    SUCCESSFUL = "successful", _("Hòa giải thành")
    UNSUCCESSFUL = "unsuccessful", _("Hòa giải không thành")
    TRANSFERRED = "transferred", _("Chuyển cơ quan có thẩm quyền")
    WITHDRAWN = "withdrawn", _("Các bên rút yêu cầu")


MEDIATION_CLOSED = frozenset(set(MediationState.values) - {MediationState.OPEN})
# UNVERIFIED (Luật Hòa giải ở cơ sở Art.12 as recalled: at least 3 mediators including a woman). Shown as a
# warning on the team page, never blocking.
MEDIATION_TEAM_MIN_MEMBERS = 3


def mediation_team_warnings(active_members: int, active_women: int) -> list[str]:
    warnings = []
    if active_members < MEDIATION_TEAM_MIN_MEMBERS:
        warnings.append(str(_("Tổ hòa giải nên có ít nhất %(n)d hòa giải viên (chưa đối chiếu văn bản luật).")
                            % {"n": MEDIATION_TEAM_MIN_MEMBERS}))
    if active_members and not active_women:
        warnings.append(str(_("Tổ hòa giải nên có hòa giải viên nữ (chưa đối chiếu văn bản luật).")))
    return warnings


def check_mediation_outcome(outcome: str, sessions_held: int) -> None:
    if outcome not in MEDIATION_CLOSED:
        raise ValidationError({"outcome": ValidationError(_("Hãy chọn kết quả hòa giải."), code="invalid_outcome")})
    if outcome in (MediationState.SUCCESSFUL, MediationState.UNSUCCESSFUL) and sessions_held < 1:
        raise ValidationError(_("Cần ghi ít nhất một buổi hòa giải trước khi ghi kết quả thành / không thành."),
                              code="no_session")
