"""Task reminders move to the core reminder table (core.Reminder, policy "steering"): the day a task was last
reminded becomes the matching core row — "overdue" when it was reminded after its deadline, else "due soon" — for
its due date, so that the core sweep sends nothing a second time; then the field goes."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.db import migrations

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def copy_reminded_tasks(apps, schema_editor):
    Task = apps.get_model("steering", "Task")
    Reminder = apps.get_model("core", "Reminder")
    tasks = Task.objects.filter(last_reminded_on__isnull=False).values_list("pk", "due_on", "last_reminded_on")
    for pk, due_on, reminded_on in tasks.iterator():
        kind = "overdue" if reminded_on > due_on else "due_soon"
        Reminder.objects.get_or_create(
            target_type="steering.task", target_id=pk, kind=kind, due_on=due_on,
            defaults={"policy": "steering", "sent_at": datetime.combine(reminded_on, time(7, 10), tzinfo=VN)})


def restore_reminded_days(apps, schema_editor):
    Task = apps.get_model("steering", "Task")
    Reminder = apps.get_model("core", "Reminder")
    for target_id, sent_at in Reminder.objects.filter(target_type="steering.task").order_by("sent_at").values_list(
            "target_id", "sent_at"):
        Task.objects.filter(pk=target_id).update(last_reminded_on=sent_at.astimezone(VN).date())


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0002_reminder"),
        ("steering", "0004_assessment_head_by_council"),
    ]

    operations = [
        migrations.RunPython(copy_reminded_tasks, restore_reminded_days),
        migrations.RemoveField(model_name="task", name="last_reminded_on"),
    ]
