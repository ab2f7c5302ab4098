"""The reminders already sent become rows of core.Reminder (policy "cases"), so that nothing is sent twice after
the upgrade: each CaseReminder (case, kind, due date), and each reception-book line's `reminded_for` (the reply
deadline it was reminded of, kind "overdue"). Reversible: the rows are copied back."""

from django.db import migrations
from django.utils import timezone

POLICY = "cases"
CASE, ENTRY = "cases.case", "cases.receptionentry"


def into_core(apps, schema_editor):
    Reminder = apps.get_model("core", "Reminder")
    CaseReminder = apps.get_model("cases", "CaseReminder")
    ReceptionEntry = apps.get_model("cases", "ReceptionEntry")
    rows = [Reminder(policy=POLICY, target_type=CASE, target_id=r.case_id, kind=r.kind, due_on=r.due_on,
                     sent_at=r.sent_at) for r in CaseReminder.objects.order_by("pk").iterator()]
    rows += [Reminder(policy=POLICY, target_type=ENTRY, target_id=pk, kind="overdue", due_on=day,
                      sent_at=modified or timezone.now())
             for pk, day, modified in ReceptionEntry.objects.filter(reminded_for__isnull=False)
             .values_list("pk", "reminded_for", "modified").iterator()]
    Reminder.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)


def back_from_core(apps, schema_editor):
    Reminder = apps.get_model("core", "Reminder")
    CaseReminder = apps.get_model("cases", "CaseReminder")
    Case = apps.get_model("cases", "Case")
    ReceptionEntry = apps.get_model("cases", "ReceptionEntry")
    cases = set(Case.objects.values_list("pk", flat=True))
    CaseReminder.objects.bulk_create(
        [CaseReminder(case_id=r.target_id, kind=r.kind, due_on=r.due_on, sent_at=r.sent_at)
         for r in Reminder.objects.filter(target_type=CASE).iterator() if r.target_id in cases],
        batch_size=500, ignore_conflicts=True)
    for r in Reminder.objects.filter(target_type=ENTRY, kind="overdue").order_by("due_on").iterator():
        ReceptionEntry.objects.filter(pk=r.target_id).update(reminded_for=r.due_on)
    Reminder.objects.filter(policy=POLICY).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0004_case_procedure"),
        ("core", "0002_reminder"),
    ]

    operations = [
        migrations.RunPython(into_core, back_from_core),
    ]
