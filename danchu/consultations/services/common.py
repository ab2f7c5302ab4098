"""What the write functions of Nhân dân tham gia ý kiến share: limits, date and place checks, files, links."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from danchu.core.attachments import attachment_create
from danchu.core.calendar_service import MAX_YEAR, MIN_YEAR
from danchu.core.errors import field_error
from danchu.units.domain import Level

from ..models import Consultation

LAW_EFFECTIVE = date(2023, 7, 1)  # Law 10/2022/QH15 in force (Art.90.1)
MAX_TEXT = 5000
MAX_DESCRIPTION = 20000
MAX_FILES = 5
DOCUMENT_KINDS = {"document", "spreadsheet", "image"}
OPINION_FILE_KINDS = {"document", "image"}
MAX_PEOPLE = 100000
# One resident may give several opinions, but not flood a consultation: at most 5 an hour, 20 a day.
OPINION_LIMITS = ((5, 3600), (20, 86400))


def fmt(d: date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else "—"


def check_date(value: date | None, field: str) -> None:
    if value is not None and not (MIN_YEAR <= value.year < MAX_YEAR):
        raise field_error(field, _("Ngày không hợp lệ."), "invalid_date")


def check_commune(commune) -> None:
    if commune is None or commune.level != Level.COMMUNE or commune.valid_to is not None:
        raise field_error("commune", _("Hãy chọn một xã, phường đang hoạt động."), "not_a_commune")


def check_village(consultation: Consultation, village):
    if village is None:
        return None
    if village.level != Level.VILLAGE or village.parent_id != consultation.commune_id:
        raise field_error("village", _("Thôn, tổ dân phố này không thuộc %(c)s.") % {"c": consultation.commune.name},
                          "village_other_commune")
    return village


def store_files(files, *, actor, allowed, field: str) -> list:
    files = list(files or [])
    if len(files) > MAX_FILES:
        raise field_error(field, _("Tối đa %(n)d tệp.") % {"n": MAX_FILES}, "too_many_files")
    stored = []
    for upload in files:
        try:
            stored.append(attachment_create(uploaded_file=upload, actor=actor, allowed=allowed))
        except ValidationError as exc:
            raise field_error(field, " ".join(exc.messages), getattr(exc, "code", None) or "invalid_file") from None
    return stored


def audit_data(consultation: Consultation, **data) -> dict:
    """What every audit row of a consultation carries: the consultation and its state after the step."""
    return {"consultation": consultation.pk, "state": consultation.state, **data}


def public_path(consultation: Consultation) -> str:
    return reverse("consultations:public-detail", args=[consultation.pk])


def public_url(consultation: Consultation) -> str:
    return f"{settings.DANCHU_SITE_URL}{public_path(consultation)}"


def check_day(value: date, field: str, *, today: date, future: str, earliest: date | None = None,
              too_early: str = "", code: str = "") -> None:
    """A day the official records (sent, published, received): a real date, not after today and, when `earliest`
    is given, not before it (`too_early` may name it as %(d)s)."""
    check_date(value, field)
    if value > today:
        raise field_error(field, future, "future_date")
    if earliest is not None and value < earliest:
        raise field_error(field, too_early % {"d": fmt(earliest)}, code)
