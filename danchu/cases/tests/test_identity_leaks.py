"""A planted denouncer identity must not appear on any surface (Luật Tố cáo Art.8.3, 47, 56): lists, details seen by
verifiers, search, exports, API payloads, documents (also those sent to the accused), the publication, notifications,
audit events, logs, the admin and the database columns in clear. Only the custodian's reveal page shows it."""

from __future__ import annotations

import io
import logging
import shutil
import subprocess
from datetime import date

import pytest
from rest_framework.test import APIClient

from danchu.cases import services
from danchu.cases.domain import CaseKind
from danchu.cases.models import Case, CaseDocument, CaseEvent, ReceptionEntry, SealedIdentity
from danchu.cases.reminders import POLICY
from danchu.core.documents import docx_text
from danchu.core.models import AuditEvent, Notification
from danchu.core.reminders import run_policy

from .conftest import PLANTED, SECRET_NAME

pytestmark = pytest.mark.django_db


def _assert_clean(text: str, where: str) -> None:
    for secret in PLANTED:
        assert secret not in text, f"{where} reveals {secret!r}"


def _run_denunciation(visit, leader):
    case = visit.cases.get(kind=CaseKind.DENUNCIATION)
    services.case_assign(case=case, actor=leader, assignee=leader)
    services.case_accept(case=case, actor=leader, on=date(2026, 2, 24), criteria=["places", "contents"])
    services.case_extend(case=case, actor=leader, days=30, reason="Xác minh ở hai nơi.", on=date(2026, 3, 20))
    services.case_extend(case=case, actor=leader, days=20, reason="Chờ giám định.", on=date(2026, 4, 20))
    services.case_decide(case=case, actor=leader, number="05/KL-UBND", finding="wrong",
                         text="Nội dung tố cáo là sai.", on=date(2026, 5, 8))
    services.case_send(case=case, actor=leader, on=date(2026, 5, 11))
    services.case_publish(case=case, actor=leader, on=date(2026, 5, 12))
    case.refresh_from_db()
    return case


def test_no_surface_reveals_the_denouncer(client, visit, personas, leader_a, login, caplog, tree):
    caplog.set_level(logging.DEBUG)
    case = _run_denunciation(visit, leader_a)
    run_policy(POLICY, today=date(2026, 2, 20))

    # HTML seen by the receiver (official) and by the resolver (leader) without revealing
    for user in (personas["official_a"], leader_a):
        login(client, user)
        for url in (f"/quan-ly/{tree.commune_a.pk}/so-tiep-cong-dan/", f"/quan-ly/so-tiep-cong-dan/{visit.pk}/",
                    f"/quan-ly/{tree.commune_a.pk}/don-thu/", f"/quan-ly/don-thu/{case.pk}/",
                    f"/quan-ly/{tree.commune_a.pk}/don-thu/?q={SECRET_NAME}",
                    f"/quan-ly/{tree.commune_a.pk}/don-thu/?q=092199887766"):
            response = client.get(url)
            assert response.status_code == 200, url
            text = response.content.decode()
            if "?q=" in url:  # a search echoes its own query in the search box: it must find nothing
                assert "Không có đơn nào." in text, url
                from urllib.parse import quote

                query = url.split("?q=", 1)[1]
                for echo in (f'value="{query}"', f"?q={query}", f"?q={quote(query)}", f"q={quote(query)}"):
                    text = text.replace(echo, "")
            _assert_clean(text, url)
        # the export of the book
        response = client.get(f"/quan-ly/{tree.commune_a.pk}/so-tiep-cong-dan/xuat.xlsx")
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(response.content)).active
        _assert_clean(" ".join(str(c.value) for row in sheet.iter_rows() for c in row), "xlsx export")
        # every document of the file, .docx and PDF
        for document in CaseDocument.objects.filter(case__kind=CaseKind.DENUNCIATION):
            docx = client.get(f"/quan-ly/don-thu/{case.pk}/van-ban/{document.pk}.docx")
            assert docx.status_code == 200
            _assert_clean(docx_text(docx.content), f"document {document.number} (.docx)")
            pdf = client.get(f"/quan-ly/don-thu/{case.pk}/van-ban/{document.pk}.pdf")
            assert pdf.content.startswith(b"%PDF")
            if shutil.which("pdftotext"):
                text = subprocess.run(["pdftotext", "-", "-"], input=pdf.content, capture_output=True, check=True).stdout
                _assert_clean(text.decode(), f"document {document.number} (PDF)")
                assert "người tố cáo" in text.decode().lower() or document.kind == "extension"
    # the public pages: publication, schedule, tracking
    client.logout()
    for url in (f"/to-cao/ket-luan/{case.pk}/", f"/tiep-cong-dan/{tree.commune_a.pk}/", "/tiep-cong-dan/"):
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_clean(response.content.decode(), url)
    assert "05/KL-UBND" in client.get(f"/to-cao/ket-luan/{case.pk}/").content.decode()
    response = client.post("/don-thu/theo-doi/", {"code": case.tracking_code})
    assert response.status_code == 200
    _assert_clean(response.content.decode(), "tracking page")

    # the API, list and detail payloads
    api = APIClient()
    api.force_authenticate(leader_a)
    for url in (f"/api/v1/cases/?unit={tree.commune_a.pk}", f"/api/v1/cases/{case.pk}/",
                f"/api/v1/cases/reception-entries/?unit={tree.commune_a.pk}",
                f"/api/v1/cases/reception-entries/{visit.pk}/"):
        response = api.get(url)
        assert response.status_code == 200, url
        _assert_clean(response.content.decode(), url)
    response = APIClient().post("/api/v1/cases/track/", {"code": case.tracking_code}, format="json")
    _assert_clean(response.content.decode(), "API tracking")

    # the admin (superuser)
    login(client, personas["superuser"])
    for url in ("/admin/cases/case/", f"/admin/cases/case/{case.pk}/change/", "/admin/cases/receptionentry/",
                f"/admin/cases/receptionentry/{visit.pk}/change/"):
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_clean(response.content.decode(), url)
    response = client.get("/admin/cases/case/", {"q": SECRET_NAME})
    assert response.status_code == 200 and response.context["cl"].result_count == 0
    assert client.get("/admin/cases/sealedidentity/").status_code == 404

    # notifications, audit events, logs
    for n in Notification.objects.all():
        _assert_clean(f"{n.subject} {n.body} {n.address} {n.url}", f"notification {n.pk}")
    for event in AuditEvent.objects.all():
        _assert_clean(f"{event.target_label} {event.data} {event.actor_label}", f"audit {event.verb}")
    _assert_clean(caplog.text, "logs")
    # the database rows in clear
    for model in (Case, ReceptionEntry, CaseEvent, CaseDocument):
        for row in model.objects.values():
            _assert_clean(str(row), model.__name__)
    for sealed in SealedIdentity.objects.all():
        _assert_clean(bytes(sealed.token).decode("latin-1"), "sealed token")


def test_the_custodian_sees_it_after_giving_a_reason_and_the_reveal_is_audited(client, visit, leader_a, personas,
                                                                                login):
    case = visit.cases.get(kind=CaseKind.DENUNCIATION)
    login(client, personas["official_a"])
    page = client.get(f"/quan-ly/don-thu/{case.pk}/").content.decode()
    assert "Xem thông tin người tố cáo" not in page
    assert client.post(f"/quan-ly/bao-mat/don/{case.pk}/", {"reason": "Tôi muốn biết ai tố cáo"}).status_code == 403
    login(client, leader_a)
    assert "Xem thông tin người tố cáo" in client.get(f"/quan-ly/don-thu/{case.pk}/").content.decode()
    response = client.post(f"/quan-ly/bao-mat/don/{case.pk}/", {"reason": "Mời người tố cáo bổ sung chứng cứ"})
    assert response.status_code == 200 and SECRET_NAME in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    response = client.post(f"/quan-ly/bao-mat/so/{visit.pk}/", {"reason": "Đối chiếu sổ tiếp công dân"})
    assert SECRET_NAME in response.content.decode()
    assert AuditEvent.objects.filter(verb="cases.identity.revealed").count() == 2
    # a reason is required
    response = client.post(f"/quan-ly/bao-mat/don/{case.pk}/", {"reason": "x"})
    assert response.status_code == 302 and AuditEvent.objects.filter(verb="cases.identity.revealed").count() == 2


def test_reading_a_case_or_an_entry_is_audited(client, visit, personas, login):
    case = visit.cases.get(kind=CaseKind.COMPLAINT)
    login(client, personas["official_a"])
    client.get(f"/quan-ly/don-thu/{case.pk}/")
    client.get(f"/quan-ly/so-tiep-cong-dan/{visit.pk}/")
    assert AuditEvent.objects.filter(verb="cases.case.viewed", target_id=str(case.pk)).exists()
    assert AuditEvent.objects.filter(verb="cases.entry.viewed", target_id=str(visit.pk)).exists()
    api = APIClient()
    api.force_authenticate(personas["official_a"])
    api.get(f"/api/v1/cases/{case.pk}/")
    assert AuditEvent.objects.filter(verb="cases.case.viewed", data__via="api").exists()
    client.get(f"/quan-ly/{visit.unit_id}/so-tiep-cong-dan/xuat.xlsx")
    assert AuditEvent.objects.filter(verb="cases.book.exported").exists()
