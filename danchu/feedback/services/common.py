"""What every write of feedback shares: the history, the audit facts, who is told and how."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils.translation import gettext as _

from danchu.core import clock
from danchu.core.errors import field_error
from danchu.core.notify import notify
from danchu.units.domain import ROLE_CAPABILITIES, Capability, Level

from ..domain import NotifyChannel, State
from ..models import Feedback, FeedbackEvent


def reopen_days() -> int:
    """Calendar days after the answer during which the reporter may reopen (a setting; not set by law)."""
    return settings.DANCHU_FEEDBACK_REOPEN_DAYS


def fmt(d: date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else "—"


def facts(feedback: Feedback, **data) -> dict:
    """What every audit row of a feedback records: its state and due date after the step, and the step's data."""
    return {"state": feedback.state, "due_on": feedback.due_on, **data}


def event(feedback: Feedback, *, actor, kind: str = FeedbackEvent.Kind.STATE, note: str = "",
          internal_note: str = "", from_unit=None, to_unit=None) -> FeedbackEvent:
    """One step of the history: `note` is public (tracking page, Open311), `internal_note` for staff only."""
    return FeedbackEvent.objects.create(
        feedback=feedback, kind=kind, state=feedback.state, note=note, internal_note=internal_note,
        from_unit=from_unit, to_unit=to_unit,
        actor=actor if getattr(actor, "is_authenticated", False) else None, created=clock.now())


def tracking_path() -> str:
    return reverse("feedback:track")


def notify_reporter(feedback: Feedback, *, subject: str, body: str, actor) -> None:
    """On the channel the reporter chose (SMS, Zalo, e-mail) and in-app when they have an account."""
    site = settings.DANCHU_SITE_URL
    url = f"{site}{tracking_path()}" if site else tracking_path()
    body = body + "\n" + _("Mã tra cứu: %(code)s.") % {"code": feedback.tracking_code}
    channel = feedback.notify_channel
    if channel in (NotifyChannel.SMS, NotifyChannel.ZALO) and feedback.phone:
        notify(channel=channel, subject=subject, body=body, address=feedback.phone, url=url, actor=actor)
    elif channel == NotifyChannel.EMAIL and feedback.email:
        notify(channel="email", subject=subject, body=body, address=feedback.email, url=url, actor=actor)
    if feedback.user_id:
        notify(channel="in_app", subject=subject, body=body, recipient=feedback.user, url=tracking_path(),
               actor=actor)


def notify_all_reporters(feedback: Feedback, *, subject: str, body: str, actor) -> None:
    """The reporter and the reporters of every feedback merged into this one (FixMyStreet keeps them informed)."""
    notify_reporter(feedback, subject=subject, body=body, actor=actor)
    for dup in feedback.duplicates.filter(state=State.DUPLICATE):
        notify_reporter(dup, subject=subject, body=body, actor=actor)


def handlers_of(commune, on: date, capability: str = Capability.HANDLE_FEEDBACK) -> list:
    """Active users holding a position whose role has `capability` in the commune or a unit above it."""
    from danchu.accounts.models import User
    from danchu.units.models import AdministrativeUnit, Appointment

    key = f"feedback:handlers:{commune.pk}:{capability}:{on.isoformat()}"
    user_ids = cache.get(key)  # appointments change rarely: a minute of staleness is fine for notifications
    if user_ids is None:
        roles = [r for r, caps in ROLE_CAPABILITIES.items() if capability in caps and r]
        ancestor_ids = [int(p) for p in commune.path.strip("/").split("/") if p.isdigit()]
        units = AdministrativeUnit.objects.filter(pk__in=ancestor_ids)
        user_ids = sorted(set(Appointment.objects.active_on(on).filter(
            position__role__in=roles, user__isnull=False, position__organisation__unit__in=units,
            position__organisation__dissolved_on__isnull=True).values_list("user_id", flat=True)))
        cache.set(key, user_ids, 60)
    return list(User.objects.filter(pk__in=user_ids, is_active=True).order_by("full_name", "pk"))


def notify_handlers(feedback: Feedback, *, subject: str, body: str, actor) -> list:
    """In-app, to the assignee or else to every handler of the commune (not to the actor); returns who was told."""
    url = reverse("feedback:staff-detail", args=[feedback.pk])
    recipients = [feedback.assignee] if feedback.assignee_id and feedback.assignee.is_active else \
        handlers_of(feedback.commune, clock.today())
    told = [user for user in recipients if user.pk != getattr(actor, "pk", None)]
    for user in told:
        notify(channel="in_app", recipient=user, subject=subject, body=body, url=url, actor=actor)
    return told


def check_commune(commune) -> None:
    if commune is None or commune.level != Level.COMMUNE or commune.valid_to is not None:
        raise field_error("commune", _("Hãy chọn một xã, phường đang hoạt động."), "not_a_commune")
