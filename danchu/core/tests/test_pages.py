"""The calendar page with its deadline calculator, and the in-app notifications inbox."""

import pytest

from danchu.core.notify import notify


@pytest.mark.django_db
def test_the_calendar_page_lists_tet_and_the_swapped_saturday(client):
    html = client.get("/lich-lam-viec/2026/").content.decode()
    assert "16/02/2026" in html and "22/08/2026" in html


@pytest.mark.django_db
def test_the_deadline_calculator_rolls_forward_over_tet(client):
    # 5 working days from Thursday 12/02/2026: Fri 13, then Tết 16–20/02 is off → Mon 23 … Thu 26/02
    html = client.get("/lich-lam-viec/2026/", {"start": "2026-02-12", "amount": "5", "unit": "WD"},
                      HTTP_HX_REQUEST="true").content.decode()
    assert "26/02/2026" in html and "<html" not in html
    # 10 calendar days from 07/02/2026 end on 17/02 (Tết) → next working day 23/02
    html = client.get("/lich-lam-viec/2026/", {"start": "2026-02-07", "amount": "10", "unit": "D"}).content.decode()
    assert "23/02/2026" in html and "17/02/2026" in html


@pytest.mark.django_db
def test_the_deadline_calculator_explains_bad_input(client):
    response = client.get("/lich-lam-viec/2026/", {"start": "2026-02-31", "amount": "-1", "unit": "X"})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert client.get("/lich-lam-viec/3000/").status_code == 404


@pytest.mark.django_db
def test_a_user_reads_their_in_app_notifications(client, personas):
    resident = personas["resident"]
    note = notify(channel="in_app", subject="Lịch họp khu vực", body="Họp lúc 19 giờ.", recipient=resident)
    notify(channel="in_app", subject="Của người khác", body="x", recipient=personas["official_b"])
    client.force_login(resident, backend="danchu.accounts.backends.PhoneOrUsernameBackend")
    html = client.get("/thong-bao/").content.decode()
    assert "Lịch họp khu vực" in html and "Của người khác" not in html
    client.post(f"/thong-bao/{note.pk}/da-doc/")
    note.refresh_from_db()
    assert note.read_at is not None
    other = personas["official_b"].notifications.get()
    assert client.post(f"/thong-bao/{other.pk}/da-doc/").status_code == 404
