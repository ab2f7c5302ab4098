"""core.reminders: one table, one sweep, a policy per app; nothing is sent twice."""

from datetime import date

import pytest
from django.core.management import call_command
from django.test import override_settings

from danchu.core import reminders
from danchu.core.models import AuditEvent, Reminder
from danchu.core.reminders import Due, ReminderPolicy


class VillagePolicy(ReminderPolicy):
    """A test policy: every village with a note is "due" on 10/11/2026; the note names who is told."""

    name = "test-villages"
    kinds = {"due_soon": "Sắp đến hạn", "overdue": "Quá hạn"}
    targets = ("units.administrativeunit",)
    sent: list = []
    fail_for: str = ""

    def due(self, today, cal):
        from danchu.units.models import AdministrativeUnit

        for village in AdministrativeUnit.objects.exclude(note="").order_by("pk"):
            kind = "overdue" if today > date(2026, 11, 10) else "due_soon"
            yield Due(village, kind, date(2026, 11, 10))

    def send(self, item, *, today, cal):
        if item.obj.note == self.fail_for:
            raise RuntimeError("gateway down")
        self.sent.append((item.obj.pk, item.kind))
        return [item.obj.note]


POLICY = VillagePolicy()
PATHS = ["danchu.core.tests.test_reminders.POLICY"]


@pytest.fixture
def villages(tree):
    POLICY.sent.clear()
    POLICY.fail_for = ""
    for village, note in ((tree.village_a1, "trưởng khu vực 1"), (tree.village_b1, "trưởng khu vực B1")):
        village.note = note
        village.save()
    return tree


@pytest.mark.django_db
@override_settings(DANCHU_REMINDER_POLICIES=PATHS)
def test_each_reminder_is_sent_once_with_its_audit_row(villages):
    assert reminders.run(today=date(2026, 11, 9)) == {"test-villages": 2}
    assert reminders.run(today=date(2026, 11, 9)) == {"test-villages": 0}
    assert len(POLICY.sent) == 2
    row = Reminder.objects.get(target_id=villages.village_a1.pk, kind="due_soon")
    assert row.policy == "test-villages" and row.target_type == "units.administrativeunit" and row.recipients == 1
    event = AuditEvent.objects.get(verb="units.administrativeunit.reminded_due_soon", target_id=villages.village_a1.pk)
    assert event.unit_id == villages.village_a1.pk and event.data["recipients"] == ["trưởng khu vực 1"]
    # the day after the deadline: a new kind, sent once more
    assert reminders.run(today=date(2026, 11, 11)) == {"test-villages": 2}
    assert reminders.run(today=date(2026, 11, 12)) == {"test-villages": 0}


@pytest.mark.django_db
@override_settings(DANCHU_REMINDER_POLICIES=PATHS)
def test_a_failure_is_rolled_back_and_retried_without_stopping_the_others(villages):
    POLICY.fail_for = "trưởng khu vực 1"
    assert reminders.run(today=date(2026, 11, 9)) == {"test-villages": 1}
    assert not Reminder.objects.filter(target_id=villages.village_a1.pk).exists()
    POLICY.fail_for = ""
    assert reminders.run(today=date(2026, 11, 9)) == {"test-villages": 1}
    assert Reminder.objects.filter(target_id=villages.village_a1.pk).exists()


@pytest.mark.django_db
@override_settings(DANCHU_REMINDER_POLICIES=PATHS)
def test_the_command_runs_one_policy_or_all_and_refuses_unknown_names(villages, capsys):
    from django.core.management.base import CommandError

    call_command("send_reminders", "--list")
    assert "test-villages: Sắp đến hạn, Quá hạn" in capsys.readouterr().out
    call_command("send_reminders", "--date", "2026-11-09", "--policy", "test-villages")
    assert "test-villages: đã gửi 2 lời nhắc" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("send_reminders", "--policy", "nope")
    with pytest.raises(CommandError):
        call_command("send_reminders", "--date", "09/11/2026")


def test_every_configured_policy_has_a_name_kinds_and_declared_verbs():
    from danchu.core.verbs import declared_verbs

    names = [p.name for p in reminders.policies()]
    assert len(names) == len(set(names))
    for policy in reminders.policies():
        assert policy.name and policy.kinds and policy.targets
        assert policy.verbs() <= declared_verbs(), f"declare in verbs.py: {policy.verbs() - declared_verbs()}"
