"""Feedback's reminder policy in the shared sweep (core.reminders), the upgrade from its own reminder table, and
its own daily job (closing answered feedback), which is not a reminder."""

from datetime import date

import pytest
import time_machine

from danchu.core import reminders
from danchu.core.models import Notification, Reminder
from danchu.feedback.reminders import POLICY

from .conftest import at


def test_the_policy_is_run_by_the_daily_sweep_with_its_declared_verbs():
    from danchu.core.verbs import declared_verbs

    assert reminders.policy_named("feedback") is POLICY
    assert POLICY.verbs() == {"feedback.feedback.reminded_due_soon", "feedback.feedback.reminded_overdue",
                              "feedback.feedback.escalated"}
    assert POLICY.verbs() <= declared_verbs()


@pytest.mark.django_db
def test_the_daily_job_closes_answered_feedback_after_the_window(monday, submit, personas):
    from danchu.feedback import services
    from danchu.feedback.tasks import close_answered_feedback

    feedback = submit()
    services.feedback_answer(feedback=feedback, answer="Đã vá.", actor=personas["official_a"])
    monday.move_to(at(2026, 12, 18, 7, 10))
    assert close_answered_feedback.call_local() == 1
    feedback.refresh_from_db()
    assert feedback.state == "closed"


@pytest.mark.django_db(transaction=True)
def test_reminders_sent_before_the_upgrade_are_not_sent_again(places, category, personas):
    """Migration 0004 copies the rows of the old FeedbackReminder into core.Reminder, then drops the table."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before, after = [("feedback", "0003_commune_received_index")], [("feedback", "0004_procedure_and_core_reminders")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps
        feedback = old.get_model("feedback", "Feedback").objects.create(
            tracking_code="PA-ABCDEFGH23", commune_id=places.commune_a.pk, category_id=category.pk,
            description="Ổ gà lớn trên đường Mậu Thân.", state="received", received_at=at(2026, 12, 7, 9, 0),
            received_on=date(2026, 12, 7), answer_days=7, due_on=date(2026, 12, 16), created=at(2026, 12, 7, 9, 0),
            modified=at(2026, 12, 7, 9, 0))
        Old = old.get_model("feedback", "FeedbackReminder")
        for kind in ("overdue", "escalated"):
            Old.objects.create(feedback=feedback, kind=kind, due_on=date(2026, 12, 16), sent_at=at(2026, 12, 21, 7, 10))
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(after)
    assert set(Reminder.objects.values_list("policy", "target_type", "target_id", "kind", "due_on")) == {
        ("feedback", "feedback.feedback", feedback.pk, "overdue", date(2026, 12, 16)),
        ("feedback", "feedback.feedback", feedback.pk, "escalated", date(2026, 12, 16))}
    with time_machine.travel(at(2026, 12, 22, 7, 0), tick=False):
        assert reminders.run_policy(POLICY) == 0  # overdue and escalated before the upgrade: nothing again
    assert not Notification.objects.exists()


def test_the_closing_command_explains_a_bad_date():
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("close_answered_feedback", "--date", "hôm nay")
