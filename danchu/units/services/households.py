"""Households (hộ gia đình) and their members: the unit of every quorum rule (Law 10/2022 Art.21)."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as stored  # stored text stays Vietnamese

from danchu.core import audit, clock
from danchu.core.errors import field_error
from danchu.core.services import service
from danchu.core.text import clean_field, clean_text

from ..domain import Level
from ..models import AdministrativeUnit, Household, HouseholdMember, HouseholdResidence
from ..verbs import AuditVerb
from .common import check_record_date

HOUSEHOLD_FIELDS = ("code", "representative_name", "address", "phone", "member_count", "established_on", "note")


def _validate_household(household: Household) -> None:
    household.code = clean_text(household.code)
    household.representative_name = clean_text(household.representative_name)
    household.address = clean_text(household.address)
    household.note = clean_field(household.note, "note", required=False, max_length=2000, single_line=False)
    raw_phone = household.phone or ""
    household.phone = "".join(ch for ch in raw_phone if ch.isdigit() or ch == "+")
    if raw_phone.strip() and not 9 <= sum(ch.isdigit() for ch in household.phone) <= 12:
        raise field_error("phone", _("Số điện thoại không hợp lệ."), "invalid_phone")
    check_record_date(household.established_on, "established_on", _("Ngày ghi nhận hộ"))
    if not household.code:
        raise field_error("code", _("Cần nhập mã hộ."), "required")
    if not household.representative_name:
        raise field_error("representative_name", _("Cần nhập họ tên đại diện hộ."), "required")
    if household.village.level != Level.VILLAGE:
        raise field_error("village", _("Hộ gia đình phải thuộc một thôn, tổ dân phố."), "not_a_village")
    if household.village.valid_to is not None:
        raise field_error("village", _("Thôn, tổ dân phố này đã thôi hiệu lực."), "inactive_village")
    clash = Household.objects.filter(village__parent_id=household.village.parent_id, code=household.code,
                                     dissolved_on__isnull=True)
    if household.pk:
        clash = clash.exclude(pk=household.pk)
    if clash.exists():
        raise field_error("code", _("Mã hộ “%(code)s” đã có trong xã.") % {"code": household.code}, "duplicate_code")
    household.full_clean()


@service(AuditVerb.HOUSEHOLD_CREATED)
def household_create(*, village: AdministrativeUnit, actor, code: str, representative_name: str,
                     address: str = "", phone: str = "", member_count: int = 1,
                     established_on: date | None = None, note: str = "") -> Household:
    household = Household(
        village=village, code=code, representative_name=representative_name, address=address, phone=phone,
        member_count=member_count, established_on=established_on or clock.today(), note=note,
    )
    _validate_household(household)
    household.save()
    HouseholdResidence.objects.create(household=household, village=village, start=household.established_on,
                                      reason=stored("Ghi nhận hộ"))
    HouseholdMember.objects.create(household=household, full_name=household.representative_name,
                                   relation=stored("Chủ hộ"), is_representative=True, start=household.established_on)
    audit.record(actor=actor, verb=AuditVerb.HOUSEHOLD_CREATED, target=household, unit=village,
                 data={"code": household.code, "village": village.pk})
    return household


@service(AuditVerb.HOUSEHOLD_UPDATED)
def household_update(*, household: Household, actor, on: date | None = None, **changes) -> Household:
    """Change the fields of a household; a new representative is recorded in the member history."""
    unknown = set(changes) - set(HOUSEHOLD_FIELDS)
    if unknown:
        raise ValidationError(_("Trường không sửa được: %(f)s") % {"f": ", ".join(sorted(unknown))}, code="invalid")
    on = on or clock.today()
    before = {f: getattr(household, f) for f in changes}
    for name, value in changes.items():
        setattr(household, name, value if value is not None else "")
    _validate_household(household)
    changed = {f: (before[f], getattr(household, f)) for f in changes if before[f] != getattr(household, f)}
    if not changed:
        return household
    household.save(update_fields=[*changed, "name_folded", "modified"])
    if "representative_name" in changed:
        household.members.filter(is_representative=True, end__isnull=True).update(
            is_representative=False, end=on - timedelta(days=1))
        member = household.members.filter(full_name=household.representative_name, end__isnull=True).first()
        if member:
            member.is_representative = True
            member.save(update_fields=["is_representative", "modified"])
        else:
            HouseholdMember.objects.create(household=household, full_name=household.representative_name,
                                           relation=stored("Chủ hộ"), is_representative=True, start=on)
    audit.record(actor=actor, verb=AuditVerb.HOUSEHOLD_UPDATED, target=household, unit=household.village,
                 data={"changed": {k: [str(a), str(b)] for k, (a, b) in changed.items()}})
    return household


@service(AuditVerb.MEMBER_ADDED)
def household_member_add(*, household: Household, full_name: str, actor, relation: str = "",
                         birth_year: int | None = None, start: date | None = None) -> HouseholdMember:
    full_name = clean_text(full_name)
    if not full_name:
        raise field_error("full_name", _("Cần nhập họ và tên."), "required")
    if birth_year is not None and not 1900 <= birth_year <= clock.today().year:
        raise field_error("birth_year", _("Năm sinh không hợp lệ."), "invalid_year")
    check_record_date(start, "start", _("Ngày vào hộ"))
    if start and household.established_on and start < household.established_on:
        raise field_error("start", _("Ngày vào hộ không thể trước ngày ghi nhận hộ."), "invalid_date")
    member = HouseholdMember(household=household, full_name=full_name, relation=clean_text(relation),
                             birth_year=birth_year, start=start or clock.today())
    member.full_clean()
    member.save()
    audit.record(actor=actor, verb=AuditVerb.MEMBER_ADDED, target=household, unit=household.village,
                 data={"member": member.pk, "relation": member.relation})
    return member


@service(AuditVerb.MEMBER_ENDED)
def household_member_end(*, member: HouseholdMember, end: date, actor, reason: str = "") -> HouseholdMember:
    """A member leaves the household (moved out, died, formed their own household)."""
    if member.is_representative:
        raise field_error("member", _("Hãy chọn đại diện hộ mới trước khi cho người đại diện rời hộ."),
                          "is_representative")
    if member.end is not None:
        raise field_error("member", _("Người này đã rời hộ."), "already_ended")
    if member.start and end < member.start:
        raise field_error("end", _("Ngày rời hộ không thể trước ngày vào hộ."), "invalid_date")
    member.end = end
    member.save(update_fields=["end", "modified"])
    audit.record(actor=actor, verb=AuditVerb.MEMBER_ENDED, target=member.household,
                 unit=member.household.village, data={"member": member.pk, "end": end, "reason": clean_text(reason)})
    return member


def move_residence(household: Household, village: AdministrativeUnit, on: date, *, reason: str) -> None:
    """The household lives in `village` from `on`: its current residence ends the day before."""
    household.residences.filter(end__isnull=True).update(end=on - timedelta(days=1))
    HouseholdResidence.objects.create(household=household, village=village, start=on, reason=reason)
    household.village = village
    household.save(update_fields=["village", "modified"])


@service(AuditVerb.HOUSEHOLD_MOVED)
def household_move(*, household: Household, village: AdministrativeUnit, on: date, actor,
                   reason: str = "") -> Household:
    if village.level != Level.VILLAGE or village.valid_to is not None:
        raise field_error("village", _("Cần chọn một thôn, tổ dân phố đang hoạt động."), "not_a_village")
    if village.pk == household.village_id:
        raise field_error("village", _("Hộ đã thuộc thôn này."), "same_village")
    current = household.residences.filter(end__isnull=True).first()
    if current and on <= current.start:
        raise field_error("on", _("Ngày chuyển phải sau ngày bắt đầu cư trú hiện tại."), "invalid_date")
    old_village = household.village
    move_residence(household, village, on, reason=clean_text(reason) or _("Chuyển thôn"))
    audit.record(actor=actor, verb=AuditVerb.HOUSEHOLD_MOVED, target=household, unit=village,
                 data={"from": old_village.pk, "to": village.pk, "on": on})
    return household


@service(AuditVerb.HOUSEHOLD_DISSOLVED)
def household_dissolve(*, household: Household, on: date, actor, reason: str = "") -> Household:
    if household.dissolved_on is not None:
        raise ValidationError(_("Hộ này đã thôi là hộ gia đình."), code="already_dissolved")
    if household.established_on and on < household.established_on:
        raise field_error("on", _("Ngày thôi không thể trước ngày ghi nhận hộ."), "invalid_date")
    check_record_date(on, "on", _("Ngày thôi là hộ gia đình"))
    household.dissolved_on = on
    household.save(update_fields=["dissolved_on", "modified"])
    household.residences.filter(end__isnull=True).update(end=on)
    audit.record(actor=actor, verb=AuditVerb.HOUSEHOLD_DISSOLVED, target=household, unit=household.village,
                 data={"on": on, "reason": clean_text(reason)})
    return household


def household_count_on(village: AdministrativeUnit, on: date) -> int:
    """Households of a village on a date (the base of every quorum rule, Law 10/2022 Art.21)."""
    return (
        HouseholdResidence.objects.filter(village=village, start__lte=on)
        .filter(Q(end__isnull=True) | Q(end__gte=on))
        .values("household").distinct().count()
    )
