"""Extensions of a denunciation counted from the statutory base (Luật Tố cáo Art.30; BLDS Art.147–148).

Until now each extension was added to a due date already rolled forward past a non-working day, so a case accepted
on 05/11/2026 and extended twice came due on 11/02/2027, 98 days after acceptance. This migration
- fills `extension_days` with the days of the extension decisions of the case file (CaseDocument "extension");
- counts the resolution deadline of every extended denunciation again, once from its acceptance: the resolution
  period of the rules the case keeps plus the extension days, moved past a non-working day only at its end. An
  open case (EXTENDED) gets the new date as the deadline of its current step too. A deadline only ever moves
  earlier (the old count could only be later); the decisions already issued keep their text.
"""

from datetime import timedelta

from django.db import migrations


def _calendar(apps, years):
    from danchu.core.calendar import calendar_from_holidays

    Override = apps.get_model("core", "CalendarOverride")
    rows = Override.objects.filter(date__year__in=years).values_list("date", "kind", "name")
    return calendar_from_holidays(years, overrides=list(rows))


def count_from_acceptance(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    CaseDocument = apps.get_model("cases", "CaseDocument")
    calendars = {}
    for case in Case.objects.filter(kind="denunciation", extensions__gt=0).order_by("pk"):
        days = 0
        for body in CaseDocument.objects.filter(case=case, kind="extension").values_list("body", flat=True):
            value = (body or {}).get("days")
            days += value if isinstance(value, int) and not isinstance(value, bool) else 0
        case.extension_days = days
        fields = ["extension_days"]
        resolve = ((case.rules_snapshot or {}).get("periods") or {}).get("denunciation.resolve") or [30, "D"]
        if case.accepted_on and days and resolve[1] == "D":
            last = case.accepted_on + timedelta(days=int(resolve[0]) + days)
            years = tuple(range(last.year - 1, last.year + 2))
            if years not in calendars:
                calendars[years] = _calendar(apps, years)
            due = calendars[years].roll_forward(last)
            if case.resolve_due_on != due:
                if case.state == "extended" and case.due_on == case.resolve_due_on:
                    case.due_on = due
                    fields.append("due_on")
                case.resolve_due_on = due
                fields.append("resolve_due_on")
        case.save(update_fields=fields)


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0007_case_extension_days"),
        ("core", "0002_reminder"),
    ]

    operations = [
        migrations.RunPython(count_from_acceptance, migrations.RunPython.noop),
    ]
