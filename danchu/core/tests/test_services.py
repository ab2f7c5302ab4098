"""core.services: the write decorator (atomic, Vietnamese, refusals audited) and the row lock."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from danchu.core import audit
from danchu.core.errors import field_error
from danchu.core.models import AuditEvent
from danchu.core.services import PRIVATE_INPUTS, locked, service, summary


@service("core.unit.renamed")
def rename(*, unit, name, actor, fail=False):
    unit.note = name
    unit.save(update_fields=["note"])
    audit.record(actor=actor, verb="core.unit.renamed", target=unit, unit=unit)
    if fail:
        raise field_error("name", _("Trường này là bắt buộc."), "required")
    return translation.get_language()


@pytest.mark.django_db
def test_a_write_runs_in_vietnamese_and_audits_in_its_transaction(tree):
    with translation.override("en"):
        assert rename(unit=tree.village_a1, name="Ghi chú", actor="system") == "vi"
    assert AuditEvent.objects.filter(verb="core.unit.renamed").count() == 1


@pytest.mark.django_db
def test_a_refused_write_changes_nothing_and_is_audited_as_rejected(tree):
    with pytest.raises(ValidationError) as caught:
        rename(unit=tree.village_a1, name="Bí mật", actor="system", fail=True)
    assert caught.value.error_dict["name"][0].code == "required"
    tree.village_a1.refresh_from_db()
    assert tree.village_a1.note == ""
    assert not AuditEvent.objects.filter(verb="core.unit.renamed").exists()
    rejected = AuditEvent.objects.get(verb="core.unit.renamed.rejected")
    assert rejected.target_id == str(tree.village_a1.pk) and rejected.unit_id == tree.village_a1.pk
    assert rejected.data["codes"] == ["required"]
    assert rejected.data["input"]["unit"] == tree.village_a1.pk
    assert rejected.data["input"]["name"] == "…"  # free text and personal data are never copied
    assert rejected.data["input"]["fail"] is True
    assert "actor" not in rejected.data["input"]


@service("core.unit.renamed", private=("aliases",))
def rename_with_aliases(*, unit, aliases, actor):
    raise field_error("aliases", _("Trường này là bắt buộc."), "required")


@pytest.mark.django_db
def test_a_service_names_further_private_inputs_that_a_rejection_never_copies(tree):
    with pytest.raises(ValidationError):
        rename_with_aliases(unit=tree.village_a1, aliases=[{"name": "Nguyễn Văn Bí Mật"}], actor="system")
    rejected = AuditEvent.objects.get(verb="core.unit.renamed.rejected")
    assert rejected.data["input"] == {"unit": tree.village_a1.pk, "aliases": "…"}
    assert "Bí Mật" not in str(rejected.data)
    assert rename_with_aliases.private == frozenset({"aliases"}) and rename.private == frozenset()


def test_services_take_keyword_arguments_only():
    with pytest.raises(TypeError):
        rename(None, name="x", actor=None)


def test_summaries_are_bounded_and_json_safe():
    from datetime import date
    from decimal import Decimal

    assert summary("x" * 500) == "x" * 100
    assert summary([1] * 60)[-1] == "…" and len(summary([1] * 60)) == 51
    assert summary({"a": {"b": {"c": 1}}}) == {"a": {"b": "…"}}
    assert summary(date(2026, 1, 2)) == "2026-01-02"
    assert summary(Decimal("1.50")) == "1.50"
    assert {"actor", "phone", "id_number", "content", "text"} <= PRIVATE_INPUTS


@pytest.mark.django_db
def test_locked_refreshes_the_instance_in_place(tree):
    from danchu.units.models import AdministrativeUnit

    stale = tree.village_a1
    AdministrativeUnit.objects.filter(pk=stale.pk).update(note="đổi ở nơi khác")
    with transaction.atomic():
        same = locked(stale, "parent")
    assert same is stale and stale.note == "đổi ở nơi khác"
    assert stale.parent == tree.commune_a


@service("core.unit.voted", private={"option"})
def vote(*, unit, option, actor):
    raise field_error("option", _("Trường này là bắt buộc."), "required")


@pytest.mark.django_db
def test_an_input_declared_private_never_reaches_the_rejection_row(tree):
    with pytest.raises(ValidationError):
        vote(unit=tree.village_a1, option=2, actor="system")
    rejected = AuditEvent.objects.get(verb="core.unit.voted.rejected")
    assert rejected.data["input"] == {"unit": tree.village_a1.pk, "option": "…"}
