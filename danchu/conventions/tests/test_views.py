"""HTML pages of conventions: the permission matrix per persona, the staff actions with bad input, and the public
pages (text in force, draft under comment, comments only when logged in)."""

from datetime import date

import pytest

from danchu.conventions import services
from danchu.conventions.domain import State, VoteMethod

from .conftest import TEXT_V2

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("december")]

PERSONAS = ["anonymous", "resident", "village_head", "official_a", "official_b", "city_officer", "front_a",
            "superuser"]
OK, REDIRECT, DENIED, NOT_FOUND, LOGIN = 200, 302, 403, 404, "login"


@pytest.fixture
def people(personas, front_a):
    """The personas of the root conftest plus a Front officer of commune A (runs and supervises, never recognises)."""
    return {**personas, "front_a": front_a}


def _row(*values):
    return dict(zip(PERSONAS, values, strict=True))


MATRIX = [
    ("staff list of commune A", "get", lambda t, c: f"/quan-ly/{t.commune_a.pk}/huong-uoc/", None,
     _row(LOGIN, DENIED, DENIED, OK, DENIED, OK, OK, OK)),
    ("staff list of village A1", "get", lambda t, c: f"/quan-ly/{t.village_a1.pk}/huong-uoc/", None,
     _row(LOGIN, DENIED, OK, OK, DENIED, OK, OK, OK)),
    ("staff list of commune B", "get", lambda t, c: f"/quan-ly/{t.commune_b.pk}/huong-uoc/", None,
     _row(LOGIN, DENIED, DENIED, DENIED, OK, OK, DENIED, OK)),
    ("new convention form in A", "get", lambda t, c: f"/quan-ly/{t.commune_a.pk}/huong-uoc/them/", None,
     _row(LOGIN, DENIED, DENIED, OK, DENIED, DENIED, OK, OK)),
    ("convention of A1 (staff)", "get", lambda t, c: f"/quan-ly/huong-uoc/{c.pk}/", None,
     _row(LOGIN, DENIED, OK, OK, DENIED, OK, OK, OK)),
    ("record a comment on A1's draft", "post", lambda t, c: f"/quan-ly/huong-uoc/{c.pk}/",
     lambda t: {"action": "comment", "comment-channel": "meeting", "comment-author_name": "Tổ 3",
                "comment-received_on": "2026-11-20", "comment-body": "Đồng ý."},
     _row(LOGIN, DENIED, REDIRECT, REDIRECT, DENIED, DENIED, REDIRECT, REDIRECT)),
    ("recognise A1's convention (wrong step)", "post", lambda t, c: f"/quan-ly/huong-uoc/{c.pk}/",
     lambda t: {"action": "recognise", "recognise-decision_number": "1/QĐ", "recognise-decided_on": "2026-12-20"},
     _row(LOGIN, DENIED, DENIED, REDIRECT, DENIED, DENIED, DENIED, REDIRECT)),
    ("public page of the posted draft", "get", lambda t, c: f"/huong-uoc/{c.pk}/", None,
     _row(OK, OK, OK, OK, OK, OK, OK, OK)),
    ("public list of commune A", "get", lambda t, c: f"/huong-uoc/xa/{t.commune_a.pk}/", None,
     _row(OK, OK, OK, OK, OK, OK, OK, OK)),
]


@pytest.mark.parametrize("name, method, url, data, expected", MATRIX, ids=[m[0] for m in MATRIX])
def test_permission_matrix(client, tree, people, posted, login, name, method, url, data, expected):
    for persona in PERSONAS:
        client.logout()
        if persona != "anonymous":
            login(client, people[persona])
        response = getattr(client, method)(url(tree, posted), data(tree) if data else None)
        if expected[persona] == LOGIN:
            assert response.status_code == 302 and "/accounts/dang-nhap/" in response["Location"], persona
        else:
            assert response.status_code == expected[persona], (persona, response.status_code)


def test_a_draft_in_preparation_is_not_public(client, draft):
    assert client.get(f"/huong-uoc/{draft.pk}/").status_code == 404


def test_the_vote_form_shows_the_error_and_changes_nothing(client, posted, people, login):
    login(client, people["village_head"])
    response = client.post(f"/quan-ly/huong-uoc/{posted.pk}/", {
        "action": "meeting", "meeting-method": "meeting", "meeting-held_on": "2026-12-05", "meeting-present": "150",
        "meeting-approve": "120", "meeting-against": "0"})
    assert response.status_code == 400
    assert "vượt quá tổng số hộ của thôn" in response.content.decode()
    posted.refresh_from_db()
    assert posted.state == State.POSTED


def test_an_unknown_or_unavailable_action_is_refused_politely(client, posted, people, login):
    login(client, people["village_head"])
    assert client.post(f"/quan-ly/huong-uoc/{posted.pk}/", {"action": "explode"}).status_code == 302
    response = client.post(f"/quan-ly/huong-uoc/{posted.pk}/", {"action": "submit",
                                                                "submit-submitted_on": "2026-12-20"}, follow=True)
    assert "không thực hiện được ở bước hiện tại" in response.content.decode()


def test_the_public_page_shows_the_text_in_force_and_the_differences(client, posted, people):
    head, official = people["village_head"], people["official_a"]
    posted.comment_until = date(2026, 12, 2)
    services.convention_revise(convention=posted, text=TEXT_V2, reason="Tiếp thu góp ý", actor=head)
    services.vote_record(convention=posted, method=VoteMethod.MEETING, held_on=date(2026, 12, 5), present=70,
                         approve=62, against=5, actor=head)
    services.convention_submit(convention=posted, submitted_on=date(2026, 12, 7), actor=head)
    services.convention_recognise(convention=posted, decision_number="7/QĐ-UBND", decided_on=date(2026, 12, 8),
                                  signer="", actor=official)
    html = client.get(f"/huong-uoc/{posted.pk}/").content.decode()
    assert "7/QĐ-UBND" in html and "15.000 đồng/tháng" in html
    assert "<del>20.000</del><ins>15.000</ins>" in html
    listing = client.get(f"/huong-uoc/xa/{posted.village.parent_id}/").content.decode()
    assert "Hương ước Khu vực 1" in listing


def test_public_comments_need_a_login_and_the_period(client, posted, people, login, december):
    from datetime import datetime

    from .conftest import VN

    assert client.post(f"/huong-uoc/{posted.pk}/gop-y/", {"body": "x"}).status_code == 302
    login(client, people["resident"])
    response = client.post(f"/huong-uoc/{posted.pk}/gop-y/", {"body": "Góp ý muộn"}, follow=True)
    assert "không trong thời gian lấy ý kiến" in response.content.decode()
    december.move_to(datetime(2026, 11, 20, 9, 0, tzinfo=VN))
    response = client.post(f"/huong-uoc/{posted.pk}/gop-y/", {"body": "Nên giảm mức đóng góp."}, follow=True)
    assert "Đã ghi nhận ý kiến góp ý" in response.content.decode()
    assert posted.comments.get().household is None  # the resident represents no household of Khu vực 1


def test_the_recognition_decision_as_docx_and_pdf(client, posted, people):
    import io

    from docx import Document

    from danchu.conventions import documents

    assert client.get(f"/huong-uoc/{posted.pk}/quyet-dinh-cong-nhan.pdf").status_code == 404  # not recognised yet
    head, official = people["village_head"], people["official_a"]
    services.vote_record(convention=posted, method=VoteMethod.MEETING, held_on=date(2026, 12, 5), present=70,
                         approve=62, against=5, actor=head)
    services.convention_submit(convention=posted, submitted_on=date(2026, 12, 7), actor=head)
    services.convention_recognise(convention=posted, decision_number="128/QĐ-UBND", decided_on=date(2026, 12, 8),
                                  signer="Trần Quốc Cường", actor=official)
    content = documents.decision_content(posted)
    assert content.date_line == "Cái Khế, ngày 08 tháng 12 năm 2026"
    assert content.articles[0].startswith("Điều 1. Công nhận hương ước Khu vực 1, được cộng đồng dân cư thông qua "
                                          "ngày 05/12/2026 với 62/100 hộ gia đình tán thành")
    response = client.get(f"/huong-uoc/{posted.pk}/quyet-dinh-cong-nhan.docx")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "Về việc công nhận hương ước Khu vực 1" in text and "Điều 3. Không thả rông gia súc" in text
    assert "(Ban hành kèm theo Quyết định số 128/QĐ-UBND ngày 08/12/2026 của Ủy ban nhân dân Phường Cái Khế)" in text
    pdf = client.get(f"/huong-uoc/{posted.pk}/quyet-dinh-cong-nhan.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get(f"/huong-uoc/{posted.pk}/quyet-dinh-cong-nhan.exe").status_code == 404
