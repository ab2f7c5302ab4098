"""The data migrations of the kernel move: reminders already sent are not sent again, and the extensions of a
denunciation are counted again from its acceptance (Luật Tố cáo Art.30)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("cases", "0004_case_procedure")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_reminders_sent_before_the_upgrade_are_not_sent_again_and_extensions_are_recounted(tree):
    from danchu.cases import domain

    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()  # every app: leave the schema as found
    old = _migrate(BEFORE)
    try:
        Case, CaseReminder = old.get_model("cases", "Case"), old.get_model("cases", "CaseReminder")
        CaseDocument, ReceptionEntry = old.get_model("cases", "CaseDocument"), old.get_model("cases", "ReceptionEntry")
        snapshot = domain.DEFAULT_RULESET.snapshot()
        # accepted 05/11/2026, extended twice by 30 days, each added to a date already rolled forward: 11/02/2027
        case = Case.objects.create(
            unit_id=tree.commune_a.pk, kind="denunciation", code="TC-31120-2026-0001", tracking_code="ABCD-EFGH-JK",
            state="extended", summary="Tố cáo", content="Nội dung", received_on=date(2026, 11, 2),
            accepted_on=date(2026, 11, 5), resolve_due_on=date(2027, 2, 11), due_on=date(2027, 2, 11),
            complexity="especially_complex", extensions=2, rules_code=snapshot["code"], rules_snapshot=snapshot)
        for number, days in ((1, 30), (2, 30)):
            CaseDocument.objects.create(case=case, number=number, kind="extension", issued_on=date(2026, 12, number),
                                        title="Quyết định gia hạn", body={"days": days}, created=timezone.now())
        CaseReminder.objects.create(case=case, kind="escalated", due_on=date(2027, 2, 11), sent_at=timezone.now())
        entry = ReceptionEntry.objects.create(unit_id=tree.commune_a.pk, year=2026, number=1,
                                              received_on=date(2026, 3, 2), content="Nội dung",
                                              reply_due_on=date(2026, 3, 16), reminded_for=date(2026, 3, 16))
    finally:
        _migrate(latest)

    from danchu.cases.models import Case as CaseNow
    from danchu.cases.models import ReceptionEntry as EntryNow
    from danchu.cases.reminders import POLICY
    from danchu.core.models import Reminder
    from danchu.core.reminders import run_policy

    case = CaseNow.objects.get(pk=case.pk)
    assert (case.extension_days, case.resolve_due_on, case.due_on) == (60, date(2027, 2, 3), date(2027, 2, 3))
    rows = set(Reminder.objects.values_list("policy", "target_type", "target_id", "kind", "due_on"))
    assert rows == {("cases", "cases.case", case.pk, "escalated", date(2027, 2, 11)),
                    ("cases", "cases.receptionentry", entry.pk, "overdue", date(2026, 3, 16))}
    assert not hasattr(EntryNow, "reminded_for")
    # the book line reminded before the upgrade is not reminded again for the same reply deadline
    run_policy(POLICY, today=date(2026, 3, 20))
    assert Reminder.objects.filter(target_type="cases.receptionentry").count() == 1
