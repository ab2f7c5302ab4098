"""HTML registers: search, import and export, history, switcher, and bad input that never gives a 500."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from danchu.core.models import AuditEvent
from danchu.units.models import Appointment, Household


@pytest.mark.django_db
def test_household_list_searches_without_diacritics(client, tree, personas, login):
    login(client, personas["official_a"])
    html = client.get(f"/quan-ly/{tree.commune_a.pk}/ho/?q=nguyen+van+an").content.decode()
    assert "Nguyễn Văn An" in html
    html = client.get(f"/quan-ly/{tree.commune_a.pk}/ho/?q=khong+co+ai").content.decode()
    assert "Nguyễn Văn An" not in html and "Không có hộ nào." in html


@pytest.mark.django_db
def test_household_import_page_imports_a_csv(client, tree, personas, login):
    login(client, personas["official_a"])
    upload = io.BytesIO("Mã hộ;Họ và tên chủ hộ;Ấp;Số nhân khẩu\nA2-100;Võ Thị Ngọc Hân;Khu vực 2;4\n".encode())
    upload.name = "danh-sach-ho.csv"
    response = client.post(f"/quan-ly/{tree.commune_a.pk}/ho/nhap/", {"file": upload}, follow=True)
    assert "1 hộ mới" in response.content.decode()
    assert Household.objects.get(code="A2-100").representative_name == "Võ Thị Ngọc Hân"


@pytest.mark.django_db
def test_household_import_page_lists_errors_and_saves_nothing(client, tree, personas, login):
    login(client, personas["official_a"])
    upload = io.BytesIO("Mã hộ,Họ và tên đại diện hộ,Thôn\nA2-200,Lê Văn Bốn,Khu vực 9\n".encode())
    upload.name = "ho.csv"
    html = client.post(f"/quan-ly/{tree.commune_a.pk}/ho/nhap/", {"file": upload}).content.decode()
    assert "Chưa nhập được" in html and "Khu vực 9" in html
    assert not Household.objects.filter(code="A2-200").exists()


@pytest.mark.django_db
def test_household_export_is_a_readable_xlsx_and_is_audited(client, tree, personas, login):
    login(client, personas["official_a"])
    response = client.get(f"/quan-ly/{tree.commune_a.pk}/ho/xuat.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Mã hộ", "Họ và tên đại diện hộ") and rows[1][:2] == ("A1-001", "Nguyễn Văn An")
    assert len(rows) == 2  # nothing of commune B
    assert AuditEvent.objects.filter(verb="units.household.exported", actor=personas["official_a"]).exists()
    csv = client.get(f"/quan-ly/{tree.commune_a.pk}/ho/xuat.csv")
    assert csv.content.startswith("\ufeff".encode()) and "Nguyễn Văn An" in csv.content.decode("utf-8-sig")


@pytest.mark.django_db
def test_reading_a_household_is_audited(client, tree, personas, login):
    login(client, personas["city_officer"])
    client.get(f"/quan-ly/ho/{tree.household_a1.pk}/")
    event = AuditEvent.objects.get(verb="units.household.viewed")
    assert event.actor == personas["city_officer"] and event.target_id == str(tree.household_a1.pk)


@pytest.mark.django_db
def test_moving_and_dissolving_a_household_from_the_edit_page(client, tree, personas, login):
    login(client, personas["official_a"])
    url = f"/quan-ly/ho/{tree.household_a1.pk}/sua/"
    client.post(url, {"action": "move", "move-village": tree.village_a2.pk, "move-on": "2026-02-01",
                      "move-reason": "Chuyển nhà"})
    tree.household_a1.refresh_from_db()
    assert tree.household_a1.village == tree.village_a2
    client.post(url, {"action": "dissolve", "dissolve-on": "2026-03-01", "dissolve-reason": "Nhập hộ khác"})
    tree.household_a1.refresh_from_db()
    assert tree.household_a1.dissolved_on == date(2026, 3, 1)
    assert client.get(url).status_code == 302  # a dissolved household cannot be edited


@pytest.mark.django_db
def test_the_moving_date_must_follow_the_current_residence(client, tree, personas, login):
    login(client, personas["official_a"])
    html = client.post(f"/quan-ly/ho/{tree.household_a1.pk}/sua/", {
        "action": "move", "move-village": tree.village_a2.pk, "move-on": "2020-01-01"}).content.decode()
    assert "Ngày chuyển phải sau" in html


@pytest.mark.django_db
def test_an_official_records_a_position_holder_with_an_account(client, tree, personas, login):
    login(client, personas["official_a"])
    client.post(f"/quan-ly/to-chuc/{tree.org_a.pk}/", {"action": "position", "pos-title": "Công chức Địa chính",
                                                       "pos-role": "commune_official"})
    position = tree.org_a.positions.get(title="Công chức Địa chính")
    response = client.post(f"/quan-ly/to-chuc/{tree.org_a.pk}/", {
        "action": "appointment", "app-position": position.pk, "app-holder_name": "Lê Thị Thu Hà",
        "app-username": "nguoidan", "app-start": "2026-01-05", "app-decision_ref": "QĐ 15/QĐ-UBND"})
    assert response.status_code == 302
    appointment = Appointment.objects.get(position=position)
    assert appointment.user == personas["resident"] and appointment.start == date(2026, 1, 5)
    unknown = client.post(f"/quan-ly/to-chuc/{tree.org_a.pk}/", {
        "action": "appointment", "app-position": position.pk, "app-holder_name": "X", "app-username": "khong-co"})
    assert "Không tìm thấy tài khoản" in unknown.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["commune_leader", "unit_admin", "city_officer"])
def test_an_official_cannot_mint_a_wider_role(client, tree, personas, login, role):
    from danchu.units.models import Position

    login(client, personas["official_a"])
    html = client.post(f"/quan-ly/to-chuc/{tree.org_a.pk}/", {"action": "position", "pos-title": "Quản trị",
                                                              "pos-role": role}).content.decode()
    assert "không thể giao quyền" in html
    assert not Position.objects.filter(title="Quản trị").exists()


@pytest.mark.django_db
def test_an_official_cannot_appoint_themselves_and_the_api_agrees(tree, personas):
    from rest_framework.test import APIClient

    from danchu.units.models import Position

    official = personas["official_a"]
    client = APIClient()
    client.force_authenticate(official)
    position = Position.objects.create(organisation=tree.org_a, title="Công chức Tư pháp", role="commune_official")
    response = client.post("/api/v1/appointments/", {"position": position.pk, "user": official.pk,
                                                      "holder_name": official.full_name}, format="json")
    assert response.status_code == 400 and response.json()["error"]["fields"]["user"]
    response = client.post("/api/v1/positions/", {"organisation": tree.org_a.pk, "title": "Quản trị",
                                                   "role": "unit_admin"}, format="json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "role_not_grantable"
    assert not Appointment.objects.filter(position=position).exists()


@pytest.mark.django_db
def test_a_city_officer_switches_to_one_of_the_city_communes(client, tree, personas, login):
    login(client, personas["city_officer"])
    page = client.get("/").content.decode()
    assert f'<option value="{tree.commune_b.pk}"' in page  # the city's communes are in the switcher
    assert client.post("/don-vi/chon/", {"unit": tree.commune_b.pk}).status_code == 302
    page = client.get("/").content.decode()
    assert f'<option value="{tree.commune_b.pk}" selected' in page
    assert f"/quan-ly/{tree.commune_b.pk}/" in page  # the staff menu now works in Ninh Kiều


@pytest.mark.django_db
def test_office_holders_export(client, tree, personas, login):
    login(client, personas["official_a"])
    response = client.get(f"/quan-ly/{tree.commune_a.pk}/chuc-danh/?format=csv")
    text = response.content.decode("utf-8-sig")
    assert "Công chức Văn phòng – Thống kê" in text and "Ninh Kiều" not in text


@pytest.mark.django_db
def test_the_unit_switcher_only_accepts_units_in_scope(client, tree, personas, login):
    login(client, personas["official_a"])
    ok = client.post("/don-vi/chon/", {"unit": tree.village_a1.pk})
    assert ok.status_code == 302 and client.session["danchu_active_unit"] == tree.village_a1.pk
    assert client.post("/don-vi/chon/", {"unit": tree.commune_b.pk}).status_code == 403
    assert client.post("/don-vi/chon/", {"unit": "abc"}).status_code == 302


@pytest.mark.django_db
def test_the_public_unit_page_shows_where_a_unit_came_from(client, tree):
    from danchu.units.domain import Kind, Level, LineageKind
    from danchu.units.models import AdministrativeUnit, StructureVersion, UnitLineage

    old_version = StructureVersion.objects.create(code="truoc-2025", name="Trước ngày 01/07/2025",
                                                  valid_to=date(2025, 6, 30))
    old = AdministrativeUnit(version=old_version, code="31120", name="Phường An Hòa", kind=Kind.PHUONG,
                             level=Level.COMMUNE, valid_to=date(2025, 6, 30))
    old.save()
    UnitLineage.objects.create(predecessor=old, successor=tree.commune_a, kind=LineageKind.WHOLE,
                               effective_on=date(2025, 7, 1))
    html = client.get(f"/don-vi/{tree.commune_a.pk}/").content.decode()
    assert "Phường An Hòa" in html
    html = client.get(f"/don-vi/{old.pk}/").content.decode()
    assert "Nay thuộc" in html and "Phường Cái Khế" in html and "không còn hiệu lực" in html


GARBAGE = ["", "\x00", "a" * 5000, "'; DROP TABLE units_household; --", "<script>alert(1)</script>", "-1",
           "99999999999999999999", "2026-02-30", "😀" * 50]


@pytest.mark.django_db
@pytest.mark.parametrize("value", GARBAGE)
def test_bad_input_never_gives_a_server_error(client, tree, personas, login, value):
    login(client, personas["official_a"])
    a = tree.commune_a.pk
    posts = [
        (f"/quan-ly/{a}/thon/", {"kind": value, "name": value, "code": value}),
        (f"/quan-ly/{a}/ho/them/", {"village": value, "code": value, "representative_name": value,
                                    "member_count": value, "established_on": value}),
        (f"/quan-ly/ho/{tree.household_a1.pk}/sua/", {"action": "move", "move-village": value, "move-on": value}),
        (f"/quan-ly/{a}/to-chuc/", {"kind": value, "name": value, "unit": value}),
        (f"/quan-ly/{a}/thon/sap-nhap/", {"target": value, "sources": value, "on": value}),
        ("/don-vi/chon/", {"unit": value}),
        ("/accounts/dang-ky/", {"full_name": value, "phone": value, "password1": value, "password2": value}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code < 500, url
    gets = [f"/don-vi/?q={value}&level={value}&version={value}", f"/quan-ly/{a}/ho/?q={value}&village={value}&page={value}",
            f"/api/v1/units/?level={value}&parent={value}&q={value}", f"/api/v1/households/?unit={value}"]
    for url in gets:
        assert client.get(url).status_code < 500, url
    assert Household.objects.count() == 2


@pytest.mark.django_db
def test_villages_are_imported_from_a_file_and_exported(client, tree, personas, login):
    from danchu.units.models import AdministrativeUnit

    login(client, personas["official_a"])
    upload = io.BytesIO("\"Tên thôn, tổ dân phố\",Loại\nKhu vực 1,Khu vực\nBình Thường,Khu vực\nẤp Mỹ Ái,\n".encode())
    upload.name = "thon.csv"
    response = client.post(f"/quan-ly/{tree.commune_a.pk}/thon/nhap/", {"file": upload}, follow=True)
    assert "2 thôn mới, 1 thôn đã có" in response.content.decode()
    names = set(AdministrativeUnit.objects.filter(parent=tree.commune_a).values_list("name", flat=True))
    assert {"Khu vực Bình Thường", "Ấp Mỹ Ái", "Khu vực 1", "Khu vực 2"} == names
    bad = io.BytesIO("Tên,Loại\nX,Làng mạc\n".encode())
    bad.name = "thon.csv"
    html = client.post(f"/quan-ly/{tree.commune_a.pk}/thon/nhap/", {"file": bad}, follow=True).content.decode()
    assert "không hợp lệ" in html
    export = client.get(f"/quan-ly/{tree.commune_a.pk}/thon/?format=xlsx")
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert rows[0][:2] == ("Mã", "Tên thôn, tổ dân phố") and len(rows) == 5
    assert client.post(f"/quan-ly/{tree.commune_b.pk}/thon/nhap/", {"file": io.BytesIO(b"x")}).status_code == 403


@pytest.mark.django_db
def test_organisations_are_exported(client, tree, personas, login):
    login(client, personas["city_officer"])
    text = client.get(f"/quan-ly/{tree.province.pk}/to-chuc/?format=csv").content.decode("utf-8-sig")
    assert "Ủy ban nhân dân Phường Cái Khế" in text and "Ủy ban nhân dân Phường Ninh Kiều" in text


@pytest.mark.django_db
def test_the_audit_log_shows_what_happened_in_the_subtree_only(client, tree, personas, login):
    from danchu.units import services

    services.household_update(household=tree.household_a1, actor=personas["official_a"], address="Số 5")
    services.household_update(household=tree.household_b1, actor=personas["official_b"], address="Số 6")
    login(client, personas["city_officer"])
    html = client.get(f"/quan-ly/{tree.commune_a.pk}/nhat-ky/?verb=units.household").content.decode()
    assert "canbo.a" in html and "canbo.b" not in html


@pytest.mark.django_db
def test_members_join_and_leave_a_household(client, tree, personas, login):
    login(client, personas["village_head"])
    url = f"/quan-ly/ho/{tree.household_a1.pk}/sua/"
    client.post(url, {"action": "member", "member-full_name": "Nguyễn Thị Bé", "member-relation": "con",
                      "member-birth_year": "2015", "member-start": "2026-01-10"})
    member = tree.household_a1.members.get(full_name="Nguyễn Thị Bé")
    assert member.relation == "con" and member.birth_year == 2015
    client.post(url, {"action": "leave", "leave-member": member.pk, "leave-end": "2026-09-01",
                      "leave-reason": "Đi học xa"})
    member.refresh_from_db()
    assert member.end == date(2026, 9, 1)
    representative = tree.household_a1.members.get(is_representative=True)
    html = client.post(url, {"action": "leave", "leave-member": representative.pk, "leave-end": "2026-09-01"})
    assert html.status_code == 200  # the representative is not offered: the choice is invalid
    representative.refresh_from_db()
    assert representative.end is None
    assert AuditEvent.objects.filter(verb="units.household_member.ended").count() == 1


@pytest.mark.django_db
def test_an_official_edits_an_organisation_and_ends_a_term(client, tree, personas, login):
    login(client, personas["official_a"])
    url = f"/quan-ly/to-chuc/{tree.org_a.pk}/"
    client.post(url, {"action": "edit", "org-kind": "ubnd", "org-name": "UBND Phường Cái Khế (kiện toàn)",
                      "org-decision_ref": "QĐ 01/QĐ-UBND", "org-established_on": "2025-07-01"})
    tree.org_a.refresh_from_db()
    assert tree.org_a.name == "UBND Phường Cái Khế (kiện toàn)" and tree.org_a.decision_ref == "QĐ 01/QĐ-UBND"
    term = Appointment.objects.get(position__organisation=tree.org_a, user=personas["official_a"])
    client.post(url, {"action": "end", "end-appointment": term.pk, "end-end": "2026-12-31"})
    term.refresh_from_db()
    assert term.end == date(2026, 12, 31)
    bad = client.post(url, {"action": "edit", "org-kind": "ubnd", "org-name": "  "})
    assert bad.status_code == 200 and "errorlist" in bad.content.decode()


@pytest.mark.django_db
def test_the_village_list_counts_households_at_a_date(client, tree, personas, login):
    from danchu.units import services

    services.household_create(village=tree.village_a1, actor=None, code="A1-050", representative_name="Lê Văn Sáu",
                              established_on=date(2026, 3, 1))
    login(client, personas["official_a"])
    before = client.get(f"/quan-ly/{tree.commune_a.pk}/thon/?on=2026-02-28&format=csv").content.decode("utf-8-sig")
    after = client.get(f"/quan-ly/{tree.commune_a.pk}/thon/?on=2026-03-01&format=csv").content.decode("utf-8-sig")
    row = lambda text: next(line for line in text.splitlines() if "Khu vực 1" in line)  # noqa: E731
    assert row(before).split(",")[4] == "1" and row(after).split(",")[4] == "2"
    assert client.get(f"/quan-ly/{tree.commune_a.pk}/thon/?on=hom-nay").status_code == 200


@pytest.mark.django_db
def test_a_household_export_from_the_english_interface_can_be_imported_again(client, tree, personas, login):
    login(client, personas["official_a"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    exported = client.get(f"/quan-ly/{tree.commune_a.pk}/ho/xuat.csv").content
    assert "Mã hộ".encode() not in exported  # the headers are in English
    upload = io.BytesIO(exported.replace("Số 1, đường Mậu Thân".encode(), "Số 77, đường Mậu Thân".encode()))
    upload.name = "households.csv"
    client.post(f"/quan-ly/{tree.commune_a.pk}/ho/nhap/", {"file": upload})
    assert Household.objects.get(code="A1-001").address == "Số 77, đường Mậu Thân"


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "verb"), [
    ("/quan-ly/{a}/thon/?format=csv", "units.village.exported"),
    ("/quan-ly/{a}/to-chuc/?format=xlsx", "units.organisation.exported"),
    ("/quan-ly/{a}/chuc-danh/?format=csv", "units.appointment.exported"),
    ("/quan-ly/{a}/ho/xuat.csv", "units.household.exported"),
])
def test_every_download_writes_one_audit_row(client, tree, personas, login, url, verb):
    """core.exports.table_download: the file, and one audit row with its format and number of rows."""
    login(client, personas["official_a"])
    response = client.get(url.format(a=tree.commune_a.pk))
    assert response.status_code == 200 and "attachment;" in response["Content-Disposition"]
    event = AuditEvent.objects.get(verb=verb)
    assert event.actor == personas["official_a"] and event.unit_id == tree.commune_a.pk
    assert event.data["format"] in {"csv", "xlsx"} and event.data["rows"] >= 1


@pytest.mark.django_db
def test_the_import_command_limits_a_village_head_to_their_village(tree, personas, tmp_path):
    """`danchu import_households` checks the acting user like the web page (units.access.villages_for_edit)."""
    from django.core.management import call_command
    from django.core.management.base import CommandError

    path = tmp_path / "ho.csv"
    path.write_text("Mã hộ,Họ và tên đại diện hộ,Thôn\nA1-300,Lê Văn Ba,Khu vực 1\nA2-300,Lê Văn Tư,Khu vực 2\n",
                    encoding="utf-8")
    with pytest.raises(CommandError, match="không có quyền nhập"):  # not for the whole commune
        call_command("import_households", unit=tree.commune_a.pk, file=str(path), username="truong.kv1")
    with pytest.raises(CommandError, match="không có quyền quản lý hộ của Khu vực 2"):
        call_command("import_households", unit=tree.village_a1.pk, file=str(path), username="truong.kv1")
    assert not Household.objects.filter(code__in=["A1-300", "A2-300"]).exists()
    call_command("import_households", unit=tree.commune_a.pk, file=str(path), username="canbo.a")
    assert set(Household.objects.filter(code__in=["A1-300", "A2-300"]).values_list("village__name", flat=True)) == {
        "Khu vực 1", "Khu vực 2"}
