"""Task reminders: a core reminder policy, once "due soon" and once "overdue" per task and due date, audited; the
upgrade carries the days already reminded into the core table so that nothing is sent twice."""

from __future__ import annotations

from datetime import date

import pytest
from django.conf import settings

from danchu.core import reminders
from danchu.core.models import AuditEvent, Notification, Reminder
from danchu.steering import services
from danchu.steering.reminders import POLICY


def _plan_with_tasks(tree):
    plan = services.plan_create(unit=tree.province, issuer="BCĐ", title="KH", starts_on=date(2026, 1, 1),
                                ends_on=date(2026, 12, 31), actor=None)
    near = services.task_create(plan=plan, title="Báo cáo sơ kết", assignee_unit=tree.commune_a,
                                due_on=date(2026, 6, 5), actor=None)
    services.task_create(plan=plan, title="Việc còn xa", assignee_unit=tree.commune_a, due_on=date(2026, 9, 1),
                         actor=None)
    return plan, near


def test_the_policy_is_listed_in_the_settings():
    assert "danchu.steering.reminders.POLICY" in settings.DANCHU_REMINDER_POLICIES
    assert reminders.policy_named("steering") is POLICY


@pytest.mark.django_db
def test_reminders_go_to_the_assignee_unit_once_per_kind(tree, personas):
    plan, near = _plan_with_tasks(tree)
    assert reminders.run_policy(POLICY, today=date(2026, 6, 1)) == 0  # the plan is not issued yet
    services.plan_issue(plan=plan, actor=None)
    assert reminders.run_policy(POLICY, today=date(2026, 6, 1)) == 1  # official_a only; the far task waits
    assert reminders.run_policy(POLICY, today=date(2026, 6, 1)) == 0
    assert reminders.run_policy(POLICY, today=date(2026, 6, 2)) == 0  # "due soon" was said once
    note = Notification.objects.get()
    assert note.recipient == personas["official_a"] and "sắp đến hạn" in note.subject
    assert note.url == f"/quan-ly/chi-dao/nhiem-vu/{near.pk}/"
    assert reminders.run_policy(POLICY, today=date(2026, 6, 6)) == 1
    assert "quá hạn" in Notification.objects.latest("pk").subject
    assert reminders.run_policy(POLICY, today=date(2026, 6, 9)) == 0
    event = AuditEvent.objects.get(verb="steering.task.reminded_overdue")
    assert event.target_id == str(near.pk) and event.unit_id == tree.commune_a.pk
    assert event.data["recipients"] == [personas["official_a"].pk]
    assert set(Reminder.objects.values_list("policy", "kind")) == {("steering", "due_soon"), ("steering", "overdue")}


@pytest.mark.django_db
def test_a_done_or_cancelled_task_is_not_reminded(tree, personas):
    plan, near = _plan_with_tasks(tree)
    services.plan_issue(plan=plan, actor=None)
    services.task_cancel(task=near, reason="Không còn cần thiết", actor=None)
    assert reminders.run_policy(POLICY, today=date(2026, 6, 6)) == 0


@pytest.mark.django_db(transaction=True)
def test_the_upgrade_copies_the_days_already_reminded_so_nothing_is_sent_twice(tree, personas):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("steering", "0004_assessment_head_by_council")]
    after = [("steering", "0005_task_reminders_in_core")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps
        Plan, Task = old.get_model("steering", "Plan"), old.get_model("steering", "Task")
        plan = Plan.objects.create(unit_id=tree.province.pk, issuer="BCĐ", title="KH", starts_on=date(2026, 1, 1),
                                   ends_on=date(2026, 12, 31), state="issued")

        def task(title, reminded_on):
            return Task.objects.create(plan=plan, title=title, assignee_unit_id=tree.commune_a.pk,
                                       due_on=date(2026, 6, 5), last_reminded_on=reminded_on).pk

        soon, late, never = task("Nhắc trước hạn", date(2026, 6, 1)), task("Nhắc quá hạn", date(2026, 6, 7)), \
            task("Chưa nhắc", None)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(after)
    rows = set(Reminder.objects.values_list("target_id", "kind", "due_on", "policy"))
    assert rows == {(soon, "due_soon", date(2026, 6, 5), "steering"), (late, "overdue", date(2026, 6, 5), "steering")}
    # after the deadline: the tasks not yet told they are overdue are told, the one already told is not
    assert reminders.run_policy(POLICY, today=date(2026, 6, 8)) == 2
    sent = set(Reminder.objects.filter(kind="overdue").values_list("target_id", flat=True))
    assert sent == {soon, late, never}
    assert Reminder.objects.filter(target_id=late).count() == 1
    assert Notification.objects.count() == 2
