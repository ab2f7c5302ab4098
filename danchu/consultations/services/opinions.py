"""Opinions (Law 10/2022/QH15 Art.26): given online by a logged-in resident, or entered by an official from a
meeting, the hotline, a comment box, a letter…"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from danchu.core import audit, clock
from danchu.core.errors import field_error
from danchu.core.ratelimit import hit
from danchu.core.services import locked, service
from danchu.core.text import clean_field, clean_text

from .. import domain
from ..domain import Channel
from ..models import Consultation, Opinion
from ..verbs import AuditVerb
from .common import (
    MAX_PEOPLE,
    MAX_TEXT,
    OPINION_FILE_KINDS,
    OPINION_LIMITS,
    audit_data,
    check_day,
    check_village,
    fmt,
    store_files,
)


def opinion_allowed(user) -> bool:
    """Rate limit shared by the form and the API: a resident may give several opinions, within reason."""
    key = str(getattr(user, "pk", "") or "anonymous")
    return all(hit(f"consultations.opinion.{window}", key, limit=limit, window=window)
               for limit, window in OPINION_LIMITS)


def _clean_opinion(*, text: str, stance: str) -> str:
    text = clean_field(text, "text", max_length=MAX_TEXT, single_line=False, message=_("Cần nhập nội dung ý kiến."))
    if stance not in domain.Stance.values:
        raise field_error("stance", _("Hãy chọn quan điểm đối với dự thảo."), "invalid_stance")
    return text


@service(AuditVerb.OPINION_SUBMITTED)
def opinion_submit(*, consultation: Consultation, user, text: str, stance: str = domain.Stance.OTHER,
                   village=None, files: Iterable = ()) -> Opinion:
    """A resident gives an opinion online (Art.26.1.e). Needs an account: no anonymous posting."""
    if not (getattr(user, "is_authenticated", False) and getattr(user, "is_active", False)):
        raise ValidationError(_("Cần đăng nhập để góp ý."), code="login_required")
    c = locked(consultation, "commune")
    today = clock.today()
    if not c.is_open(today):
        raise ValidationError(_("Nội dung này không còn nhận ý kiến (thời gian lấy ý kiến: %(a)s – %(b)s).")
                              % {"a": fmt(c.opens_on), "b": fmt(c.closes_on)}, code="not_open")
    if not domain.accepts_online(c.forms):
        raise ValidationError(_("Nội dung này không lấy ý kiến trực tuyến; hãy góp ý theo hình thức đã thông báo."),
                              code="online_not_offered")
    text = _clean_opinion(text=text, stance=stance)
    village = check_village(c, village)
    stored = store_files(files, actor=user, allowed=OPINION_FILE_KINDS, field="files")
    opinion = Opinion(consultation=c, channel=Channel.ONLINE, village=village, stance=stance, text=text,
                      author=user, author_name=clean_text(getattr(user, "full_name", "") or "")[:150],
                      received_on=today)
    opinion.full_clean(exclude=["attachments", "entry"])
    opinion.save()
    if stored:
        opinion.attachments.add(*stored)
    audit.record(actor=user, verb=AuditVerb.OPINION_SUBMITTED, target=opinion, unit=c.commune, data=audit_data(
        c, channel=Channel.ONLINE, stance=stance, village=getattr(village, "pk", None), files=[a.pk for a in stored]))
    return opinion


def _people(value) -> int:
    try:
        people = 1 if value is None else int(value)
        if isinstance(value, bool):
            raise ValueError
    except (TypeError, ValueError, OverflowError):
        people = 0
    if not 1 <= people <= MAX_PEOPLE:
        raise field_error("people_count", _("Số người cùng ý kiến phải từ 1 đến %(n)d.") % {"n": MAX_PEOPLE},
                          "invalid_people_count")
    return people


@service(AuditVerb.OPINION_RECORDED)
def opinion_record(*, consultation: Consultation, actor, channel: str, text: str, stance: str = domain.Stance.OTHER,
                   village=None, people_count: int = 1, author_name: str = "", author_contact: str = "",
                   received_on: date | None = None, source_note: str = "", files: Iterable = ()) -> Opinion:
    """An official enters an opinion received at a meeting, on the hotline, in a comment box, by letter… The
    author's identity is optional (a call or a box may be anonymous) and is never published."""
    c = locked(consultation, "commune")
    if c.state not in domain.STAFF_ENTRY_STATES:
        raise ValidationError(_("Chỉ nhập ý kiến khi đã công khai nội dung và chưa công khai kết quả tổng hợp."),
                              code="not_accepting")
    if channel not in domain.STAFF_CHANNELS:
        raise field_error("channel", _("Kênh tiếp nhận không hợp lệ."), "invalid_channel")
    text = _clean_opinion(text=text, stance=stance)
    village = check_village(c, village)
    people_count = _people(people_count)
    today = clock.today()
    received_on = received_on or today
    check_day(received_on, "received_on", today=today, future=_("Ngày nhận không thể sau ngày hôm nay."),
              earliest=c.opens_on, code="before_opening",
              too_early=_("Ngày nhận không thể trước ngày công khai nội dung (%(d)s)."))
    stored = store_files(files, actor=actor, allowed=OPINION_FILE_KINDS, field="files")
    opinion = Opinion(consultation=c, channel=channel, village=village, stance=stance, text=text,
                      people_count=people_count,
                      author_name=clean_field(author_name, "author_name", required=False, max_length=150),
                      author_contact=clean_field(author_contact, "author_contact", required=False, max_length=300),
                      received_on=received_on,
                      source_note=clean_field(source_note, "source_note", required=False, max_length=300),
                      entered_by=actor if getattr(actor, "is_authenticated", False) else None)
    opinion.full_clean(exclude=["attachments", "entry"])
    opinion.save()
    if stored:
        opinion.attachments.add(*stored)
    audit.record(actor=actor, verb=AuditVerb.OPINION_RECORDED, target=opinion, unit=c.commune, data=audit_data(
        c, channel=channel, stance=stance, people_count=people_count, village=getattr(village, "pk", None),
        received_on=received_on, late=bool(received_on > c.closes_on), files=[a.pk for a in stored]))
    return opinion
