"""Write functions of Nhân dân tham gia ý kiến. Each runs in one transaction, goes through the rules of
domain.py and writes its audit row there. Permissions are checked by the callers (views, API) with the
named rules of rules.py.

Disclosure (Law 10/2022 Art.11.11: "kế hoạch lấy ý kiến Nhân dân, nội dung, kết quả tổng hợp ý kiến và giải
trình, tiếp thu"): publishing a consultation creates and publishes a disclosure item 11 for the plan and the
content; publishing the synthesis creates and publishes a second item 11 with the synthesis report (PDF); the
authority's decision — and its explanation when it differs from the majority (Art.28.4) — is added to that item
as a new version. All through danchu.disclosure.services, so the items are audited and versioned like any other.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core import audit, clock
from danchu.core.attachments import attachment_create
from danchu.core.calendar_service import MAX_YEAR, MIN_YEAR, get_calendar
from danchu.core.errors import field_error
from danchu.core.i18n import in_default_language
from danchu.core.notify import notify
from danchu.core.ratelimit import hit
from danchu.core.text import clean_text, nfc
from danchu.units.domain import Level

from . import domain
from .domain import Channel, State
from .models import Consultation, Opinion, SynthesisEntry

LAW_EFFECTIVE = date(2023, 7, 1)  # Law 10/2022/QH15 in force (Art.90.1)
MAX_TEXT = 5000
MAX_DESCRIPTION = 20000
MAX_FILES = 5
DOCUMENT_KINDS = {"document", "spreadsheet", "image"}
OPINION_FILE_KINDS = {"document", "image"}
MAX_PEOPLE = 100000
# One resident may give several opinions, but not flood a consultation: at most 5 an hour, 20 a day.
OPINION_LIMITS = ((5, 3600), (20, 86400))
PLAN_FIELDS = ("content_kind", "title", "description", "forms", "method", "responsible", "decision_authority",
               "plan_number", "opens_on", "closes_on", "villages")


def calendar_for(d: date):
    """The legal calendar from `d`'s year to the next (a 20-day period never runs further)."""
    return get_calendar(range(d.year, min(d.year + 1, MAX_YEAR) + 1))


def _today() -> date:
    return clock.today()


def _fmt(d: date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else "—"


def _text(value, field: str, *, required: bool, max_length: int, message: str | None = None,
          single_line: bool = True) -> str:
    value = clean_text(str(value or "")) if single_line else nfc(str(value or "")).replace("\x00", "").strip()
    if required and not value:
        raise field_error(field, message or _("Trường này là bắt buộc."), "required")
    if len(value) > max_length:
        raise field_error(field, _("Tối đa %(n)d ký tự.") % {"n": max_length}, "too_long")
    return value


def _check_date(value: date | None, field: str) -> None:
    if value is not None and not (MIN_YEAR <= value.year < MAX_YEAR):
        raise field_error(field, _("Ngày không hợp lệ."), "invalid_date")


def _check_commune(commune) -> None:
    if commune is None or commune.level != Level.COMMUNE or commune.valid_to is not None:
        raise field_error("commune", _("Hãy chọn một xã, phường đang hoạt động."), "not_a_commune")


def _check_villages(commune, villages) -> list:
    villages = list(villages or [])
    for village in villages:
        if village.level != Level.VILLAGE or village.parent_id != commune.pk:
            raise field_error("villages", _("“%(v)s” không phải là thôn, tổ dân phố của %(c)s.")
                              % {"v": village.name, "c": commune.name}, "village_other_commune")
    return villages


def _check_village(consultation: Consultation, village):
    if village is None:
        return None
    if village.level != Level.VILLAGE or village.parent_id != consultation.commune_id:
        raise field_error("village", _("Thôn, tổ dân phố này không thuộc %(c)s.") % {"c": consultation.commune.name},
                          "village_other_commune")
    return village


def _store_files(files, *, actor, allowed, field: str) -> list:
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


def _locked(consultation: Consultation) -> Consultation:
    return Consultation.objects.select_for_update().select_related("commune").get(pk=consultation.pk)


def _sync(original: Consultation, fresh: Consultation) -> Consultation:
    if original is not fresh:
        for f in Consultation._meta.concrete_fields:
            setattr(original, f.attname, getattr(fresh, f.attname))
    return original


def _audit(target, verb: str, actor, consultation: Consultation, **data) -> None:
    audit.record(actor=actor, verb=f"consultations.{verb}", target=target, unit=consultation.commune,
                 data={"consultation": consultation.pk, "state": consultation.state, **data})


def public_path(consultation: Consultation) -> str:
    return reverse("consultations:public-detail", args=[consultation.pk])


def public_url(consultation: Consultation) -> str:
    site = settings.DANCHU_SITE_URL
    return f"{site}{public_path(consultation)}"


# --- the plan ----------------------------------------------------------------------------------------


def _clean_plan(c: Consultation) -> None:
    c.content_kind = domain.content_or_error(c.content_kind)
    c.title = _text(c.title, "title", required=True, max_length=300, message=_("Cần nhập tên nội dung lấy ý kiến."))
    c.description = _text(c.description, "description", required=True, max_length=MAX_DESCRIPTION, single_line=False,
                          message=_("Cần nêu nội dung, những vấn đề cần xin ý kiến Nhân dân."))
    c.forms = domain.check_forms(c.forms)
    c.method = _text(c.method, "method", required=False, max_length=MAX_TEXT, single_line=False)
    c.responsible = _text(c.responsible, "responsible", required=False, max_length=300)
    c.decision_authority = _text(c.decision_authority, "decision_authority", required=False, max_length=200)
    c.plan_number = _text(c.plan_number, "plan_number", required=False, max_length=100)
    _check_date(c.opens_on, "opens_on")
    _check_date(c.closes_on, "closes_on")
    domain.check_period(c.opens_on, c.closes_on, calendar_for(c.opens_on))


@transaction.atomic
@in_default_language
def consultation_create(*, commune, actor, content_kind: int, title: str, description: str, forms: Iterable[str],
                        opens_on: date, closes_on: date, method: str = "", responsible: str = "",
                        decision_authority: str = "", plan_number: str = "", villages=(),
                        documents: Iterable = ()) -> Consultation:
    """The draft plan (Art.28.1: content, form, method, deadline, responsibility) and its draft documents."""
    _check_commune(commune)
    villages = _check_villages(commune, villages)
    c = Consultation(commune=commune, content_kind=content_kind, title=title, description=description,
                     forms=list(forms or []), method=method, responsible=responsible,
                     decision_authority=decision_authority or _("UBND %(c)s") % {"c": commune.name},
                     plan_number=plan_number, opens_on=opens_on, closes_on=closes_on, state=State.DRAFT,
                     created_by=actor if getattr(actor, "is_authenticated", False) else None)
    _clean_plan(c)
    stored = _store_files(documents, actor=actor, allowed=DOCUMENT_KINDS, field="documents")
    c.save()
    c.villages.set(villages)
    if stored:
        c.documents.add(*stored)
    _audit(c, "consultation.created", actor, c, content_kind=c.content_kind, forms=c.forms, opens_on=c.opens_on,
           closes_on=c.closes_on, villages=[v.pk for v in villages], documents=[a.pk for a in stored])
    return c


@transaction.atomic
@in_default_language
def consultation_update(*, consultation: Consultation, actor, documents: Iterable = (), **fields) -> Consultation:
    """Change the plan while it is not yet published (after publication the content residents read must not
    change under them; Art.28.2 counts the period from the publication of THAT content)."""
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise ValidationError(_("Trường không sửa được: %(f)s") % {"f": ", ".join(sorted(unknown))}, code="invalid")
    original, c = consultation, _locked(consultation)
    if c.state not in domain.EDITABLE_STATES:
        raise ValidationError(_("Nội dung lấy ý kiến đã công khai, không sửa được kế hoạch."), code="not_editable")
    villages = fields.pop("villages", None)
    if villages is not None:
        villages = _check_villages(c.commune, villages)
    before = {k: getattr(c, k) for k in fields}
    for name, value in fields.items():
        setattr(c, name, value)
    _clean_plan(c)
    stored = _store_files(documents, actor=actor, allowed=DOCUMENT_KINDS, field="documents")
    c.save()
    if villages is not None:
        c.villages.set(villages)
    if stored:
        c.documents.add(*stored)
    changed = {k: (before[k], getattr(c, k)) for k in fields if before[k] != getattr(c, k)}
    _audit(c, "consultation.updated", actor, c, changed=changed, documents=[a.pk for a in stored],
           villages=[v.pk for v in villages] if villages is not None else None)
    return _sync(original, c)


@transaction.atomic
def consultation_detach(*, consultation: Consultation, attachment, actor) -> None:
    c = _locked(consultation)
    if c.state not in domain.EDITABLE_STATES:
        raise ValidationError(_("Nội dung lấy ý kiến đã công khai, không sửa được tài liệu."), code="not_editable")
    c.documents.remove(attachment)
    _audit(c, "consultation.detached", actor, c, attachment=attachment.pk, name=attachment.original_name)


@transaction.atomic
@in_default_language
def consultation_send_plan(*, consultation: Consultation, actor, to_council: bool, to_front: bool,
                           sent_on: date | None = None, note: str = "") -> Consultation:
    """Art.28.1: the plan is sent to HĐND xã AND to UB MTTQ xã — both are required."""
    original, c = consultation, _locked(consultation)
    domain.check_transition(c.state, State.PLAN_SENT)
    if not (to_council and to_front):
        raise field_error("to_front" if to_council else "to_council", _(
            "Kế hoạch lấy ý kiến phải gửi tới cả Hội đồng nhân dân và Ủy ban Mặt trận Tổ quốc Việt Nam cấp xã "
            "(khoản 1 Điều 28 Luật số 10/2022/QH15)."), "both_recipients_required")
    today = _today()
    sent_on = sent_on or today
    _check_date(sent_on, "sent_on")
    if sent_on > today:
        raise field_error("sent_on", _("Ngày gửi không thể sau ngày hôm nay."), "future_date")
    if sent_on < LAW_EFFECTIVE:
        raise field_error("sent_on", _("Ngày gửi phải từ 01/07/2023 (ngày Luật số 10/2022/QH15 có hiệu lực)."),
                          "too_old")
    c.state, c.plan_sent_on = State.PLAN_SENT, sent_on
    c.plan_sent_note = _text(note, "note", required=False, max_length=300)
    c.save(update_fields=["state", "plan_sent_on", "plan_sent_note", "modified"])
    _audit(c, "consultation.plan_sent", actor, c, sent_on=sent_on, recipients=["hdnd", "mttq"])
    return _sync(original, c)


def _plan_item_body(c: Consultation) -> str:
    lines = [
        _("Nội dung lấy ý kiến (%(art)s): %(kind)s.") % {"art": domain.content_article(c.content_kind),
                                                        "kind": c.content_short},
        "",
        c.description,
        "",
        _("Thời gian lấy ý kiến: từ ngày %(a)s đến hết ngày %(b)s.") % {"a": _fmt(c.opens_on), "b": _fmt(c.closes_on)},
        _("Hình thức lấy ý kiến: %(f)s.") % {"f": "; ".join(c.form_labels())},
    ]
    if c.method:
        lines.append(_("Cách thức: %(m)s") % {"m": c.method})
    if c.responsible:
        lines.append(_("Trách nhiệm tổ chức thực hiện: %(r)s.") % {"r": c.responsible})
    lines.append(_("Xem dự thảo và góp ý trực tuyến: %(u)s") % {"u": public_url(c)})
    return "\n".join(lines)


@transaction.atomic
@in_default_language
def consultation_publish(*, consultation: Consultation, actor, on: date | None = None,
                         closes_on: date | None = None) -> Consultation:
    """Publish the content (công khai nội dung lấy ý kiến): the period of at least 20 days starts (Art.28.2).
    `on` may record a publication made earlier (never in the future, never before the plan was sent)."""
    from danchu.disclosure import services as disclosure

    original, c = consultation, _locked(consultation)
    domain.check_transition(c.state, State.OPEN)
    today = _today()
    on = on or today
    _check_date(on, "on")
    if on > today:
        raise field_error("on", _("Ngày công khai không thể sau ngày hôm nay."), "future_date")
    if c.plan_sent_on and on < c.plan_sent_on:
        raise field_error("on", _("Ngày công khai không thể trước ngày gửi kế hoạch (%(d)s).")
                          % {"d": _fmt(c.plan_sent_on)}, "before_plan")
    closes_on = closes_on or c.closes_on
    _check_date(closes_on, "closes_on")
    domain.check_period(on, closes_on, calendar_for(on))
    c.state, c.opens_on, c.closes_on, c.published_on = State.OPEN, on, closes_on, on
    item = disclosure.item_create(
        commune=c.commune, category=11, title=(_("Lấy ý kiến Nhân dân: %(t)s") % {"t": c.title})[:300],
        body=_plan_item_body(c),
        decision_number=c.plan_number, decision_date=on, decision_issuer=_("UBND %(c)s") % {"c": c.commune.name},
        villages=list(c.villages.all()), actor=actor)
    disclosure.item_publish(item=item, actor=actor, on=on)
    c.plan_item = item
    c.save(update_fields=["state", "opens_on", "closes_on", "published_on", "plan_item", "modified"])
    _audit(c, "consultation.published", actor, c, published_on=on, closes_on=closes_on,
           period_days=domain.period_days(on, closes_on), disclosure_item=item.pk)
    return _sync(original, c)


@transaction.atomic
def consultation_close(*, consultation: Consultation, actor) -> Consultation:
    """End the period once its last day has passed (it ends at 24:00 of that day)."""
    original, c = consultation, _locked(consultation)
    domain.check_transition(c.state, State.CLOSED)
    today = _today()
    if not domain.can_close(c.state, c.closes_on, today):
        raise ValidationError(_("Chưa hết thời gian lấy ý kiến (đến hết ngày %(d)s); không thể kết thúc sớm "
                                "(khoản 2 Điều 28).") % {"d": _fmt(c.closes_on)}, code="period_not_over")
    c.state, c.closed_on = State.CLOSED, today
    c.save(update_fields=["state", "closed_on", "modified"])
    _audit(c, "consultation.closed", actor, c, closed_on=today, opinions=c.opinions.count())
    return _sync(original, c)


# --- opinions -----------------------------------------------------------------------------------------


def opinion_allowed(user) -> bool:
    """Rate limit shared by the form and the API: a resident may give several opinions, within reason."""
    key = str(getattr(user, "pk", "") or "anonymous")
    return all(hit(f"consultations.opinion.{window}", key, limit=limit, window=window)
               for limit, window in OPINION_LIMITS)


def _clean_opinion(*, text: str, stance: str) -> str:
    text = _text(text, "text", required=True, max_length=MAX_TEXT, single_line=False,
                 message=_("Cần nhập nội dung ý kiến."))
    if stance not in domain.Stance.values:
        raise field_error("stance", _("Hãy chọn quan điểm đối với dự thảo."), "invalid_stance")
    return text


@transaction.atomic
@in_default_language
def opinion_submit(*, consultation: Consultation, user, text: str, stance: str = domain.Stance.OTHER,
                   village=None, files: Iterable = ()) -> Opinion:
    """A resident gives an opinion online (Art.26.1.e). Needs an account: no anonymous posting."""
    if not (getattr(user, "is_authenticated", False) and getattr(user, "is_active", False)):
        raise ValidationError(_("Cần đăng nhập để góp ý."), code="login_required")
    c = _locked(consultation)
    today = _today()
    if not c.is_open(today):
        raise ValidationError(_("Nội dung này không còn nhận ý kiến (thời gian lấy ý kiến: %(a)s – %(b)s).")
                              % {"a": _fmt(c.opens_on), "b": _fmt(c.closes_on)}, code="not_open")
    if not domain.accepts_online(c.forms):
        raise ValidationError(_("Nội dung này không lấy ý kiến trực tuyến; hãy góp ý theo hình thức đã thông báo."),
                              code="online_not_offered")
    text = _clean_opinion(text=text, stance=stance)
    village = _check_village(c, village)
    stored = _store_files(files, actor=user, allowed=OPINION_FILE_KINDS, field="files")
    opinion = Opinion(consultation=c, channel=Channel.ONLINE, village=village, stance=stance, text=text,
                      author=user, author_name=clean_text(getattr(user, "full_name", "") or "")[:150],
                      received_on=today)
    opinion.full_clean(exclude=["attachments", "entry"])
    opinion.save()
    if stored:
        opinion.attachments.add(*stored)
    _audit(opinion, "opinion.submitted", user, c, channel=Channel.ONLINE, stance=stance,
           village=getattr(village, "pk", None), files=[a.pk for a in stored])
    return opinion


@transaction.atomic
@in_default_language
def opinion_record(*, consultation: Consultation, actor, channel: str, text: str, stance: str = domain.Stance.OTHER,
                   village=None, people_count: int = 1, author_name: str = "", author_contact: str = "",
                   received_on: date | None = None, source_note: str = "", files: Iterable = ()) -> Opinion:
    """An official enters an opinion received at a meeting, on the hotline, in a comment box, by letter… The
    author's identity is optional (a call or a box may be anonymous) and is never published."""
    c = _locked(consultation)
    if c.state not in domain.STAFF_ENTRY_STATES:
        raise ValidationError(_("Chỉ nhập ý kiến khi đã công khai nội dung và chưa công khai kết quả tổng hợp."),
                              code="not_accepting")
    if channel not in domain.STAFF_CHANNELS:
        raise field_error("channel", _("Kênh tiếp nhận không hợp lệ."), "invalid_channel")
    text = _clean_opinion(text=text, stance=stance)
    village = _check_village(c, village)
    try:
        people_count = 1 if people_count is None else int(people_count)
        if isinstance(people_count, bool):
            raise ValueError
    except (TypeError, ValueError, OverflowError):
        people_count = 0
    if not 1 <= people_count <= MAX_PEOPLE:
        raise field_error("people_count", _("Số người cùng ý kiến phải từ 1 đến %(n)d.") % {"n": MAX_PEOPLE},
                          "invalid_people_count")
    today = _today()
    received_on = received_on or today
    _check_date(received_on, "received_on")
    if received_on > today:
        raise field_error("received_on", _("Ngày nhận không thể sau ngày hôm nay."), "future_date")
    if c.opens_on and received_on < c.opens_on:
        raise field_error("received_on", _("Ngày nhận không thể trước ngày công khai nội dung (%(d)s).")
                          % {"d": _fmt(c.opens_on)}, "before_opening")
    stored = _store_files(files, actor=actor, allowed=OPINION_FILE_KINDS, field="files")
    opinion = Opinion(consultation=c, channel=channel, village=village, stance=stance, text=text,
                      people_count=people_count,
                      author_name=_text(author_name, "author_name", required=False, max_length=150),
                      author_contact=_text(author_contact, "author_contact", required=False, max_length=300),
                      received_on=received_on,
                      source_note=_text(source_note, "source_note", required=False, max_length=300),
                      entered_by=actor if getattr(actor, "is_authenticated", False) else None)
    opinion.full_clean(exclude=["attachments", "entry"])
    opinion.save()
    if stored:
        opinion.attachments.add(*stored)
    _audit(opinion, "opinion.recorded", actor, c, channel=channel, stance=stance, people_count=people_count,
           village=getattr(village, "pk", None), received_on=received_on, late=bool(received_on > c.closes_on),
           files=[a.pk for a in stored])
    return opinion


# --- the synthesis (Art.28.3) -----------------------------------------------------------------------------


def _start_synthesis(c: Consultation) -> None:
    if c.state == State.CLOSED:
        c.state = State.SYNTHESIS
        c.save(update_fields=["state", "modified"])
    elif c.state != State.SYNTHESIS:
        raise ValidationError(_("Chỉ tổng hợp ý kiến sau khi kết thúc lấy ý kiến và trước khi công khai kết quả."),
                              code="not_synthesising")


@transaction.atomic
@in_default_language
def entry_save(*, consultation: Consultation, actor, opinions: Iterable[Opinion], outcome: str, response: str,
               summary: str = "", entry: SynthesisEntry | None = None) -> SynthesisEntry:
    """Accept or explain one opinion or a group of similar opinions (Art.28.3). Opinions already in another row
    move to this one (a row left without opinions is removed)."""
    c = _locked(consultation)
    _start_synthesis(c)
    opinions = list(opinions or [])
    if not opinions:
        raise field_error("opinions", _("Hãy chọn ít nhất một ý kiến."), "opinions_required")
    if any(o.consultation_id != c.pk for o in opinions):
        raise field_error("opinions", _("Ý kiến không thuộc nội dung lấy ý kiến này."), "opinion_other_consultation")
    response = nfc(str(response or "")).replace("\x00", "").strip()
    domain.check_outcome(outcome, response)
    response = _text(response, "response", required=True, max_length=MAX_TEXT, single_line=False)
    summary = _text(summary, "summary", required=False, max_length=MAX_TEXT, single_line=False)
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
    _audit(entry, "entry.created" if created else "entry.updated", actor, c, outcome=outcome, opinions=ids,
           before=before, removed_entries=emptied)
    return entry


@transaction.atomic
def entry_delete(*, entry: SynthesisEntry, actor) -> None:
    c = _locked(entry.consultation)
    if c.state not in domain.SYNTHESIS_STATES:
        raise ValidationError(_("Kết quả tổng hợp đã công khai, không sửa được."), code="not_synthesising")
    ids = list(entry.opinions.values_list("pk", flat=True))
    entry.opinions.update(entry=None)
    pk = entry.pk
    _audit(entry, "entry.deleted", actor, c, opinions=ids, outcome=entry.outcome)
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


@transaction.atomic
@in_default_language
def synthesis_publish(*, consultation: Consultation, actor, summary: str, on: date | None = None) -> Consultation:
    """Publish the synthesis — every opinion accepted or explained — to residents (Art.28.3) and as disclosure
    item 11 with the synthesis report attached (Art.11.11)."""
    original, c = consultation, _locked(consultation)
    if c.state == State.CLOSED and not c.opinions.exists():
        c.state = State.SYNTHESIS  # no opinion was received: the synthesis says so
    domain.check_transition(c.state, State.SYNTHESIS_PUBLISHED)
    summary = _text(summary, "summary", required=True, max_length=MAX_DESCRIPTION, single_line=False,
                    message=_("Cần nêu kết quả tổng hợp chung (số ý kiến, các vấn đề chính, việc tiếp thu)."))
    pending = domain.uncovered(list(c.opinions.values_list("pk", flat=True)),
                               dict(c.opinions.values_list("pk", "entry_id")))
    if pending:
        raise ValidationError(_("Còn %(n)d ý kiến chưa được tiếp thu hoặc giải trình (khoản 3 Điều 28).")
                              % {"n": len(pending)}, code="opinions_uncovered")
    today = _today()
    on = on or today
    _check_date(on, "on")
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
    _audit(c, "consultation.synthesis_published", actor, c, published_on=on, disclosure_item=item.pk,
           opinions=c.opinions.count(), entries=c.entries.count(), tally=t.__dict__, notified=notified)
    return _sync(original, c)


def _notify_authors(c: Consultation, *, actor, subject: str, body: str) -> int:
    """An in-app notice to each resident who gave an opinion online (delivered after commit)."""
    from danchu.accounts.models import User

    authors = User.objects.filter(pk__in=c.opinions.filter(channel=Channel.ONLINE).values("author_id"),
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
          "%(exp)d nội dung giải trình.") % {"a": _fmt(c.opens_on), "b": _fmt(c.closes_on),
                                            "n": c.opinions.count(), "acc": accepted, "exp": explained},
        "",
        c.synthesis_summary,
    ]
    if c.state == State.DECIDED:
        lines += ["", _("Quyết định của %(a)s: %(o)s%(n)s.") % {
            "a": c.decision_authority, "o": c.get_decision_outcome_display(),
            "n": (" — " + _("văn bản số %(n)s ngày %(d)s") % {"n": c.decision_number, "d": _fmt(c.decision_date)})
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

    from .documents import build_report_pdf, report_context

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
    disclosure.item_attach(item=item, uploaded_file=_report_upload(c, _today()), actor=actor)
    disclosure.item_update(item=item, actor=actor, change_note=change_note, body=_synthesis_item_body(c))


# --- the authority's decision (Art.28.4) and the report to HĐND (Art.28.5) ----------------------------------


@transaction.atomic
@in_default_language
def decision_record(*, consultation: Consultation, actor, outcome: str, decision_authority: str = "",
                    decision_number: str = "", decision_date: date | None = None, summary: str = "",
                    explanation: str = "") -> Consultation:
    """The competent authority's decision. If it differs from the majority opinion, its explanation is
    required and published with the synthesis (Art.28.4)."""
    original, c = consultation, _locked(consultation)
    domain.check_transition(c.state, State.DECIDED)
    explanation = _text(explanation, "explanation", required=False, max_length=MAX_DESCRIPTION, single_line=False)
    majority = domain.majority(tally_of(c))
    against = domain.check_decision(outcome=outcome, majority_stance=majority, explanation=explanation)
    authority = _text(decision_authority, "decision_authority", required=False, max_length=200) or c.decision_authority
    if not authority:
        raise field_error("decision_authority", _("Cần ghi cơ quan có thẩm quyền quyết định."), "required")
    decision_date = decision_date or _today()
    _check_date(decision_date, "decision_date")
    if decision_date > _today():
        raise field_error("decision_date", _("Ngày quyết định không thể sau ngày hôm nay."), "future_date")
    if c.closed_on and decision_date < c.closed_on:
        raise field_error("decision_date", _("Ngày quyết định không thể trước khi kết thúc lấy ý kiến."),
                          "before_closing")
    c.state = State.DECIDED
    c.decision_outcome, c.decision_authority = outcome, authority
    c.decision_number = _text(decision_number, "decision_number", required=False, max_length=100)
    c.decision_date = decision_date
    c.decision_summary = _text(summary, "summary", required=False, max_length=MAX_DESCRIPTION, single_line=False)
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
    _audit(c, "consultation.decided", actor, c, outcome=outcome, majority=majority, against_majority=against,
           decision_number=c.decision_number, decision_date=decision_date)
    return _sync(original, c)


@transaction.atomic
def council_report_record(*, consultation: Consultation, actor, on: date | None = None) -> Consultation:
    """Art.28.5: the result was reported to HĐND xã at its next regular session (copy to UB MTTQ xã)."""
    original, c = consultation, _locked(consultation)
    if c.state not in domain.RESULT_STATES:
        raise ValidationError(_("Chỉ báo cáo HĐND sau khi đã công khai kết quả tổng hợp."), code="no_result")
    on = on or _today()
    _check_date(on, "on")
    if on > _today() or (c.synthesis_published_on and on < c.synthesis_published_on):
        raise field_error("on", _("Ngày báo cáo phải từ ngày công khai kết quả đến hôm nay."), "invalid_date")
    c.reported_to_council_on = on
    c.save(update_fields=["reported_to_council_on", "modified"])
    _audit(c, "consultation.reported_to_council", actor, c, on=on)
    return _sync(original, c)
