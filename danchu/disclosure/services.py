"""Write functions of the disclosure register (staff side). Each is a `core.services.service`: one transaction
with its audit row, in Vietnamese, a refused write audited; notifications to subscribers are sent only after commit.

Legal basis: Law 10/2022/QH15 Art.11 (contents), Art.12.3 (the publication deadline), Art.13 (channels, the
posting and loudspeaker periods), Art.14.1 (changed information is re-published). Rules themselves live in
domain.py, their numbers in core.legal_rules.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core import audit, clock
from danchu.core.attachments import attachment_create
from danchu.core.calendar_service import MAX_YEAR, MIN_YEAR, calendar_for
from danchu.core.errors import field_error
from danchu.core.legal_rules import rule_period_end, rule_text
from danchu.core.services import locked, service
from danchu.core.text import clean_field
from danchu.units.domain import Level
from danchu.units.models import AdministrativeUnit
from danchu.units.services import villages_of_commune

from .domain import (
    PUBLICITY_RULE,
    WORKFLOW,
    Channel,
    ItemStatus,
    Problem,
    ProblemCode,
    category_or_error,
    changed_on,
    is_editable,
    is_late,
    makes_new_version,
    period_complete,
    posting_days,
    posting_problems,
    publication_deadline,
    required_rule,
)
from .models import CommuneDisclosureSettings, DisclosureItem, DisclosureItemVersion, Posting
from .verbs import AuditVerb

logger = logging.getLogger("danchu.disclosure")

ATTACHMENT_KINDS = {"document", "image", "spreadsheet"}
PROOF_KINDS = {"image", "pdf"}
ITEM_FIELDS = ("category", "title", "body", "decision_number", "decision_date", "decision_issuer", "villages")
VERSIONED_FIELDS = ("title", "body", "decision_number", "decision_date", "decision_issuer")
MAX_BODY = 100_000


def _due(decision_date: date | None) -> date | None:
    return publication_deadline(decision_date, calendar_for(decision_date)) if decision_date else None


def _commune(unit: AdministrativeUnit) -> AdministrativeUnit:
    if unit is None or unit.level != Level.COMMUNE:
        raise ValidationError(_("Nội dung công khai phải thuộc một xã, phường hoặc đặc khu."), code="not_a_commune")
    return unit


def _check_decision_date(decision_date: date | None) -> None:
    if decision_date is None:
        return
    if decision_date.year < MIN_YEAR or decision_date.year >= MAX_YEAR:
        raise field_error("decision_date", _("Ngày ban hành văn bản không hợp lệ."), "invalid_date")
    if decision_date > clock.today():
        raise field_error("decision_date", _("Ngày ban hành văn bản không thể sau ngày hôm nay."), "future_date")


def _clean(item: DisclosureItem) -> None:
    category_or_error(item.category)
    item.title = clean_field(item.title, "title", max_length=300, message=_("Cần nhập tiêu đề."))
    item.body = clean_field(item.body, "body", required=False, max_length=MAX_BODY, single_line=False)
    item.decision_number = clean_field(item.decision_number, "decision_number", required=False, max_length=100)
    item.decision_issuer = clean_field(item.decision_issuer, "decision_issuer", required=False, max_length=200)
    _check_decision_date(item.decision_date)
    item.full_clean(exclude=["villages", "attachments"])


def _snapshot(item: DisclosureItem) -> dict:
    return {"category": item.category, "title": item.title, "decision_number": item.decision_number,
            "decision_date": item.decision_date, "decision_issuer": item.decision_issuer, "status": item.status,
            "version": item.version}


def _notify_on_commit(item_pk: int) -> None:
    def send():
        try:
            from danchu.disclosure.subscriptions import notify_subscribers
        except ImportError:  # the subscriptions module is optional
            return
        try:
            notify_subscribers(item_pk)
        except Exception:  # a failing notification must never undo a publication
            logger.exception("notifying subscribers of disclosure item %s failed", item_pk)

    transaction.on_commit(send)


def _write_version(item: DisclosureItem, *, actor, change_note: str, on: date,
                   due: date | None) -> DisclosureItemVersion:
    return DisclosureItemVersion.objects.create(
        item=item, version=item.version, title=item.title, body=item.body, decision_number=item.decision_number,
        decision_date=item.decision_date, decision_issuer=item.decision_issuer, change_note=change_note[:300],
        published_on=on, publication_due=due,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )


# --- items -----------------------------------------------------------------------------------------


@service(AuditVerb.ITEM_CREATED)
def item_create(*, commune: AdministrativeUnit, category: int, title: str, body: str = "", decision_number: str = "",
                decision_date: date | None = None, decision_issuer: str = "", villages=(), actor) -> DisclosureItem:
    """A draft of an Art.11 content; its publication deadline (Art.12.3) is computed from the decision date."""
    _commune(commune)
    villages = villages_of_commune(commune, villages)
    item = DisclosureItem(
        commune=commune, category=category_or_error(category).number, title=title, body=body,
        decision_number=decision_number, decision_date=decision_date, decision_issuer=decision_issuer,
        status=ItemStatus.DRAFT, created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _clean(item)
    item.publication_due = _due(item.decision_date)
    item.save()
    item.villages.set(villages)
    audit.record(actor=actor, verb=AuditVerb.ITEM_CREATED, target=item, unit=commune,
                 data={**_snapshot(item), "villages": [v.pk for v in villages],
                       "publication_due": item.publication_due})
    return item


@service(AuditVerb.ITEM_UPDATED)
def item_update(*, item: DisclosureItem, actor, change_note: str = "", **fields) -> DisclosureItem:
    """Change an item. A draft changes in place; a published item gets a new version (the public sees the
    current one and the history, Art.14.1). Permanent contents (Art.11.4, 11.13) are re-published: their
    publication date becomes today and subscribers are told again."""
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise ValidationError(_("Trường không sửa được: %(f)s") % {"f": ", ".join(sorted(unknown))}, code="invalid")
    locked(item, "commune")
    try:
        return _update(item, actor=actor, change_note=change_note, fields=fields)
    except ValidationError:
        item.refresh_from_db()  # refused: the caller's instance (a form page shows it) keeps what is stored
        raise


def _update(item: DisclosureItem, *, actor, change_note: str, fields: dict) -> DisclosureItem:
    if not is_editable(item.status):
        raise ValidationError(_("Nội dung đã gỡ, không sửa được."), code="withdrawn")
    before = _snapshot(item)
    villages = fields.pop("villages", None)
    if villages is not None:
        villages = villages_of_commune(item.commune, villages)
    for name, value in fields.items():
        setattr(item, name, value if value is not None or name == "decision_date" else "")
    _clean(item)
    changed = {k: (before[k], v) for k, v in _snapshot(item).items() if before[k] != v}
    body_changed = "body" in fields and item.body != DisclosureItem.objects.values_list("body", flat=True).get(pk=item.pk)
    old_villages = set(item.villages.values_list("pk", flat=True))
    villages_changed = villages is not None and {v.pk for v in villages} != old_villages
    if not changed and not body_changed and not villages_changed:
        return item
    change_note = clean_field(change_note, "change_note", required=False, max_length=300)
    republished = False
    today = clock.today()
    version_due = None
    if makes_new_version(item.status):
        if not change_note:
            raise field_error("change_note", _("Cần ghi lý do thay đổi nội dung đã công khai."), "required")
        item.version += 1
        # Art.14.1: changed information is published again — within the Art.12.3 deadline of the change. The
        # timeliness of the earlier publications stays as it was (`was_late`, and each version's deadline).
        change = changed_on(before["decision_date"], item.decision_date, today)
        version_due = publication_deadline(change, calendar_for(change))
        if item.category_info.permanent:
            item.was_late = item.was_late or item.current_late(today)
            item.published_on = today
            item.publication_due = version_due
            republished = True
        elif today > version_due:
            item.was_late = True
    elif "decision_date" in changed:  # a draft: its deadline follows its deciding document
        item.publication_due = _due(item.decision_date)
    item.save()
    if villages_changed:
        item.villages.set(villages)
    if makes_new_version(item.status):
        _write_version(item, actor=actor, change_note=change_note, on=today, due=version_due)
    audit.record(actor=actor, verb=AuditVerb.ITEM_UPDATED, target=item, unit=item.commune,
                 data={"changed": changed, "body_changed": body_changed,
                       "villages": sorted(v.pk for v in villages) if villages_changed else None,
                       "version": item.version, "change_note": change_note, "republished": republished,
                       "republication_due": version_due, "late": bool(version_due and today > version_due)})
    if republished:
        _notify_on_commit(item.pk)
    return item


@service(AuditVerb.ITEM_PUBLISHED)
def item_publish(*, item: DisclosureItem, actor, on: date | None = None) -> DisclosureItem:
    """Publish a draft (Art.12): status, publication date, version 1 in the public history, then subscribers
    are notified after commit. `on` may be earlier than today (recording a past publication), never later."""
    locked(item, "commune")
    WORKFLOW.check(item.status, ItemStatus.PUBLISHED)
    today = clock.today()
    on = on or today
    if on > today:
        raise field_error("on", _("Ngày công khai không thể sau ngày hôm nay."), "future_date")
    if on.year < MIN_YEAR:
        raise field_error("on", _("Ngày công khai không hợp lệ."), "invalid_date")
    if item.decision_date and on < item.decision_date:
        raise field_error("on", _("Ngày công khai không thể trước ngày ban hành văn bản."), "before_decision")
    item.status, item.published_on = ItemStatus.PUBLISHED, on
    item.save(update_fields=["status", "published_on", "modified"])
    # stored and shown to everyone: in Vietnamese (the service runs in the default language)
    _write_version(item, actor=actor, change_note=_("Công khai lần đầu"), on=on, due=item.publication_due)
    audit.record(actor=actor, verb=AuditVerb.ITEM_PUBLISHED, target=item, unit=item.commune,
                 data={"published_on": on, "publication_due": item.publication_due,
                       "late": bool(item.publication_due and on > item.publication_due), "version": item.version})
    _notify_on_commit(item.pk)
    return item


@service(AuditVerb.ITEM_WITHDRAWN)
def item_withdraw(*, item: DisclosureItem, actor, reason: str = "") -> DisclosureItem:
    """Take a published item down; postings still up end today."""
    locked(item, "commune")
    WORKFLOW.check(item.status, ItemStatus.WITHDRAWN)
    reason = clean_field(reason, "reason", required=False, max_length=300)
    today = clock.today()
    open_postings = item.postings.filter(end__isnull=True)
    ended = list(open_postings.filter(start__lte=today).values_list("pk", flat=True))
    open_postings.filter(start__lte=today).update(end=today, modified=timezone.now())
    item.status = ItemStatus.WITHDRAWN
    item.save(update_fields=["status", "modified"])
    audit.record(actor=actor, verb=AuditVerb.ITEM_WITHDRAWN, target=item, unit=item.commune,
                 data={"reason": reason, "postings_ended": ended})
    return item


@service(AuditVerb.ITEM_ATTACHED)
def item_attach(*, item: DisclosureItem, uploaded_file, actor):
    """Attach a document or image (checked by content: an .exe renamed .pdf is refused)."""
    if not is_editable(item.status):
        raise ValidationError(_("Nội dung đã gỡ, không đính kèm được."), code="withdrawn")
    try:
        attachment = attachment_create(uploaded_file=uploaded_file, actor=actor, allowed=ATTACHMENT_KINDS)
    except ValidationError as exc:
        raise ValidationError({"files": exc.error_list}) from None
    item.attachments.add(attachment)
    audit.record(actor=actor, verb=AuditVerb.ITEM_ATTACHED, target=item, unit=item.commune,
                 data={"attachment": attachment.pk, "name": attachment.original_name})
    return attachment


@service(AuditVerb.ITEM_DETACHED)
def item_detach(*, item: DisclosureItem, attachment, actor) -> None:
    if not is_editable(item.status):
        raise ValidationError(_("Nội dung đã gỡ, không sửa được."), code="withdrawn")
    item.attachments.remove(attachment)
    audit.record(actor=actor, verb=AuditVerb.ITEM_DETACHED, target=item, unit=item.commune,
                 data={"attachment": attachment.pk, "name": attachment.original_name})


# --- postings --------------------------------------------------------------------------------------


def _check_claim(item: DisclosureItem, channel: str, start: date, end: date | None) -> None:
    """The official ticked "đủ thời gian theo quy định": refuse the tick when the dates say otherwise. The period is
    counted as the law counts it (BLDS Art.147: the posting day is not counted, domain.period_complete)."""
    cat = item.category_info
    if cat.permanent and channel != Channel.LOUDSPEAKER:
        if end is not None:
            raise field_error("claims_compliance", _(
                "Nội dung khoản %(n)d Điều 11 phải niêm yết thường xuyên; không thể xác nhận đủ thời gian khi "
                "đã có ngày kết thúc.") % {"n": cat.number}, "claim_not_met")
        return
    rule = required_rule(item.category, channel)
    if rule is None:
        return
    if end is None:
        raise field_error("claims_compliance", _(
            "Chưa thể xác nhận đủ thời gian khi việc niêm yết chưa kết thúc; hãy nhập ngày kết thúc "
            "hoặc bỏ chọn ô xác nhận."), "claim_not_met")
    if not period_complete(rule, start, end):
        raise field_error("claims_compliance", _(
            "Từ %(start)s đến hết ngày %(end)s chỉ là %(days)d ngày (không tính ngày bắt đầu), chưa đủ %(rule)s "
            "liên tục theo Điều 13 Luật số 10/2022/QH15: bắt đầu ngày %(start)s thì phải kéo dài đến hết ngày "
            "%(until)s. Hãy sửa ngày hoặc bỏ chọn ô “đủ thời gian theo quy định”.")
            % {"start": start.strftime("%d/%m/%Y"), "end": end.strftime("%d/%m/%Y"),
               "days": posting_days(start, end, end), "rule": rule_text(rule),
               "until": rule_period_end(rule, start).strftime("%d/%m/%Y")},
            "claim_not_met")


@service(AuditVerb.POSTING_ADDED)
def posting_add(*, item: DisclosureItem, channel: str, start: date, end: date | None = None, village=None,
                place: str = "", posted_by: str = "", proof_file=None, note: str = "",
                claims_compliance: bool = False, actor) -> Posting:
    """Record one channel of publicity of a published item (Art.12.1, 13) with its period and proof (`end`: the
    last day the notice was up, None while it is)."""
    locked(item, "commune")
    if item.status != ItemStatus.PUBLISHED:
        raise ValidationError(_("Chỉ ghi hình thức công khai cho nội dung đang công khai."), code="not_published")
    if channel not in Channel.values:
        raise field_error("channel", _("Hình thức công khai không hợp lệ."), "invalid_channel")
    if start is None:
        raise field_error("start", _("Cần nhập ngày bắt đầu."), "required")
    if end is not None and end < start:
        raise field_error("end", _("Ngày kết thúc không thể trước ngày bắt đầu."), "end_before_start")
    if item.decision_date and start < item.decision_date:
        raise field_error("start", _("Ngày bắt đầu không thể trước ngày ban hành văn bản (%(d)s).")
                          % {"d": item.decision_date.strftime("%d/%m/%Y")}, "before_decision")
    if start.year < MIN_YEAR or start.year >= MAX_YEAR or (end and end.year >= MAX_YEAR):
        raise field_error("start", _("Ngày không hợp lệ."), "invalid_date")
    if village is not None and (village.level != Level.VILLAGE or village.parent_id != item.commune_id):
        raise field_error("village", _("Thôn, tổ dân phố này không thuộc %(c)s.") % {"c": item.commune.name},
                          "village_other_commune")
    if channel == Channel.VILLAGE_HOUSE and village is None:
        raise field_error("village", _("Niêm yết tại nhà văn hóa cần chọn thôn, tổ dân phố."), "village_required")
    if claims_compliance:
        _check_claim(item, channel, start, end)
    proof = None
    if proof_file is not None:
        try:
            proof = attachment_create(uploaded_file=proof_file, actor=actor, allowed=PROOF_KINDS)
        except ValidationError as exc:
            raise ValidationError({"proof": exc.error_list}) from None
    posting = Posting(item=item, channel=channel, village=village,
                      place=clean_field(place, "place", required=False, max_length=200), start=start, end=end,
                      posted_by=clean_field(posted_by, "posted_by", required=False, max_length=150), proof=proof,
                      note=clean_field(note, "note", required=False, max_length=300),
                      claims_compliance=bool(claims_compliance))
    posting.full_clean()
    posting.save()
    audit.record(actor=actor, verb=AuditVerb.POSTING_ADDED, target=posting, unit=item.commune,
                 data={"item": item.pk, "channel": channel, "village": getattr(village, "pk", None), "start": start,
                       "end": end, "proof": getattr(proof, "pk", None), "claims_compliance": bool(claims_compliance)})
    return posting


@service(AuditVerb.POSTING_ENDED)
def posting_end(*, posting: Posting, end: date, actor) -> Posting:
    """The notice came down: `end` is the last day it was up (the days counted do not include the posting day)."""
    locked(posting)
    if posting.end is not None:
        raise ValidationError(_("Việc niêm yết này đã kết thúc."), code="already_ended")
    if end is None:
        raise field_error("end", _("Cần nhập ngày kết thúc."), "required")
    if end < posting.start:
        raise field_error("end", _("Ngày kết thúc không thể trước ngày bắt đầu."), "end_before_start")
    if end > clock.today():
        raise field_error("end", _("Ngày kết thúc không thể sau ngày hôm nay."), "future_date")
    posting.end = end
    posting.save(update_fields=["end", "modified"])
    audit.record(actor=actor, verb=AuditVerb.POSTING_ENDED, target=posting, unit=posting.item.commune,
                 data={"item": posting.item_id, "end": end,
                       "days": posting_days(posting.start, end, end)})
    return posting


# --- per-commune settings --------------------------------------------------------------------------


@service(AuditVerb.SETTINGS_CHANGED)
def settings_update(*, commune: AdministrativeUnit, actor, has_portal: bool, has_loudspeaker: bool,
                    portal_url: str = "") -> CommuneDisclosureSettings:
    _commune(commune)
    obj = CommuneDisclosureSettings.objects.select_for_update().filter(commune=commune).first()
    before = ({"has_portal": obj.has_portal, "has_loudspeaker": obj.has_loudspeaker, "portal_url": obj.portal_url}
              if obj else None)
    obj = obj or CommuneDisclosureSettings(commune=commune)
    obj.has_portal, obj.has_loudspeaker, obj.portal_url = bool(has_portal), bool(has_loudspeaker), portal_url or ""
    obj.full_clean()
    obj.save()
    audit.record(actor=actor, verb=AuditVerb.SETTINGS_CHANGED, target=obj, unit=commune,
                 data={"before": before, "has_portal": obj.has_portal, "has_loudspeaker": obj.has_loudspeaker,
                       "portal_url": obj.portal_url})
    return obj


# --- compliance (read) -----------------------------------------------------------------------------


@dataclass
class ItemCompliance:
    item: DisclosureItem
    problems: list[Problem] = field(default_factory=list)
    late: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def unpublished(self) -> bool:
        return self.item.status == ItemStatus.DRAFT


@dataclass
class Compliance:
    rows: list[ItemCompliance]
    counts: dict[str, int]

    @property
    def items(self) -> int:
        return len(self.rows)

    @property
    def published(self) -> int:
        return sum(1 for r in self.rows if not r.unpublished)

    @property
    def unpublished(self) -> int:
        return sum(1 for r in self.rows if r.unpublished)

    @property
    def with_problems(self) -> int:
        return sum(1 for r in self.rows if r.problems)


def _d(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "—"


def _rule() -> str:
    return rule_text(PUBLICITY_RULE)


def _late_problems(item: DisclosureItem, today: date) -> list[Problem]:
    """Art.12.3: the current publication against its deadline, then every earlier (re-)publication that was
    late — a lawful re-publication never hides that the original was late, nor makes it look late."""
    problems = []
    if item.current_late(today):
        problems.append(Problem(ProblemCode.LATE, _(
            "Công khai ngày %(on)s, chậm so với hạn %(due)s (%(rule)s, khoản 3 Điều 12).")
            % {"on": _d(item.published_on), "due": _d(item.publication_due), "rule": _rule()}))
    if item.was_late:
        current = (item.published_on, item.publication_due)
        for v in sorted(item.versions.all(), key=lambda v: v.version):
            if v.late and (v.published_on, v.publication_due) != current:
                problems.append(Problem(ProblemCode.LATE, _(
                    "Phiên bản %(n)d công khai ngày %(on)s, chậm so với hạn %(due)s (%(rule)s, khoản 3 Điều 12).")
                    % {"n": v.version, "on": _d(v.published_on), "due": _d(v.publication_due), "rule": _rule()}))
        if not problems:
            problems.append(Problem(ProblemCode.LATE, _(
                "Có lần công khai trước đây chậm so với hạn %(rule)s (khoản 3 Điều 12).") % {"rule": _rule()}))
    return problems


def compliance_for(unit: AdministrativeUnit, *, today: date | None = None, items=None,
                   drafts=None) -> Compliance:
    """Every published item of `unit`'s subtree with its Art.12–13 problems, then every draft whose publication
    deadline (Art.12.3, from the decision) has passed — "not published" — and counts per problem code.
    `items` / `drafts` narrow the published items / the overdue drafts (default: all of the subtree; no draft
    when only `items` is given)."""
    today = today or clock.today()
    if drafts is None:
        drafts = DisclosureItem.objects.in_subtree(unit) if items is None else DisclosureItem.objects.none()
    if items is None:
        items = DisclosureItem.objects.published().in_subtree(unit)
    items = list(items.select_related("commune").prefetch_related(
        Prefetch("postings", queryset=Posting.objects.order_by("start")),
        Prefetch("villages", queryset=AdministrativeUnit.objects.only("pk")),
        Prefetch("versions", queryset=DisclosureItemVersion.objects.only(
            "pk", "item_id", "version", "published_on", "publication_due")),
    ).order_by("commune__name", "-published_on", "pk"))
    overdue = list(drafts.overdue_drafts(today).select_related("commune").only(
        "pk", "commune", "category", "title", "status", "decision_number", "decision_date", "publication_due",
        "published_on", "was_late", "commune__name", "commune__path").order_by("commune__name", "publication_due",
                                                                               "pk"))
    commune_ids = {i.commune_id for i in items}
    villages: dict[int, dict[int, str]] = {c: {} for c in commune_ids}
    for pk, parent_id, name in AdministrativeUnit.objects.filter(
            parent_id__in=commune_ids, level=Level.VILLAGE).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=today)).values_list("pk", "parent_id", "name"):
        villages[parent_id][pk] = name
    settings = {s.commune_id: s for s in CommuneDisclosureSettings.objects.filter(commune_id__in=commune_ids)}
    rows, counts = [], {code: 0 for code in ProblemCode.values}
    for item in items:
        s = settings.get(item.commune_id) or CommuneDisclosureSettings(commune_id=item.commune_id)
        postings = list(item.postings.all())
        if s.has_portal and not s.portal_url:
            # no other portal recorded: danchu's public pages are the commune's portal (Art.13.1), and a
            # published item stays there from its publication until it is withdrawn
            postings.append({"channel": Channel.PORTAL, "start": item.published_on, "end": None, "village_id": None})
        problems = posting_problems(item.category, postings, villages[item.commune_id],
                                    has_portal=s.has_portal, has_loudspeaker=s.has_loudspeaker, today=today,
                                    item_villages=[v.pk for v in item.villages.all()])
        late = item.is_late(today)
        if late:
            problems[:0] = _late_problems(item, today)
        for p in problems:
            counts[p.code] += 1
        rows.append(ItemCompliance(item=item, problems=problems, late=late))
    for item in overdue:
        problem = Problem(ProblemCode.NOT_PUBLISHED, _(
            "Chưa công khai: văn bản ngày %(decided)s, hạn công khai %(due)s (%(rule)s, khoản 3 Điều 12).")
            % {"decided": _d(item.decision_date), "due": _d(item.publication_due), "rule": _rule()})
        counts[problem.code] += 1
        rows.append(ItemCompliance(item=item, problems=[problem], late=True))
    return Compliance(rows=rows, counts=counts)


def late_now(item: DisclosureItem, today: date | None = None) -> bool:
    """Recompute lateness with the current calendar (overrides decided after the item was created)."""
    if item.decision_date is None:
        return False
    return is_late(item.decision_date, item.published_on, calendar_for(item.decision_date), today=today)
