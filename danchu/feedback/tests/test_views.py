"""HTML views: the resident reports, tracks and rates; the official handles; bad input → 400 and nothing created."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from danchu.core.models import AuditEvent
from danchu.feedback.domain import State
from danchu.feedback.models import Feedback

from .conftest import png_bytes

pytestmark = pytest.mark.django_db


def _form(places, category, /, **extra):
    return {"category": category.pk, "commune": places.commune_a.pk, "village": places.village_a1.pk,
            "description": "Ổ gà lớn trên đường Mậu Thân trước nhà số 120.", "address": "Trước số 120 Mậu Thân",
            "lat": "10.0461", "lon": "105.7840", "reporter_name": "Trần Văn Bảy", "phone": "0912345678",
            "notify_channel": "zalo", "publish": "on", **extra}


def test_a_resident_reports_with_a_photo_and_sees_the_code_once(client, places, category):
    data = _form(places, category, photos=SimpleUploadedFile("o-ga.png", png_bytes(), content_type="image/png"))
    response = client.post("/phan-anh/gui/", data)
    assert response.status_code == 302 and response["Location"] == "/phan-anh/da-gui/"
    feedback = Feedback.objects.get()
    assert feedback.photos.count() == 1 and feedback.notify_channel == "zalo"
    page = client.get("/phan-anh/da-gui/")
    assert feedback.tracking_code in page.content.decode()
    assert client.get("/phan-anh/da-gui/").status_code == 302  # only once


def test_the_form_offers_the_villages_of_the_chosen_commune(client, places, category):
    import re

    html = client.get(f"/phan-anh/gui/?commune={places.commune_a.pk}").content.decode()
    select = re.search(r'<select name="village".*?</select>', html, re.S).group(0)
    assert f'value="{places.village_a1.pk}"' in select and f'value="{places.village_b1.pk}"' not in select


@pytest.mark.parametrize("extra,message", [
    ({"lat": "21.03", "lon": "105.85"}, "nằm ngoài xã, phường"),
    ({"category": "999999"}, "Select a valid choice"),
    ({"description": "x" * 4001}, "4000"),
    ({"photos": SimpleUploadedFile("a.jpg", b"GIF89a-not-really" * 10, content_type="image/jpeg")}, ""),
])
def test_bad_input_is_400_with_a_message_and_creates_nothing(client, places, category, extra, message):
    response = client.post("/phan-anh/gui/", _form(places, category, **extra))
    assert response.status_code == 400
    assert 'class="errorlist' in response.content.decode()
    assert Feedback.objects.count() == 0


def test_an_oversized_image_gets_a_clear_message(client, places, category):
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (10000, 10000), (255, 255, 255)).save(buf, "PNG")
    photo = SimpleUploadedFile("to.png", buf.getvalue(), content_type="image/png")
    response = client.post("/phan-anh/gui/", _form(places, category, photos=photo))
    assert response.status_code == 400 and "quá lớn (10000 × 10000 điểm ảnh)" in response.content.decode()
    assert Feedback.objects.count() == 0


def test_the_honeypot_stores_nothing(client, places, category):
    assert client.post("/phan-anh/gui/", _form(places, category, website="http://spam")).status_code == 302
    assert Feedback.objects.count() == 0


def test_submissions_are_rate_limited_per_address(client, places, category):
    for _i in range(5):
        assert client.post("/phan-anh/gui/", _form(places, category)).status_code == 302
    assert client.post("/phan-anh/gui/", _form(places, category)).status_code == 429
    assert Feedback.objects.count() == 5


def test_only_accepted_submissions_count_towards_the_limit(client, places, category):
    """A resident fixing typos (or neighbours behind one carrier address) is not locked out by failed posts."""
    for _i in range(6):
        assert client.post("/phan-anh/gui/", _form(places, category, description="ngắn")).status_code == 400
    for _i in range(5):
        assert client.post("/phan-anh/gui/", _form(places, category)).status_code == 302
    assert client.post("/phan-anh/gui/", _form(places, category)).status_code == 429
    assert Feedback.objects.count() == 5


def test_a_flood_of_invalid_posts_is_stopped_too(client, places, category):
    from danchu.feedback.limits import ATTEMPT_LIMIT

    for _i in range(ATTEMPT_LIMIT):
        client.post("/phan-anh/gui/", _form(places, category, description="ngắn"))
    assert client.post("/phan-anh/gui/", _form(places, category)).status_code == 429
    assert Feedback.objects.count() == 0


def test_track_shows_no_personal_data_then_rate_and_reopen(monday, client, submit, personas):
    from danchu.feedback import services

    feedback = submit()
    services.feedback_note(feedback=feedback, note="Số nhà bà Bảy: 120", actor=personas["official_a"])
    page = client.get(f"/phan-anh/theo-doi/?code={feedback.tracking_code.lower()}").content.decode()
    assert "Ổ gà lớn" in page and "0912345678" not in page and "Số nhà bà Bảy" not in page
    assert "Đánh giá mức độ hài lòng" not in page  # not answered yet
    services.feedback_answer(feedback=feedback, answer="Đã vá.", actor=personas["official_a"])
    page = client.get(f"/phan-anh/theo-doi/?code={feedback.tracking_code}").content.decode()
    assert "Đánh giá mức độ hài lòng" in page and "Đã vá." in page
    response = client.post("/phan-anh/theo-doi/", {"action": "rate", "rating": "2", "comment": "Vẫn còn ổ gà",
                                                    "reopen": "on"})
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.state == State.IN_PROGRESS and feedback.rating == 2


def test_a_merged_reporter_sees_the_answer_and_rates_on_their_tracking_page(monday, client, submit, personas):
    from danchu.feedback import services

    first, second = submit(), submit(reporter_name="Lê Thị Mười", phone="0987654321")
    services.feedback_mark_duplicate(feedback=second, original=first, actor=personas["official_a"])
    services.feedback_answer(feedback=first, answer="Đã vá ổ gà ngày 08/12.", actor=personas["official_a"])
    page = client.get(f"/phan-anh/theo-doi/?code={second.tracking_code}").content.decode()
    assert "Đã vá ổ gà ngày 08/12." in page and "Đánh giá mức độ hài lòng" in page
    assert 'name="reopen"' not in page  # only the original's reporter may reopen
    assert client.post("/phan-anh/theo-doi/", {"action": "rate", "rating": "4"}).status_code == 302
    second.refresh_from_db()
    assert second.rating == 4 and second.state == State.DUPLICATE


def test_a_bad_rating_is_400(client, submit, personas):
    from danchu.feedback import services

    feedback = submit()
    services.feedback_answer(feedback=feedback, answer="Đã vá.", actor=personas["official_a"])
    client.get(f"/phan-anh/theo-doi/?code={feedback.tracking_code}")
    assert client.post("/phan-anh/theo-doi/", {"action": "rate", "rating": "9"}).status_code == 400
    feedback.refresh_from_db()
    assert feedback.rating is None


def test_rating_without_a_tracked_code_asks_for_it_again(client):
    assert client.post("/phan-anh/theo-doi/", {"action": "rate", "rating": "5"}).status_code == 302


def test_unknown_code_is_404_with_a_message(client, places):
    response = client.get("/phan-anh/theo-doi/?code=PA-ABCDEFGHJK")
    assert response.status_code == 404 and "Không tìm thấy" in response.content.decode()


def test_public_page_shows_only_published_feedback_and_the_rates(monday, client, submit, personas, places):
    from danchu.feedback import services

    shown = submit()
    hidden = submit(publish=False, description="Nội dung riêng không công khai của người dân.")
    services.feedback_answer(feedback=shown, answer="Đã vá ổ gà.", actor=personas["official_a"])
    services.feedback_rate(feedback=shown, rating=5)
    html = client.get(f"/phan-anh/xa/{places.commune_a.pk}/").content.decode()
    assert "Đã vá ổ gà." in html and "Nội dung riêng" not in html and "Trần Văn Bảy" not in html
    assert 'id="on-time-rate">100,0%' in html and 'id="satisfaction-rate">100,0%' in html  # Vietnamese decimals
    assert hidden.pk  # counted in the totals, never shown


def test_staff_flow_accept_assign_answer_with_bad_input(monday, client, login, submit, personas):
    feedback = submit()
    official = personas["official_a"]
    login(client, official)
    url = f"/quan-ly/phan-anh/{feedback.pk}/"
    page = client.get(url).content.decode()
    assert "0912345678" in page  # the handler sees the contact…
    assert AuditEvent.objects.filter(verb="feedback.feedback.viewed", actor=official).exists()  # …audited
    assert client.post(url, {"action": "accept", "accept-note": ""}).status_code == 302
    assert client.post(url, {"action": "assign", "assign-assignee": official.pk}).status_code == 302
    assert client.post(url, {"action": "answer", "answer-answer": ""}).status_code == 400
    assert client.post(url, {"action": "bogus"}).status_code == 302
    assert client.post(url, {"action": "answer", "answer-answer": "Đã vá ổ gà."}).status_code == 302
    feedback.refresh_from_db()
    assert feedback.state == State.ANSWERED and feedback.assignee == official
    # an action no longer allowed: a message, nothing changed
    response = client.post(url, {"action": "reject", "reject-reason": "…"}, follow=True)
    assert "Không thể chuyển phản ánh" in response.content.decode()


def test_transfer_sends_the_official_back_to_their_queue(client, login, submit, personas, places):
    feedback = submit()
    login(client, personas["official_a"])
    response = client.post(f"/quan-ly/phan-anh/{feedback.pk}/", {
        "action": "transfer", "transfer-to_unit": places.commune_b.pk, "transfer-reason": "Thuộc Ninh Kiều"})
    assert response.status_code == 302 and "/phan-anh/" in response["Location"]
    assert client.get(f"/quan-ly/phan-anh/{feedback.pk}/").status_code == 403


def test_queue_filters_export_and_stats(monday, client, login, submit, personas, places):
    submit()
    login(client, personas["official_a"])
    base = f"/quan-ly/{places.commune_a.pk}/phan-anh/"
    for query in ("", "?state=all", "?state=received&due=soon", "?due=overdue", "?due=escalated&category=ha-tang",
                  "?q=mau+than", "?q=%00", "?state=bogus&page=abc"):
        assert client.get(base + query).status_code == 200, query
    assert "Ổ gà" in client.get(base + "?q=O+GA").content.decode()
    response = client.get(base + "xuat.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditEvent.objects.filter(verb="feedback.feedback.exported").count() == 1
    assert client.get(base + "thong-ke/?from=2026-01-01&to=bad").status_code == 200


def test_staff_record_from_the_hotline(client, login, personas, places, category):
    login(client, personas["official_a"])
    response = client.post(f"/quan-ly/{places.commune_a.pk}/phan-anh/ghi-nhan/", {
        "channel": "hotline", "category": category.pk, "commune": places.commune_a.pk,
        "description": "Cống trên đường 30/4 bị nghẹt, nước ngập khi mưa.", "reporter_name": "Bà Năm"})
    assert response.status_code == 302
    assert Feedback.objects.get().channel == "hotline"


def test_a_leader_sets_and_deletes_a_routing_rule(client, login, personas, places, category):
    from danchu.feedback.models import RoutingRule
    from danchu.units.domain import Role
    from danchu.units.services import appointment_create, position_create

    leader = personas["official_b"]
    position = position_create(organisation=places.org_a, title="Chủ tịch UBND", role=Role.COMMUNE_LEADER, actor=None)
    appointment_create(position=position, holder_name=leader.full_name, user=leader,
                       start=places.commune_a.valid_from, actor=None)
    login(client, leader)
    url = f"/quan-ly/{places.commune_a.pk}/phan-anh/phan-cong/"
    assert client.post(url, {"category": category.pk, "organisation": places.org_b.pk}).status_code == 400
    assert client.post(url, {"category": category.pk, "organisation": places.org_a.pk,
                             "answer_days": "99"}).status_code == 400
    assert client.post(url, {"category": category.pk, "organisation": places.org_a.pk,
                             "answer_days": "4"}).status_code == 302
    rule = RoutingRule.objects.get()
    assert (rule.category, rule.answer_days) == (category, 4)
    assert "Ủy ban nhân dân Phường Cái Khế" in client.get(url).content.decode()
    assert client.post(url, {"action": "delete", "rule": "abc"}).status_code == 404
    assert client.post(url, {"action": "delete", "rule": rule.pk}).status_code == 302
    assert not RoutingRule.objects.exists()
