"""The plan and the period (Law 10/2022/QH15 Art.28.1–28.2): draft, send to HĐND and UB MTTQ xã, publish as
disclosure item 11 (Art.11.11), close after the last day."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from danchu.core import audit, clock
from danchu.core.errors import field_error
from danchu.core.services import locked, service
from danchu.core.text import clean_field
from danchu.units.services import villages_of_commune

from .. import domain
from ..domain import WORKFLOW, State
from ..models import Consultation
from ..verbs import AuditVerb
from .common import (
    DOCUMENT_KINDS,
    LAW_EFFECTIVE,
    MAX_DESCRIPTION,
    MAX_TEXT,
    audit_data,
    check_commune,
    check_date,
    check_day,
    fmt,
    public_url,
    store_files,
)

PLAN_FIELDS = ("content_kind", "title", "description", "forms", "method", "responsible", "decision_authority",
               "plan_number", "opens_on", "closes_on", "villages")


def _clean_plan(c: Consultation) -> None:
    c.content_kind = domain.content_or_error(c.content_kind)
    c.title = clean_field(c.title, "title", max_length=300, message=_("Cần nhập tên nội dung lấy ý kiến."))
    c.description = clean_field(c.description, "description", max_length=MAX_DESCRIPTION, single_line=False,
                                message=_("Cần nêu nội dung, những vấn đề cần xin ý kiến Nhân dân."))
    c.forms = domain.check_forms(c.forms)
    c.method = clean_field(c.method, "method", required=False, max_length=MAX_TEXT, single_line=False)
    c.responsible = clean_field(c.responsible, "responsible", required=False, max_length=300)
    c.decision_authority = clean_field(c.decision_authority, "decision_authority", required=False, max_length=200)
    c.plan_number = clean_field(c.plan_number, "plan_number", required=False, max_length=100)
    check_date(c.opens_on, "opens_on")
    check_date(c.closes_on, "closes_on")
    domain.check_period(c.opens_on, c.closes_on)


@service(AuditVerb.CREATED)
def consultation_create(*, commune, actor, content_kind: int, title: str, description: str, forms: Iterable[str],
                        opens_on: date, closes_on: date, method: str = "", responsible: str = "",
                        decision_authority: str = "", plan_number: str = "", villages=(),
                        documents: Iterable = ()) -> Consultation:
    """The draft plan (Art.28.1: content, form, method, deadline, responsibility) and its draft documents."""
    check_commune(commune)
    villages = villages_of_commune(commune, villages)
    c = Consultation(commune=commune, content_kind=content_kind, title=title, description=description,
                     forms=list(forms or []), method=method, responsible=responsible,
                     decision_authority=decision_authority or _("UBND %(c)s") % {"c": commune.name},
                     plan_number=plan_number, opens_on=opens_on, closes_on=closes_on, state=State.DRAFT,
                     created_by=actor if getattr(actor, "is_authenticated", False) else None)
    _clean_plan(c)
    stored = store_files(documents, actor=actor, allowed=DOCUMENT_KINDS, field="documents")
    c.save()
    c.villages.set(villages)
    if stored:
        c.documents.add(*stored)
    audit.record(actor=actor, verb=AuditVerb.CREATED, target=c, unit=c.commune, data=audit_data(
        c, content_kind=c.content_kind, forms=c.forms, opens_on=c.opens_on, closes_on=c.closes_on,
        villages=[v.pk for v in villages], documents=[a.pk for a in stored]))
    return c


@service(AuditVerb.UPDATED)
def consultation_update(*, consultation: Consultation, actor, documents: Iterable = (), **fields) -> Consultation:
    """Change the plan while it is not yet published (after publication the content residents read must not
    change under them; Art.28.2 counts the period from the publication of THAT content)."""
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise ValidationError(_("Trường không sửa được: %(f)s") % {"f": ", ".join(sorted(unknown))}, code="invalid")
    c = locked(consultation, "commune")
    if c.state not in domain.EDITABLE_STATES:
        raise ValidationError(_("Nội dung lấy ý kiến đã công khai, không sửa được kế hoạch."), code="not_editable")
    villages = fields.pop("villages", None)
    if villages is not None:
        villages = villages_of_commune(c.commune, villages)
    before = {k: getattr(c, k) for k in fields}
    for name, value in fields.items():
        setattr(c, name, value)
    _clean_plan(c)
    stored = store_files(documents, actor=actor, allowed=DOCUMENT_KINDS, field="documents")
    c.save()
    if villages is not None:
        c.villages.set(villages)
    if stored:
        c.documents.add(*stored)
    changed = {k: (before[k], getattr(c, k)) for k in fields if before[k] != getattr(c, k)}
    audit.record(actor=actor, verb=AuditVerb.UPDATED, target=c, unit=c.commune, data=audit_data(
        c, changed=changed, documents=[a.pk for a in stored],
        villages=[v.pk for v in villages] if villages is not None else None))
    return c


@service(AuditVerb.DETACHED)
def consultation_detach(*, consultation: Consultation, attachment, actor) -> None:
    c = locked(consultation, "commune")
    if c.state not in domain.EDITABLE_STATES:
        raise ValidationError(_("Nội dung lấy ý kiến đã công khai, không sửa được tài liệu."), code="not_editable")
    c.documents.remove(attachment)
    audit.record(actor=actor, verb=AuditVerb.DETACHED, target=c, unit=c.commune,
                 data=audit_data(c, attachment=attachment.pk, name=attachment.original_name))


@service(AuditVerb.PLAN_SENT)
def consultation_send_plan(*, consultation: Consultation, actor, to_council: bool, to_front: bool,
                           sent_on: date | None = None, note: str = "") -> Consultation:
    """Art.28.1: the plan is sent to HĐND xã AND to UB MTTQ xã — both are required."""
    c = locked(consultation, "commune")
    WORKFLOW.check(c.state, State.PLAN_SENT)
    if not (to_council and to_front):
        raise field_error("to_front" if to_council else "to_council", _(
            "Kế hoạch lấy ý kiến phải gửi tới cả Hội đồng nhân dân và Ủy ban Mặt trận Tổ quốc Việt Nam cấp xã "
            "(khoản 1 Điều 28 Luật số 10/2022/QH15)."), "both_recipients_required")
    today = clock.today()
    sent_on = sent_on or today
    check_day(sent_on, "sent_on", today=today, future=_("Ngày gửi không thể sau ngày hôm nay."),
              earliest=LAW_EFFECTIVE, code="too_old",
              too_early=_("Ngày gửi phải từ 01/07/2023 (ngày Luật số 10/2022/QH15 có hiệu lực)."))
    c.state, c.plan_sent_on = State.PLAN_SENT, sent_on
    c.plan_sent_note = clean_field(note, "note", required=False, max_length=300)
    c.save(update_fields=["state", "plan_sent_on", "plan_sent_note", "modified"])
    audit.record(actor=actor, verb=AuditVerb.PLAN_SENT, target=c, unit=c.commune,
                 data=audit_data(c, sent_on=sent_on, recipients=["hdnd", "mttq"]))
    return c


def _plan_item_body(c: Consultation) -> str:
    lines = [
        _("Nội dung lấy ý kiến (%(art)s): %(kind)s.") % {"art": domain.content_article(c.content_kind),
                                                        "kind": c.content_short},
        "",
        c.description,
        "",
        _("Thời gian lấy ý kiến: từ ngày %(a)s đến hết ngày %(b)s.") % {"a": fmt(c.opens_on), "b": fmt(c.closes_on)},
        _("Hình thức lấy ý kiến: %(f)s.") % {"f": "; ".join(c.form_labels())},
    ]
    if c.method:
        lines.append(_("Cách thức: %(m)s") % {"m": c.method})
    if c.responsible:
        lines.append(_("Trách nhiệm tổ chức thực hiện: %(r)s.") % {"r": c.responsible})
    lines.append(_("Xem dự thảo và góp ý trực tuyến: %(u)s") % {"u": public_url(c)})
    return "\n".join(lines)


@service(AuditVerb.PUBLISHED)
def consultation_publish(*, consultation: Consultation, actor, on: date | None = None,
                         closes_on: date | None = None) -> Consultation:
    """Publish the content (công khai nội dung lấy ý kiến): the minimum period of Art.28.2 starts the next day.
    `on` may record a publication made earlier (never in the future, never before the plan was sent)."""
    from danchu.disclosure import services as disclosure

    c = locked(consultation, "commune")
    WORKFLOW.check(c.state, State.OPEN)
    today = clock.today()
    on = on or today
    check_day(on, "on", today=today, future=_("Ngày công khai không thể sau ngày hôm nay."),
              earliest=c.plan_sent_on, code="before_plan",
              too_early=_("Ngày công khai không thể trước ngày gửi kế hoạch (%(d)s)."))
    closes_on = closes_on or c.closes_on
    check_date(closes_on, "closes_on")
    domain.check_period(on, closes_on)
    c.state, c.opens_on, c.closes_on, c.published_on = State.OPEN, on, closes_on, on
    item = disclosure.item_create(
        commune=c.commune, category=11, title=(_("Lấy ý kiến Nhân dân: %(t)s") % {"t": c.title})[:300],
        body=_plan_item_body(c),
        decision_number=c.plan_number, decision_date=on, decision_issuer=_("UBND %(c)s") % {"c": c.commune.name},
        villages=list(c.villages.all()), actor=actor)
    disclosure.item_publish(item=item, actor=actor, on=on)
    c.plan_item = item
    c.save(update_fields=["state", "opens_on", "closes_on", "published_on", "plan_item", "modified"])
    audit.record(actor=actor, verb=AuditVerb.PUBLISHED, target=c, unit=c.commune, data=audit_data(
        c, published_on=on, closes_on=closes_on, period_days=domain.period_days(on, closes_on),
        disclosure_item=item.pk))
    return c


@service(AuditVerb.CLOSED)
def consultation_close(*, consultation: Consultation, actor) -> Consultation:
    """End the period once its last day has passed (it ends at 24:00 of that day)."""
    c = locked(consultation, "commune")
    WORKFLOW.check(c.state, State.CLOSED)
    today = clock.today()
    if not domain.can_close(c.state, c.closes_on, today):
        raise ValidationError(_("Chưa hết thời gian lấy ý kiến (đến hết ngày %(d)s); không thể kết thúc sớm "
                                "(khoản 2 Điều 28).") % {"d": fmt(c.closes_on)}, code="period_not_over")
    c.state, c.closed_on = State.CLOSED, today
    c.save(update_fields=["state", "closed_on", "modified"])
    audit.record(actor=actor, verb=AuditVerb.CLOSED, target=c, unit=c.commune,
                 data=audit_data(c, closed_on=today, opinions=c.opinions.count()))
    return c
