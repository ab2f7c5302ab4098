"""Register services: every write is validated, audited and keeps its history."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from danchu.core.models import AuditEvent
from danchu.units import services
from danchu.units.domain import Kind
from danchu.units.models import Household, UnitLineage


def _last_verb():
    return AuditEvent.objects.order_by("-seq").first().verb


@pytest.mark.django_db
def test_it_creates_a_village_with_a_code_under_the_commune(tree, personas):
    village = services.village_create(commune=tree.commune_a, kind=Kind.KHU_VUC, name="Khu vực 3",
                                      actor=personas["official_a"])
    assert village.code == "31120-03" and village.parent == tree.commune_a and village.path.startswith(tree.commune_a.path)
    assert _last_verb() == "units.village.created"


@pytest.mark.django_db
def test_it_refuses_a_duplicate_village_name_whatever_the_diacritics(tree, personas):
    with pytest.raises(ValidationError) as exc:
        services.village_create(commune=tree.commune_a, kind=Kind.KHU_VUC, name="khu vuc 1", actor=None)
    assert "đã có" in str(exc.value)


@pytest.mark.django_db
def test_it_refuses_a_village_under_a_village(tree):
    with pytest.raises(ValidationError):
        services.village_create(commune=tree.village_a1, kind=Kind.AP, name="Ấp con", actor=None)


@pytest.mark.django_db
def test_it_renames_a_village_and_audits_old_and_new(tree):
    services.village_rename(village=tree.village_a2, name="Khu vực Hai", actor=None)
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.verb == "units.village.renamed"
    assert event.data["old"]["name"] == "Khu vực 2" and event.data["new"]["name"] == "Khu vực Hai"


@pytest.mark.django_db
def test_merging_villages_moves_households_and_keeps_the_history(tree):
    services.village_merge(sources=[tree.village_a1], target=tree.village_a2, on=date(2026, 1, 1), actor=None,
                           legal_basis="Nghị quyết HĐND phường số 12/NQ-HĐND")
    tree.village_a1.refresh_from_db()
    household = Household.objects.get(pk=tree.household_a1.pk)
    assert tree.village_a1.valid_to == date(2025, 12, 31)
    assert household.village == tree.village_a2
    assert [(r.village_id, r.start, r.end) for r in household.residences.order_by("start")] == [
        (tree.village_a1.pk, date(2025, 7, 1), date(2025, 12, 31)), (tree.village_a2.pk, date(2026, 1, 1), None)]
    assert UnitLineage.objects.filter(predecessor=tree.village_a1, successor=tree.village_a2).exists()
    assert services.household_count_on(tree.village_a1, date(2025, 12, 31)) == 1
    assert services.household_count_on(tree.village_a1, date(2026, 1, 1)) == 0
    assert services.household_count_on(tree.village_a2, date(2026, 1, 1)) == 1


@pytest.mark.django_db
def test_merging_refuses_villages_of_another_commune(tree):
    with pytest.raises(ValidationError):
        services.village_merge(sources=[tree.village_b1], target=tree.village_a2, on=date(2026, 1, 1), actor=None)


@pytest.mark.django_db
@pytest.mark.parametrize(("on", "code"), [(date(2000, 1, 1), "merge_before_creation"),
                                          (date(2025, 7, 1), "merge_before_creation"),
                                          (date(2099, 1, 1), "merge_too_far")])
def test_a_merge_dated_before_the_villages_or_far_ahead_is_refused(tree, on, code):
    with pytest.raises(ValidationError) as exc:
        services.village_merge(sources=[tree.village_a1], target=tree.village_a2, on=on, actor=None)
    assert [e.code for errs in exc.value.error_dict.values() for e in errs] == [code]
    tree.village_a1.refresh_from_db()
    assert tree.village_a1.valid_to is None and Household.objects.get(pk=tree.household_a1.pk).village == tree.village_a1


@pytest.mark.django_db
def test_household_count_follows_the_date(tree):
    services.household_create(village=tree.village_a1, actor=None, code="A1-002", representative_name="Lê Văn Tám",
                              established_on=date(2026, 3, 1))
    assert services.household_count_on(tree.village_a1, date(2026, 2, 28)) == 1
    assert services.household_count_on(tree.village_a1, date(2026, 3, 1)) == 2
    services.household_dissolve(household=tree.household_a1, on=date(2026, 5, 31), actor=None)
    assert services.household_count_on(tree.village_a1, date(2026, 5, 31)) == 2  # the last day still counts
    assert services.household_count_on(tree.village_a1, date(2026, 6, 1)) == 1


@pytest.mark.django_db
def test_moving_a_household_keeps_one_open_residence(tree):
    services.household_move(household=tree.household_a1, village=tree.village_a2, on=date(2026, 2, 1), actor=None)
    residences = list(tree.household_a1.residences.order_by("start"))
    assert [r.end for r in residences] == [date(2026, 1, 31), None]
    with pytest.raises(ValidationError):
        services.household_move(household=tree.household_a1, village=tree.village_a2, on=date(2026, 3, 1), actor=None)


@pytest.mark.django_db
def test_a_new_representative_is_recorded_in_the_member_history(tree):
    services.household_update(household=tree.household_a1, actor=None, on=date(2026, 4, 1),
                              representative_name="Nguyễn Thị Ánh Tuyết")
    members = {m.full_name: m for m in tree.household_a1.members.all()}
    assert members["Nguyễn Văn An"].end == date(2026, 3, 31) and not members["Nguyễn Văn An"].is_representative
    assert members["Nguyễn Thị Ánh Tuyết"].is_representative and members["Nguyễn Thị Ánh Tuyết"].start == date(2026, 4, 1)
    assert _last_verb() == "units.household.updated"


@pytest.mark.django_db
def test_household_codes_are_unique_within_the_commune(tree):
    with pytest.raises(ValidationError) as exc:
        services.household_create(village=tree.village_a2, actor=None, code="A1-001", representative_name="Lê Văn Tám")
    assert exc.value.error_dict["code"][0].code == "duplicate_code"
    services.household_create(village=tree.village_b1, actor=None, code="A1-001", representative_name="Lê Văn Tám")


def _csv(rows, header="Mã hộ,Họ và tên đại diện hộ,Thôn,Địa chỉ,Điện thoại,Số nhân khẩu") -> bytes:
    return ("\ufeff" + "\n".join([header, *rows]) + "\n").encode()


@pytest.mark.django_db
def test_it_imports_households_and_updates_existing_ones(tree, personas):
    data = _csv(["A1-001,Nguyễn Văn An,Khu vực 1,Số 99 Mậu Thân,0911111111,5",
                 "A2-010,Phạm Thị Cúc,khu vuc 2,,,3",
                 "A2-011,Trương Văn Đức,KV 2,,,2"], )
    result = services.households_import(commune=tree.commune_a, data=data, filename="ho.csv", actor=personas["official_a"])
    assert not result.ok and "KV 2" in result.errors[0]  # unknown village name: nothing saved
    assert not Household.objects.filter(code="A2-010").exists()
    data = data.replace(b"KV 2", "Khu vực 2".encode())
    result = services.households_import(commune=tree.commune_a, data=data, filename="ho.csv", actor=personas["official_a"])
    assert result.ok, result.errors
    assert (result.created, result.updated, result.unchanged) == (2, 1, 0)
    assert Household.objects.get(code="A1-001").address == "Số 99 Mậu Thân"
    assert Household.objects.get(code="A2-010").village == tree.village_a2
    assert _last_verb() == "units.household.imported"
    again = services.households_import(commune=tree.commune_a, data=data, filename="ho.csv", actor=None)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


@pytest.mark.django_db
def test_it_imports_a_tcvn3_file_as_unicode(tree):
    from danchu.core.legacy_encodings import encode_legacy

    text = "Mã hộ,Họ và tên đại diện hộ,Thôn\nA2-020,Nguyễn Thị Ánh Tuyết,Khu vực 2\nA2-021,Trần Văn Đức,Khu vực 2\n"
    data = encode_legacy(text, "tcvn3").encode("cp1252")
    result = services.households_import(commune=tree.commune_a, data=data, filename="ho.csv", actor=None)
    assert result.ok, result.errors
    assert result.converted_from == "tcvn3"
    assert Household.objects.get(code="A2-021").representative_name == "Trần Văn Đức"


@pytest.mark.django_db
def test_a_bad_row_rolls_the_whole_import_back(tree):
    data = _csv(["A2-030,Lê Văn Một,Khu vực 2,,,2", "A2-031,Lê Văn Hai,Khu vực 2,,,nhiều"])
    result = services.households_import(commune=tree.commune_a, data=data, filename="ho.csv", actor=None)
    assert result.errors == ["Dòng 3: số nhân khẩu “nhiều” không hợp lệ."]
    assert not Household.objects.filter(code__in=["A2-030", "A2-031"]).exists()


@pytest.mark.django_db
def test_import_reports_missing_columns_and_unreadable_files(tree):
    result = services.households_import(commune=tree.commune_a, data=b"Ten,Tuoi\nAn,3\n", filename="x.csv", actor=None)
    assert "Thiếu cột bắt buộc" in result.errors[0]
    result = services.households_import(commune=tree.commune_a, data=b"MZ\x90\x00\x03\x00" * 50, filename="x.xlsx",
                                        actor=None)
    assert result.errors and not result.ok


@pytest.mark.django_db
def test_a_village_head_imports_only_into_their_own_village(tree):
    data = _csv(["A2-040,Lê Văn Ba,Khu vực 2,,,2"])
    result = services.households_import(commune=tree.commune_a, data=data, filename="ho.csv", actor=None,
                                        allowed_villages={tree.village_a1.pk})
    assert "không có quyền" in result.errors[0]


@pytest.mark.django_db
def test_a_village_head_cannot_pull_a_household_of_another_village_by_its_code(tree):
    data = _csv(["A1-001,Nguyễn Văn An,Khu vực 2,Số 1 đường Mậu Thân,0911111111,3"])  # A1-001 lives in Khu vực 1
    result = services.households_import(commune=tree.commune_a, data=data, filename="ho.csv", actor=None,
                                        allowed_villages={tree.village_a2.pk}, on=date(2026, 2, 1))
    assert "không có quyền quản lý hộ này" in result.errors[0] and not result.ok
    household = Household.objects.get(code="A1-001")
    assert household.village == tree.village_a1 and household.member_count != 3


@pytest.mark.django_db
def test_an_import_that_only_moves_a_household_counts_it_as_updated(tree):
    data = _csv(["A1-001,Nguyễn Văn An,Khu vực 2,Số 1 đường Mậu Thân,0911111111,1"])
    result = services.households_import(commune=tree.commune_a, data=data, filename="ho.csv", actor=None,
                                        on=date(2026, 2, 1))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 0), result.errors
    assert Household.objects.get(code="A1-001").village == tree.village_a2


@pytest.mark.django_db
@pytest.mark.parametrize("changes", [{"established_on": date(2030, 1, 1), "dissolved_on": date(2020, 1, 1)},
                                     {"dissolved_on": date(1800, 1, 1)}, {"established_on": date(2999, 1, 1)}])
def test_impossible_organisation_dates_are_refused(tree, changes):
    with pytest.raises(ValidationError):
        services.organisation_update(organisation=tree.org_a, actor=None, **changes)
    tree.org_a.refresh_from_db()
    assert tree.org_a.dissolved_on is None


@pytest.mark.django_db
@pytest.mark.parametrize(("field", "value"), [("established_on", date(1, 1, 1)), ("established_on", date(2999, 1, 1)),
                                              ("phone", "abc"), ("phone", "12")])
def test_impossible_household_values_are_refused(tree, field, value):
    values = {"code": "A1-099", "representative_name": "Lê Văn Sai", field: value}
    with pytest.raises(ValidationError) as exc:
        services.household_create(village=tree.village_a1, actor=None, **values)
    assert field in exc.value.error_dict
    assert not Household.objects.filter(code="A1-099").exists()


@pytest.mark.django_db
def test_a_member_cannot_join_before_the_household_existed(tree):
    with pytest.raises(ValidationError):
        services.household_member_add(household=tree.household_a1, full_name="Nguyễn Văn Sớm", actor=None,
                                      start=date(1990, 1, 1))
