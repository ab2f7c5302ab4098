"""The synthesis (Law 10/2022/QH15 Art.28.3: every opinion accepted or explained, then published to residents and
as disclosure item 11 with its report), the competent authority's decision (Art.28.4) and the report to HĐND
xã (Art.28.5)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core import audit, clock
from danchu.core.errors import field_error
from danchu.core.notify import notify
from danchu.core.services import locked, service
from danchu.core.text import clean_field

from .. import domain
from ..domain import WORKFLOW, Channel, State
from ..models import Consultation, Opinion, SynthesisEntry
from ..verbs import AuditVerb
from .common import MAX_DESCRIPTION, MAX_TEXT, audit_data, check_date, fmt, public_path, public_url

# --- the synthesis (Art.28.3) -----------------------------------------------------------------------------


def _start_synthesis(c: Consultation) -> None:
    if c.state == State.CLOSED:
        c.state = State.SYNTHESIS
        c.save(update_fields=["state", "modified"])
    elif c.state != State.SYNTHESIS:
        raise ValidationError(_("Chỉ tổng hợp ý kiến sau khi kết thúc lấy ý kiến và trước khi công khai kết quả."),
                              code="not_synthesising")


@service(AuditVerb.ENTRY_CREATED)
def entry_save(*, consultation: Consultation, actor, opinions: Iterable[Opinion], outcome: str, response: str,
               summary: str = "", entry: SynthesisEntry | None = None) -> SynthesisEntry:
    """Accept or explain one opinion or a group of similar opinions (Art.28.3). Opinions already in another row
    move to this one (a row left without opinions is removed)."""
    c = locked(consultation, "commune")
    _start_synthesis(c)
    opinions = list(opinions or [])
    if not opinions:
        raise field_error("opinions", _("Hãy chọn ít nhất một ý kiến."), "opinions_required")
    if any(o.consultation_id != c.pk for o in opinions):
        raise field_error("opinions", _("Ý kiến không thuộc nội dung lấy ý kiến này."), "opinion_other_consultation")
    response = clean_field(response, "response", required=False, max_length=MAX_TEXT, single_line=False)
    domain.check_outcome(outcome, response)
    summary = clean_field(summary, "summary", required=False, max_length=MAX_TEXT, single_line=False)
    if entry is not None and entry.consultation_id != c.pk:
        raise field_error("entry", _("Dòng tổng hợp không thuộc nội dung lấy ý kiến này."), "entry_other_consultation")
    created = entry is None
    if created:
        entry = SynthesisEntry(consultation=c)
    before = None if created else {"outcome": entry.outcome, "response": entry.response, "summary": entry.summary}
    entry.outcome, entry.response, entry.summary = outcome, response, summary
    entry.written_by = actor if getattr(actor, "is_authenticated", False) else None
    entry.save()
    ids = [o.pk for o in opinions]
    previous = set(Opinion.objects.filter(pk__in=ids).exclude(entry=None).exclude(entry=entry)
                   .values_list("entry_id", flat=True))
    Opinion.objects.filter(pk__in=ids).update(entry=entry, modified=timezone.now())
    emptied = list(SynthesisEntry.objects.filter(pk__in=previous, opinions__isnull=True).values_list("pk", flat=True))
    SynthesisEntry.objects.filter(pk__in=emptied).delete()
    data = audit_data(c, outcome=outcome, opinions=ids, before=before, removed_entries=emptied)
    if created:
        audit.record(actor=actor, verb=AuditVerb.ENTRY_CREATED, target=entry, unit=c.commune, data=data)
    else:
        audit.record(actor=actor, verb=AuditVerb.ENTRY_UPDATED, target=entry, unit=c.commune, data=data)
    return entry


@service(AuditVerb.ENTRY_DELETED)
def entry_delete(*, entry: SynthesisEntry, actor) -> None:
    c = locked(entry.consultation, "commune")
    if c.state not in domain.SYNTHESIS_STATES:
        raise ValidationError(_("Kết quả tổng hợp đã công khai, không sửa được."), code="not_synthesising")
    ids = list(entry.opinions.values_list("pk", flat=True))
    entry.opinions.update(entry=None)
    pk = entry.pk
    audit.record(actor=actor, verb=AuditVerb.ENTRY_DELETED, target=entry, unit=c.commune,
                 data=audit_data(c, opinions=ids, outcome=entry.outcome))
    SynthesisEntry.objects.filter(pk=pk).delete()


def synthesis_rows(consultation: Consultation) -> list[tuple[SynthesisEntry, list[Opinion]]]:
    """The synthesis as rows: each entry with its opinions, numbered in the order they were received."""
    opinions = list(consultation.opinions.select_related("village").order_by("received_on", "id"))
    numbers = {o.pk: i for i, o in enumerate(sorted(opinions, key=lambda o: o.pk), start=1)}
    for o in opinions:
        o._number = numbers[o.pk]
    by_entry: dict[int, list[Opinion]] = {}
    for o in opinions:
        if o.entry_id:
            by_entry.setdefault(o.entry_id, []).append(o)
    entries = list(consultation.entries.order_by("id"))
    rows = [(e, sorted(by_entry.get(e.pk, []), key=lambda o: o._number)) for e in entries]
    rows.sort(key=lambda r: min((o._number for o in r[1]), default=0))
    return rows


@service(AuditVerb.SYNTHESIS_PUBLISHED)
def synthesis_publish(*, consultation: Consultation, actor, summary: str, on: date | None = None) -> Consultation:
    """Publish the synthesis — every opinion accepted or explained — to residents (Art.28.3) and as disclosure
    item 11 with the synthesis report attached (Art.11.11)."""
    c = locked(consultation, "commune")
    if c.state == State.CLOSED and not c.opinions.exists():
        c.state = State.SYNTHESIS  # no opinion was received: the synthesis says so
    WORKFLOW.check(c.state, State.SYNTHESIS_PUBLISHED)
    summary = clean_field(summary, "summary", max_length=MAX_DESCRIPTION, single_line=False,
                          message=_("Cần nêu kết quả tổng hợp chung (số ý kiến, các vấn đề chính, việc tiếp thu)."))
    pending = domain.uncovered(list(c.opinions.values_list("pk", flat=True)),
                               dict(c.opinions.values_list("pk", "entry_id")))
    if pending:
        raise ValidationError(_("Còn %(n)d ý kiến chưa được tiếp thu hoặc giải trình (khoản 3 Điều 28).")
                              % {"n": len(pending)}, code="opinions_uncovered")
    today = clock.today()
    on = on or today
    check_date(on, "on")
    if on > today or (c.closed_on and on < c.closed_on):
        raise field_error("on", _("Ngày công khai kết quả phải từ ngày kết thúc lấy ý kiến đến hôm nay."),
                          "invalid_date")
    c.state, c.synthesis_summary, c.synthesis_published_on = State.SYNTHESIS_PUBLISHED, summary, on
    c.save(update_fields=["state", "synthesis_summary", "synthesis_published_on", "modified"])
    item = _publish_synthesis_item(c, actor=actor, on=on)
    c.synthesis_item = item
    c.save(update_fields=["synthesis_item", "modified"])
    t = tally_of(c)
    notified = _notify_authors(c, actor=actor, subject=_("Kết quả tổng hợp ý kiến đã được công khai"), body=_(
        "%(commune)s đã công khai kết quả tổng hợp, tiếp thu, giải trình ý kiến về “%(t)s”, trong đó có ý kiến "
        "của ông/bà.") % {"commune": c.commune.name, "t": c.title})
    audit.record(actor=actor, verb=AuditVerb.SYNTHESIS_PUBLISHED, target=c, unit=c.commune, data=audit_data(
        c, published_on=on, disclosure_item=item.pk, opinions=c.opinions.count(), entries=c.entries.count(),
        tally=t.__dict__, notified=notified))
    return c


def _notify_authors(c: Consultation, *, actor, subject: str, body: str) -> int:
    """An in-app notice to each resident who gave an opinion online (delivered after commit)."""
    from django.contrib.auth import get_user_model

    authors = get_user_model().objects.filter(pk__in=c.opinions.filter(channel=Channel.ONLINE).values("author_id"),
                                  is_active=True).order_by("pk")
    for user in authors:
        notify(channel="in_app", recipient=user, subject=subject, body=body, url=public_path(c) + "#ket-qua",
               actor=actor)
    return len(authors)


def tally_of(c: Consultation) -> domain.Tally:
    return domain.tally(c.opinions.values_list("stance", "people_count"))


def _synthesis_item_title(c: Consultation) -> str:
    return (_("Kết quả tổng hợp ý kiến Nhân dân: %(t)s") % {"t": c.title})[:300]


def _synthesis_item_body(c: Consultation) -> str:
    accepted = c.entries.filter(outcome=domain.Outcome.ACCEPTED).count()
    explained = c.entries.filter(outcome=domain.Outcome.EXPLAINED).count()
    lines = [
        _("Kết quả tổng hợp ý kiến, tiếp thu, giải trình (khoản 3 Điều 28 Luật số 10/2022/QH15) về: %(t)s.")
        % {"t": c.title},
        _("Thời gian lấy ý kiến: từ ngày %(a)s đến hết ngày %(b)s; %(n)d ý kiến; %(acc)d nội dung tiếp thu, "
          "%(exp)d nội dung giải trình.") % {"a": fmt(c.opens_on), "b": fmt(c.closes_on),
                                            "n": c.opinions.count(), "acc": accepted, "exp": explained},
        "",
        c.synthesis_summary,
    ]
    if c.state == State.DECIDED:
        lines += ["", _("Quyết định của %(a)s: %(o)s%(n)s.") % {
            "a": c.decision_authority, "o": c.get_decision_outcome_display(),
            "n": (" — " + _("văn bản số %(n)s ngày %(d)s") % {"n": c.decision_number, "d": fmt(c.decision_date)})
            if c.decision_number else ""}]
        if c.decision_summary:
            lines.append(c.decision_summary)
        if c.against_majority:
            lines += ["", _("Quyết định khác với ý kiến của đa số Nhân dân. Giải thích của cơ quan có thẩm quyền "
                            "(khoản 4 Điều 28): %(e)s") % {"e": c.against_majority_explanation}]
    lines += ["", _("Chi tiết từng ý kiến: %(u)s") % {"u": public_url(c)}]
    return "\n".join(lines)


def _report_upload(c: Consultation, on: date):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ..documents import build_report_pdf, report_context

    pdf = build_report_pdf(report_context(c, on=on))
    return SimpleUploadedFile(f"bao-cao-tong-hop-y-kien-{c.pk}.pdf", pdf, content_type="application/pdf")


def _publish_synthesis_item(c: Consultation, *, actor, on: date):
    from danchu.disclosure import services as disclosure

    item = disclosure.item_create(
        commune=c.commune, category=11, title=_synthesis_item_title(c), body=_synthesis_item_body(c),
        decision_date=on, decision_issuer=_("UBND %(c)s") % {"c": c.commune.name},
        villages=list(c.villages.all()), actor=actor)
    disclosure.item_attach(item=item, uploaded_file=_report_upload(c, on), actor=actor)
    disclosure.item_publish(item=item, actor=actor, on=on)
    return item


def _republish_synthesis_item(c: Consultation, *, actor, change_note: str) -> None:
    """Art.14.1: changed information is published again — a new version of the same item with a new report."""
    from danchu.disclosure import services as disclosure
    from danchu.disclosure.domain import ItemStatus

    item = c.synthesis_item
    if item is None or item.status != ItemStatus.PUBLISHED:
        return
    for old in list(item.attachments.all()):
        disclosure.item_detach(item=item, attachment=old, actor=actor)
    disclosure.item_attach(item=item, uploaded_file=_report_upload(c, clock.today()), actor=actor)
    disclosure.item_update(item=item, actor=actor, change_note=change_note, body=_synthesis_item_body(c))


# --- the authority's decision (Art.28.4) and the report to HĐND (Art.28.5) ----------------------------------


@service(AuditVerb.DECIDED)
def decision_record(*, consultation: Consultation, actor, outcome: str, decision_authority: str = "",
                    decision_number: str = "", decision_date: date | None = None, summary: str = "",
                    explanation: str = "") -> Consultation:
    """The competent authority's decision. If it differs from the majority opinion, its explanation is
    required and published with the synthesis (Art.28.4)."""
    c = locked(consultation, "commune")
    WORKFLOW.check(c.state, State.DECIDED)
    explanation = clean_field(explanation, "explanation", required=False, max_length=MAX_DESCRIPTION,
                              single_line=False)
    majority = domain.majority(tally_of(c))
    against = domain.check_decision(outcome=outcome, majority_stance=majority, explanation=explanation)
    authority = (clean_field(decision_authority, "decision_authority", required=False, max_length=200)
                 or c.decision_authority)
    if not authority:
        raise field_error("decision_authority", _("Cần ghi cơ quan có thẩm quyền quyết định."), "required")
    decision_date = decision_date or clock.today()
    check_date(decision_date, "decision_date")
    if decision_date > clock.today():
        raise field_error("decision_date", _("Ngày quyết định không thể sau ngày hôm nay."), "future_date")
    if c.closed_on and decision_date < c.closed_on:
        raise field_error("decision_date", _("Ngày quyết định không thể trước khi kết thúc lấy ý kiến."),
                          "before_closing")
    c.state = State.DECIDED
    c.decision_outcome, c.decision_authority = outcome, authority
    c.decision_number = clean_field(decision_number, "decision_number", required=False, max_length=100)
    c.decision_date = decision_date
    c.decision_summary = clean_field(summary, "summary", required=False, max_length=MAX_DESCRIPTION, single_line=False)
    c.majority_stance = majority or ""
    c.against_majority = against
    c.against_majority_explanation = explanation
    c.save(update_fields=["state", "decision_outcome", "decision_authority", "decision_number", "decision_date",
                          "decision_summary", "majority_stance", "against_majority", "against_majority_explanation",
                          "modified"])
    _republish_synthesis_item(c, actor=actor, change_note=(
        _("Công khai giải thích của cơ quan có thẩm quyền về quyết định khác ý kiến đa số") if against
        else _("Bổ sung quyết định của cơ quan có thẩm quyền")))
    _notify_authors(c, actor=actor, subject=_("Đã có quyết định sau khi lấy ý kiến Nhân dân"), body=_(
        "%(a)s đã quyết định về “%(t)s”: %(o)s.") % {"a": authority, "t": c.title, "o": c.get_decision_outcome_display()}
        + (" " + _("Quyết định khác với ý kiến của đa số; lời giải thích được công khai.") if against else ""))
    audit.record(actor=actor, verb=AuditVerb.DECIDED, target=c, unit=c.commune, data=audit_data(
        c, outcome=outcome, majority=majority, against_majority=against, decision_number=c.decision_number,
        decision_date=decision_date))
    return c


@service(AuditVerb.REPORTED_TO_COUNCIL)
def council_report_record(*, consultation: Consultation, actor, on: date | None = None) -> Consultation:
    """Art.28.5: the result was reported to HĐND xã at its next regular session (copy to UB MTTQ xã)."""
    c = locked(consultation, "commune")
    if c.state not in domain.RESULT_STATES:
        raise ValidationError(_("Chỉ báo cáo HĐND sau khi đã công khai kết quả tổng hợp."), code="no_result")
    on = on or clock.today()
    check_date(on, "on")
    if on > clock.today() or (c.synthesis_published_on and on < c.synthesis_published_on):
        raise field_error("on", _("Ngày báo cáo phải từ ngày công khai kết quả đến hôm nay."), "invalid_date")
    c.reported_to_council_on = on
    c.save(update_fields=["reported_to_council_on", "modified"])
    audit.record(actor=actor, verb=AuditVerb.REPORTED_TO_COUNCIL, target=c, unit=c.commune,
                 data=audit_data(c, on=on))
    return c
