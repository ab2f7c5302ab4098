"""HTML: the public form (happy path, bad input, spam protection), the tracking page, and the staff register,
request page and export — with personal data shown only to the handlers of the right commune."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from danchu.core.models import AuditEvent
from danchu.inforequests.domain import State
from danchu.inforequests.models import InfoRequest

pytestmark = pytest.mark.django_db

FORM_URL = "/yeu-cau-thong-tin/"
TRACK_URL = "/yeu-cau-thong-tin/theo-doi/"


def form_data(tree, requester, **changes):
    return {"commune": tree.commune_a.pk, **requester, **changes}


def test_it_shows_the_public_form_to_anyone(client, tree):
    html = client.get(FORM_URL).content.decode()
    assert "Phường Cái Khế" in html and "Phường Ninh Kiều" in html
    assert 'name="website"' in html  # the honeypot is there, hidden
    assert "Số CCCD, CMND hoặc hộ chiếu" in html


def test_it_receives_a_request_and_shows_the_code_once(client, tree, requester, friday_before_tet):
    response = client.post(FORM_URL, form_data(tree, requester), follow=True)
    r = InfoRequest.objects.get()
    html = response.content.decode()
    assert r.tracking_code in html and "25/02/2026" in html
    assert r.tracking_code not in response.redirect_chain[-1][0]  # never in the URL
    assert client.get("/yeu-cau-thong-tin/da-gui/").status_code == 302  # shown once


def test_it_explains_bad_input_in_vietnamese_and_saves_nothing(client, tree, requester):
    response = client.post(FORM_URL, form_data(tree, requester, id_number="12ab", phone="abc", full_name=""))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Số giấy tờ không hợp lệ" in html and "Số điện thoại không hợp lệ" in html
    assert InfoRequest.objects.count() == 0


@pytest.mark.parametrize("commune", ["", "abc", "999999999", "-1"])
def test_it_never_fails_on_a_bad_commune(client, tree, requester, commune):
    response = client.post(FORM_URL, form_data(tree, requester, commune=commune))
    assert response.status_code == 400 and InfoRequest.objects.count() == 0


def test_it_refuses_a_village_as_commune(client, tree, requester):
    response = client.post(FORM_URL, form_data(tree, requester, commune=tree.village_a1.pk))
    assert response.status_code == 400 and InfoRequest.objects.count() == 0


def test_it_silently_drops_what_a_bot_fills_in(client, tree, requester):
    response = client.post(FORM_URL, form_data(tree, requester, website="http://spam.example"), follow=True)
    assert response.status_code == 200 and InfoRequest.objects.count() == 0


def test_it_limits_submissions_per_address(client, tree, requester):
    for i in range(5):
        assert client.post(FORM_URL, form_data(tree, requester, full_name=f"Người {i}")).status_code == 302
    response = client.post(FORM_URL, form_data(tree, requester))
    assert response.status_code == 429 and "quá nhiều yêu cầu" in response.content.decode()
    assert InfoRequest.objects.count() == 5


def test_only_accepted_requests_count_towards_the_limit(client, tree, requester):
    for _i in range(6):
        assert client.post(FORM_URL, form_data(tree, requester, id_number="12")).status_code == 400
    for i in range(5):
        assert client.post(FORM_URL, form_data(tree, requester, full_name=f"Người {i}")).status_code == 302
    assert client.post(FORM_URL, form_data(tree, requester)).status_code == 429
    assert InfoRequest.objects.count() == 5


def test_it_shows_each_step_and_the_answer_on_the_tracking_page_without_personal_data(
        client, tree, personas, submitted, friday_before_tet):
    from danchu.inforequests import services

    r = submitted()
    services.request_assign(request=r, assignee=personas["official_a"], actor=personas["superuser"])
    services.request_provide(request=r, answer="Dự toán kinh phí là 120 triệu đồng.", actor=personas["official_a"])
    response = client.post(TRACK_URL, {"code": r.tracking_code.lower().replace("-", " ")})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Đã cung cấp thông tin" in html and "120 triệu đồng" in html and "Đã tiếp nhận yêu cầu" in html
    for secret in (r.id_number, r.phone, r.email, r.address, "Giao cho"):
        assert secret not in html
    assert response["X-Robots-Tag"] == "noindex"


def test_it_says_when_a_tracking_code_is_unknown(client, tree):
    for code in ("TT-2222222222", "không có", "x" * 40):
        response = client.post(TRACK_URL, {"code": code})
        assert response.status_code == 404 and "Không tìm thấy yêu cầu" in response.content.decode()
    assert client.get(TRACK_URL).status_code == 200


def test_it_lists_the_register_with_filters_and_badges(client, tree, personas, login, submitted, friday_before_tet):
    from danchu.inforequests import services

    soon = submitted()
    other = submitted(full_name="Phạm Văn Bình")
    services.request_refuse(request=other, ground="already_public", reason="Đã niêm yết", actor=personas["official_a"])
    login(client, personas["official_a"])
    url = f"/quan-ly/{tree.commune_a.pk}/yeu-cau-thong-tin/"
    html = client.get(url).content.decode()
    assert soon.tracking_code in html and other.tracking_code in html
    assert soon.id_number not in html  # not in the list, only on the request page
    html = client.get(url, {"state": "open"}).content.decode()
    assert soon.tracking_code in html and other.tracking_code not in html
    friday_before_tet.move_to(date(2026, 2, 24))  # due Wed 25/02: 1 working day left
    login(client, personas["official_a"])  # the 8-hour session has expired
    html = client.get(url, {"due": "soon"}).content.decode()
    assert soon.tracking_code in html and "sắp đến hạn" in html
    friday_before_tet.move_to(date(2026, 2, 26))
    login(client, personas["official_a"])
    html = client.get(url, {"due": "overdue"}).content.decode()
    assert soon.tracking_code in html and "quá hạn" in html
    html = client.get(url, {"q": "pham van binh"}).content.decode()
    assert other.tracking_code in html and soon.tracking_code not in html
    for bad in ({"state": "x"}, {"due": "'"}, {"page": "-1"}, {"q": "\x00"}):
        assert client.get(url, bad).status_code == 200


def test_a_late_deadline_notice_shows_on_the_request_page_and_in_the_late_filter(client, tree, personas, login,
                                                                                submitted):
    import time_machine

    from .conftest import at

    with time_machine.travel(at(2026, 11, 30, 9, 0), tick=False):
        r = submitted()
    with time_machine.travel(at(2026, 12, 7, 9, 0), tick=False):
        login(client, personas["official_a"])
        response = client.post(f"/quan-ly/yeu-cau-thong-tin/{r.pk}/", {"action": "notice", "notice-note": ""},
                               follow=True)
        html = response.content.decode()
        assert "sau hạn 03/12/2026" in html and "Điều 30 Luật Tiếp cận thông tin" in html
        assert 'id="notice-late"' in html and "hạn thông báo 03/12/2026" in html
        url = f"/quan-ly/{tree.commune_a.pk}/yeu-cau-thong-tin/"
        assert r.tracking_code not in client.get(url, {"due": "overdue"}).content.decode()
        html = client.get(url, {"due": "late"}).content.decode()
        assert r.tracking_code in html and "thông báo thời hạn muộn" in html


def test_an_official_of_commune_b_cannot_see_requests_of_a(client, tree, personas, login, submitted):
    r = submitted()
    login(client, personas["official_b"])
    assert client.get(f"/quan-ly/{tree.commune_a.pk}/yeu-cau-thong-tin/").status_code == 403
    assert client.get(f"/quan-ly/yeu-cau-thong-tin/{r.pk}/").status_code == 403
    assert client.get(f"/quan-ly/{tree.commune_a.pk}/yeu-cau-thong-tin/xuat.xlsx").status_code == 403
    response = client.post(f"/quan-ly/yeu-cau-thong-tin/{r.pk}/", {"action": "refuse", "refuse-ground": "secret",
                                                                   "refuse-reason": "x"})
    assert response.status_code == 403
    r.refresh_from_db()
    assert r.state == State.RECEIVED
    assert r.tracking_code not in client.get(f"/quan-ly/{tree.commune_b.pk}/yeu-cau-thong-tin/").content.decode()


@pytest.mark.parametrize("persona", ["resident", "village_head", "city_officer"])
def test_others_cannot_open_the_register(client, tree, personas, login, persona):
    login(client, personas[persona])
    assert client.get(f"/quan-ly/{tree.commune_a.pk}/yeu-cau-thong-tin/").status_code == 403


def test_it_shows_the_id_number_only_on_the_staff_page_of_the_right_commune_and_audits_it(
        client, tree, personas, login, submitted):
    r = submitted()
    assert r.id_number not in client.get(TRACK_URL, {"code": r.tracking_code}).content.decode()
    login(client, personas["official_a"])
    html = client.get(f"/quan-ly/yeu-cau-thong-tin/{r.pk}/").content.decode()
    assert r.id_number in html and r.phone in html
    viewed = AuditEvent.objects.get(verb="inforequests.request.viewed")
    assert viewed.actor == personas["official_a"] and viewed.target_id == str(r.pk)


def test_it_handles_a_request_from_the_request_page(client, tree, personas, login, submitted, friday_before_tet):
    r = submitted()
    login(client, personas["official_a"])
    url = f"/quan-ly/yeu-cau-thong-tin/{r.pk}/"
    assert client.post(url, {"action": "assign", "assign-assignee": personas["official_a"].pk}).status_code == 302
    response = client.post(url, {"action": "notice", "notice-due_on": "", "notice-note": ""})
    assert response.status_code == 302
    response = client.post(url, {"action": "extend", "extend-reason": ""})
    assert response.status_code == 400 and "Lý do gia hạn" in response.content.decode()
    response = client.post(url, {"action": "extend", "extend-until": "2026-05-01", "extend-reason": "Cần ý kiến Sở"})
    assert response.status_code == 400 and "30/03/2026" in response.content.decode()
    assert client.post(url, {"action": "extend", "extend-reason": "Cần ý kiến Sở"}).status_code == 302
    response = client.post(url, {"action": "provide", "provide-answer": "Nội dung", "provide-fee_amount": "5000",
                                 "provide-fee_purpose": "", "provide-fee_note": ""})
    assert response.status_code == 400 and "Điều 12" in response.content.decode()
    response = client.post(url, {"action": "provide", "provide-answer": "Nội dung", "provide-fee_amount": "0"})
    assert response.status_code == 302
    r.refresh_from_db()
    assert r.state == State.PROVIDED and r.assignee == personas["official_a"]
    assert client.post(url, {"action": "nonsense"}).status_code == 302
    response = client.post(url, {"action": "refuse", "refuse-ground": "secret", "refuse-reason": "x"}, follow=True)
    assert "Không thể chuyển" in response.content.decode()
    r.refresh_from_db()
    assert r.state == State.PROVIDED


def test_it_records_an_in_person_request(client, tree, personas, login, requester, friday_before_tet):
    login(client, personas["official_a"])
    url = f"/quan-ly/{tree.commune_a.pk}/yeu-cau-thong-tin/ghi-nhan/"
    assert client.get(url).status_code == 200
    response = client.post(url, {**requester, "channel": "in_person", "complexity": "simple",
                                 "received_on": "2026-02-13", "note": ""})
    r = InfoRequest.objects.get()
    assert response.status_code == 302 and r.channel == "in_person" and r.due_on == date(2026, 2, 13)
    response = client.post(url, {**requester, "channel": "fax", "complexity": "simple", "received_on": "2030-01-01"})
    assert response.status_code == 400 and InfoRequest.objects.count() == 1


def test_it_exports_the_register_and_audits_the_export(client, tree, personas, login, submitted):
    r = submitted()
    login(client, personas["official_a"])
    response = client.get(f"/quan-ly/{tree.commune_a.pk}/yeu-cau-thong-tin/xuat.xlsx", {"state": "open"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Mã tra cứu" and rows[1][0] == r.tracking_code and rows[1][4] == r.id_number
    event = AuditEvent.objects.get(verb="inforequests.request.exported")
    assert event.actor == personas["official_a"] and event.data["rows"] == 1


def test_the_requester_downloads_answer_files_with_the_code(client, tree, personas, submitted, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from danchu.inforequests import services

    settings.MEDIA_ROOT = tmp_path
    r = submitted()
    upload = SimpleUploadedFile("du-toan.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    services.request_provide(request=r, answer="", files=[upload], actor=personas["official_a"])
    f = r.answer_files.get()
    response = client.get(f"/yeu-cau-thong-tin/theo-doi/{r.tracking_code}/tep/{f.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert client.get(f"/yeu-cau-thong-tin/theo-doi/TT-2222222222/tep/{f.pk}/").status_code == 404
