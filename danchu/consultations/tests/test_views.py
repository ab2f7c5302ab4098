"""HTML views: the public pages (no author ever shown), the staff steps, quick entry, the inline synthesis
(htmx), bad input (a clear message, nothing changed, never a 500) and the synthesis report documents."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest

from danchu.consultations import services
from danchu.consultations.models import Consultation, Opinion, SynthesisEntry

from .conftest import AFTER, PLAN, at

pytestmark = pytest.mark.django_db
S = "/quan-ly/lay-y-kien/"


def test_an_official_creates_a_plan_with_a_period_checked(client, login, personas, tree, clock):
    login(client, personas["official_a"])
    url = f"/quan-ly/{tree.commune_a.pk}/lay-y-kien/them/"
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"].initial["closes_on"] == date(2026, 11, 23)
    data = {**PLAN, "opens_on": "2026-11-03", "closes_on": "2026-11-22"}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "ngày kết thúc sớm nhất là 23/11/2026" in response.content.decode()
    assert not Consultation.objects.exists()
    response = client.post(url, {**data, "closes_on": "2026-11-23", "villages": [tree.village_a1.pk]})
    c = Consultation.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{S}{c.pk}/"
    assert client.get(response["Location"]).status_code == 200


def test_the_steps_through_the_staff_page(client, login, personas, make_consultation, clock):
    c = make_consultation("draft")
    login(client, personas["official_a"])
    action = f"{S}{c.pk}/thao-tac/"
    response = client.post(action, {"action": "send_plan", "send_plan-to_council": "on"})
    assert response.status_code == 400 and "Ủy ban Mặt trận Tổ quốc" in response.content.decode()
    client.post(action, {"action": "send_plan", "send_plan-to_council": "on", "send_plan-to_front": "on"})
    client.post(action, {"action": "publish"})
    c.refresh_from_db()
    assert c.state == "open" and c.plan_item_id
    response = client.post(action, {"action": "close"}, follow=True)
    assert "Chưa hết thời gian lấy ý kiến" in response.content.decode()
    response = client.post(action, {"action": "nonsense"}, follow=True)
    assert "Thao tác không hợp lệ." in response.content.decode()


def test_quick_entry_keeps_the_channel_village_and_source(client, login, personas, make_consultation, tree):
    c = make_consultation("open")
    login(client, personas["official_a"])
    response = client.post(f"{S}{c.pk}/y-kien/", {
        "op-channel": "meeting", "op-village": tree.village_a2.pk, "op-stance": "disagree", "op-people_count": "40",
        "op-text": "Hội nghị đề nghị sửa Điều 5.", "op-source_note": "Hội nghị khu vực 2"})
    assert response.status_code == 302
    assert "kenh=meeting" in response["Location"] and f"thon={tree.village_a2.pk}" in response["Location"]
    form = client.get(response["Location"]).context["record_form"]
    assert form.initial["channel"] == "meeting" and form.initial["source_note"] == "Hội nghị khu vực 2"
    response = client.post(f"{S}{c.pk}/y-kien/", {"op-channel": "meeting", "op-stance": "agree",
                                                   "op-people_count": "0", "op-text": ""})
    assert response.status_code == 400
    assert Opinion.objects.count() == 1


def test_a_resident_must_log_in_then_gives_an_opinion(client, login, personas, make_consultation, tree):
    c = make_consultation("open")
    page = client.get(f"/lay-y-kien/{c.pk}/").content.decode()
    assert "Đăng nhập để góp ý" in page
    client.force_login(personas["resident"], backend="danchu.accounts.backends.PhoneOrUsernameBackend")
    response = client.post(f"/lay-y-kien/{c.pk}/", {"stance": "agree", "text": "Tôi tán thành.",
                                                    "village": tree.village_a1.pk})
    assert response.status_code == 302
    opinion = Opinion.objects.get()
    assert (opinion.author, opinion.channel, opinion.village) == (personas["resident"], "online", tree.village_a1)
    page = client.get(response["Location"]).content.decode()
    assert "Ý kiến ông/bà đã gửi" in page and "Tôi tán thành." in page
    response = client.post(f"/lay-y-kien/{c.pk}/", {"stance": "agree", "text": "  "})
    assert response.status_code == 400 and Opinion.objects.count() == 1


def test_the_rate_limit_answers_429(client, personas, make_consultation):
    c = make_consultation("open")
    client.force_login(personas["resident"], backend="danchu.accounts.backends.PhoneOrUsernameBackend")
    statuses = [client.post(f"/lay-y-kien/{c.pk}/", {"stance": "other", "text": f"Ý kiến {i}"}).status_code
                for i in range(6)]
    assert statuses == [302] * 5 + [429]
    assert Opinion.objects.count() == 5


@pytest.fixture
def closed_with_opinions(make_consultation, personas, tree, clock):
    c = make_consultation("open")
    services.opinion_submit(consultation=c, user=personas["resident"], stance="agree", village=tree.village_a1,
                            text="Tán thành, đề nghị niêm yết ở chợ.")
    services.opinion_record(consultation=c, actor=personas["official_a"], channel="meeting", stance="disagree",
                            text="Chưa đồng ý Điều 5.", people_count=20, village=tree.village_a2,
                            author_name="Ông Trần Văn Họp", author_contact="0911 222 333")
    clock.move_to(at(AFTER))
    services.consultation_close(consultation=c, actor=personas["official_a"])
    return c


def test_the_synthesis_is_written_inline_with_htmx(client, login, personas, closed_with_opinions):
    c = closed_with_opinions
    first, second = c.opinions.order_by("id")
    login(client, personas["official_a"])
    url = f"{S}{c.pk}/y-kien/{first.pk}/tong-hop/"
    response = client.post(url, {f"o{first.pk}-outcome": "accepted", f"o{first.pk}-response": ""},
                           HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Cần ghi rõ nội dung tiếp thu" in response.content.decode()
    assert not SynthesisEntry.objects.exists()
    response = client.post(url, {f"o{first.pk}-outcome": "accepted",
                                 f"o{first.pk}-response": "Bổ sung niêm yết tại chợ."}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and html.startswith('<article class="card opinion"')
    assert "Tiếp thu" in html and "Bổ sung niêm yết tại chợ." in html
    # group: the second opinion alone, through the group form
    response = client.post(f"{S}{c.pk}/tong-hop/gop-nhom/", {"opinions": [second.pk], "group-outcome": "explained",
                                                             "group-response": "Điều 5 giữ nguyên vì…",
                                                             "group-summary": "Ý kiến về Điều 5"})
    assert response.status_code == 302
    assert SynthesisEntry.objects.count() == 2
    # publish
    response = client.post(f"{S}{c.pk}/thao-tac/", {"action": "synthesis", "synthesis-summary": "Đã tổng hợp."})
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.state == "synthesis_published"
    # the public page: outcome of each opinion, village and channel, never the author
    page = client.get(f"/lay-y-kien/{c.pk}/").content.decode()
    client.logout()
    public = client.get(f"/lay-y-kien/{c.pk}/").content.decode()
    for html in (page, public):
        assert "Bổ sung niêm yết tại chợ." in html and "Điều 5 giữ nguyên vì…" in html
        assert "Khu vực 2 · Hội nghị, cuộc họp" in html
        assert "Trần Văn Họp" not in html and "0911 222 333" not in html and personas["resident"].username not in html


def test_the_report_as_pdf_and_docx(client, login, personas, closed_with_opinions):
    c = closed_with_opinions
    assert client.get(f"/lay-y-kien/{c.pk}/bao-cao-tong-hop.pdf").status_code == 404  # not public yet
    login(client, personas["official_a"])
    pdf = client.get(f"/lay-y-kien/{c.pk}/bao-cao-tong-hop.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    docx = client.get(f"/lay-y-kien/{c.pk}/bao-cao-tong-hop.docx")
    assert docx.status_code == 200
    xml = zipfile.ZipFile(io.BytesIO(docx.content)).read("word/document.xml").decode()
    for text in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "BÁO CÁO",
                 "Tổng hợp ý kiến Nhân dân về Dự thảo Quy chế", "Số:       /BC-UBND", "TM. ỦY BAN NHÂN DÂN",
                 "Cái Khế, ngày 24 tháng 11 năm 2026", "Chưa đồng ý Điều 5."):
        assert text in xml, text
    assert "Trần Văn Họp" not in xml  # the report is public: no author
    assert "Times New Roman" in zipfile.ZipFile(io.BytesIO(docx.content)).read("word/styles.xml").decode()
    assert client.get(f"/lay-y-kien/{c.pk}/bao-cao-tong-hop.odt").status_code == 404


def test_a_decision_against_the_majority_is_refused_without_explanation(client, login, personas,
                                                                        closed_with_opinions):
    c = closed_with_opinions
    official = personas["official_a"]
    for o in c.opinions.all():
        services.entry_save(consultation=c, actor=official, opinions=[o], outcome="explained", response="Giải trình.")
    services.synthesis_publish(consultation=c, actor=official, summary="Tổng hợp.")
    login(client, official)
    response = client.post(f"{S}{c.pk}/thao-tac/", {"action": "decision", "decision-outcome": "adopted"})
    assert response.status_code == 400 and "phải giải thích rõ lý do" in response.content.decode()
    response = client.post(f"{S}{c.pk}/thao-tac/", {"action": "decision", "decision-outcome": "adopted",
                                                    "decision-explanation": "Cần thiết vì an toàn giao thông."})
    assert response.status_code == 302
    client.logout()
    public = client.get(f"/lay-y-kien/{c.pk}/").content.decode()
    assert "Giải thích vì sao quyết định khác với ý kiến của đa số" in public
    assert "Cần thiết vì an toàn giao thông." in public
    pdf = client.get(f"/lay-y-kien/{c.pk}/bao-cao-tong-hop.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    published = c.synthesis_item.attachments.order_by("-pk").first()
    assert b"".join(pdf.streaming_content) == published.file.read()  # the stored report, with the decision


def test_the_public_list_shows_open_and_past(client, make_consultation, tree, clock):
    make_consultation("open", title="Đang mở")
    make_consultation("draft", title="Chưa công khai")
    page = client.get(f"/don-vi/{tree.commune_a.pk}/lay-y-kien/").content.decode()
    assert "Đang mở" in page and "Chưa công khai" not in page
    assert client.get(f"/don-vi/{tree.village_a1.pk}/lay-y-kien/").status_code == 404
    assert client.get("/lay-y-kien/999999/").status_code == 404


def test_the_plan_is_edited_with_documents_until_published(client, login, personas, make_consultation, clock):
    from django.core.files.uploadedfile import SimpleUploadedFile

    c = make_consultation("plan_sent")
    login(client, personas["official_a"])
    url = f"{S}{c.pk}/sua/"
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if k not in ("villages", "documents")}
    data.update(opens_on="2026-11-03", closes_on="2026-11-30", title="Dự thảo Quy chế (bản sửa)",
                documents=SimpleUploadedFile("du-thao.txt", "Toàn văn dự thảo.\n".encode(), content_type="text/plain"))
    response = client.post(url, data)
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.title == "Dự thảo Quy chế (bản sửa)" and c.closes_on == date(2026, 11, 30)
    doc = c.documents.get()
    assert client.get(f"{S}{c.pk}/tep/{doc.pk}/").status_code == 200
    bad = client.post(url, {**data, "documents": SimpleUploadedFile("virus.exe", b"MZ\x90\x00" * 10)})
    assert bad.status_code == 400 and c.documents.count() == 1
    client.post(f"{S}{c.pk}/tai-lieu/{doc.pk}/bo/")
    assert not c.documents.exists()
    services.consultation_publish(consultation=c, actor=personas["official_a"])
    assert client.get(url).status_code == 302  # published: back to the page with a message


def test_the_steps_are_one_table_for_the_page_and_the_api(client, login, personas, make_consultation, clock):
    """core.actions: the page shows the steps allowed now, a step posted to the page runs its service, and the API
    endpoint of the same step checks the same permission and the same allowed states."""
    from rest_framework.test import APIClient

    from danchu.consultations.actions import ACTIONS

    c = make_consultation("draft")
    login(client, personas["official_a"])
    page = client.get(f"{S}{c.pk}/")
    assert [box["name"] for box in page.context["boxes"]] == ["send_plan"]
    response = client.post(f"{S}{c.pk}/", {"action": "send_plan", "send_plan-to_council": "on",
                                           "send_plan-to_front": "on"})
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.state == "plan_sent"
    assert [a.name for a in ACTIONS.available(personas["official_a"], c)] == ["publish"]
    api = APIClient()
    api.force_authenticate(personas["official_a"])
    refused = api.post(f"/api/v1/consultations/{c.pk}/send-plan/", {"to_council": True, "to_front": True},
                       format="json")
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "invalid_transition"
    api.force_authenticate(personas["official_b"])
    assert api.post(f"/api/v1/consultations/{c.pk}/publish/", {}, format="json").status_code == 403
    login(client, personas["city_officer"])  # a supervisor sees the page, takes no step
    assert client.get(f"{S}{c.pk}/").context["boxes"] == []
    assert client.post(f"{S}{c.pk}/", {"action": "publish"}).status_code == 403
