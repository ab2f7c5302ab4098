"""Services: each step goes through the transition table, writes its audit row and event, and notifies the
requester after commit (SMS, e-mail, in-app)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from danchu.core.models import AuditEvent, Notification
from danchu.inforequests import services
from danchu.inforequests.domain import Channel, Complexity, State
from danchu.inforequests.models import InfoRequest

pytestmark = pytest.mark.django_db


def verbs(obj) -> list[str]:
    return list(AuditEvent.objects.filter(target_type="inforequests.inforequest", target_id=str(obj.pk))
                .order_by("seq").values_list("verb", flat=True))


def test_it_receives_an_online_request_and_sends_the_tracking_code_after_commit(
        tree, submitted, friday_before_tet, sms_outbox, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        r = submitted()
        assert sms_outbox == [] and mailoutbox == []  # nothing leaves before commit
    assert r.channel == Channel.ELECTRONIC and r.state == State.RECEIVED and r.complexity == Complexity.SIMPLE
    assert r.received_on == date(2026, 2, 13)
    assert r.due_on == date(2026, 2, 25)  # 3 working days, Tết not counted (Art.30.1)
    assert r.phone == "0912345678" and r.id_number == "092186001234"
    assert verbs(r) == ["inforequests.request.submitted"]
    assert [e.state for e in r.events.all()] == [State.RECEIVED]
    assert len(sms_outbox) == 1 and sms_outbox[0].to == "0912345678" and r.tracking_code in sms_outbox[0].body
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["hoa@example.vn"] and r.tracking_code in mailoutbox[0].body


def test_it_sends_nothing_when_no_contact_is_given_except_in_app_to_a_signed_in_requester(
        tree, personas, submitted, friday_before_tet, sms_outbox, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        r = submitted(email="", delivery="in_person", user=personas["resident"])
    assert r.user == personas["resident"]
    assert len(sms_outbox) == 1 and mailoutbox == []
    assert Notification.objects.filter(recipient=personas["resident"], channel="in_app").count() == 1


def test_it_refuses_bad_input_with_every_error_in_vietnamese_and_saves_nothing(tree, submitted):
    with pytest.raises(ValidationError) as exc:
        submitted(full_name="  ", id_number="123", phone="12", email="khong-phai-email", content="", delivery="bird")
    errors = exc.value.message_dict
    assert set(errors) >= {"full_name", "id_number", "phone", "email", "content", "delivery"}
    assert "Cần nhập họ và tên" in errors["full_name"][0]
    assert InfoRequest.objects.count() == 0
    # the refused write is on record (core.services), without the requester's data
    assert list(AuditEvent.objects.filter(verb__startswith="inforequests").values_list("verb", flat=True)) == [
        "inforequests.request.submitted.rejected"]
    assert AuditEvent.objects.get(verb="inforequests.request.submitted.rejected").data["input"]["id_number"] == "…"


def test_a_name_of_zero_width_characters_is_empty(tree, submitted):
    with pytest.raises(ValidationError) as exc:
        submitted(full_name="\u200b\u200b\ufeff", content="\u200b")
    assert {k: v[0].code for k, v in exc.value.error_dict.items()} == {"full_name": "required", "content": "required"}
    assert not InfoRequest.objects.exists()


def test_it_needs_a_phone_or_an_email(tree, submitted):
    with pytest.raises(ValidationError) as exc:
        submitted(phone="", email="", delivery="post")
    assert "số điện thoại hoặc thư điện tử" in exc.value.message_dict["phone"][0]


def test_it_refuses_a_village_as_the_receiving_body(tree, requester):
    with pytest.raises(ValidationError) as exc:
        services.request_submit(commune=tree.village_a1, **requester)
    assert "commune" in exc.value.message_dict


def test_it_records_an_in_person_request_due_immediately(tree, personas, requester, friday_before_tet):
    r = services.request_record(commune=tree.commune_a, actor=personas["official_a"], channel=Channel.IN_PERSON,
                                note="Người dân đến trụ sở", **requester)
    assert r.due_on == date(2026, 2, 13)  # "cung cấp ngay" (Art.29.1)
    assert verbs(r) == ["inforequests.request.recorded"]
    assert r.events.get().internal_note == "Người dân đến trụ sở"


def test_it_records_a_complex_post_request_with_the_notice_deadline(tree, personas, requester, friday_before_tet):
    r = services.request_record(commune=tree.commune_a, actor=personas["official_a"], channel=Channel.POST,
                                complexity=Complexity.COMPLEX, received_on=date(2026, 2, 12), **requester)
    assert r.due_on == date(2026, 2, 24)  # notice ≤ 3 WD from Thu 12/02: Fri 13, Mon 23, Tue 24 (Art.31.2)


@pytest.mark.parametrize("received_on, field", [(date(2026, 2, 14), "received_on"), (date(2018, 6, 30), "received_on")])
def test_it_refuses_a_received_date_in_the_future_or_before_the_law(tree, personas, requester, friday_before_tet,
                                                                    received_on, field):
    with pytest.raises(ValidationError) as exc:
        services.request_record(commune=tree.commune_a, actor=personas["official_a"], channel=Channel.POST,
                                received_on=received_on, **requester)
    assert field in exc.value.message_dict


def test_it_assigns_only_to_a_handler_of_the_commune(tree, personas, submitted, friday_before_tet):
    r = submitted()
    with pytest.raises(ValidationError) as exc:
        services.request_assign(request=r, assignee=personas["official_b"], actor=personas["official_a"])
    assert exc.value.message_dict["assignee"]
    services.request_assign(request=r, assignee=personas["official_a"], actor=personas["superuser"])
    assert r.assignee == personas["official_a"]
    assert "inforequests.request.assigned" in verbs(r)
    assert Notification.objects.filter(recipient=personas["official_a"], channel="in_app").exists()


def test_it_notifies_the_deadline_of_a_complex_request_and_then_extends_it(
        tree, personas, submitted, friday_before_tet, sms_outbox, django_capture_on_commit_callbacks):
    official = personas["official_a"]
    r = submitted()
    with django_capture_on_commit_callbacks(execute=True):
        services.request_notify_deadline(request=r, actor=official)
    assert (r.state, r.complexity, r.due_on, r.notice_sent_on) == (
        State.DEADLINE_NOTIFIED, Complexity.COMPLEX, date(2026, 3, 13), date(2026, 2, 13))
    assert "13/03/2026" in sms_outbox[-1].body
    with pytest.raises(ValidationError):
        services.request_extend(request=r, reason="  ", actor=official)
    with pytest.raises(ValidationError) as exc:
        services.request_extend(request=r, reason="Cần ý kiến Sở", until=date(2026, 4, 30), actor=official)
    assert "30/03/2026" in exc.value.message_dict["until"][0]
    services.request_extend(request=r, reason="Cần ý kiến của Sở Xây dựng", actor=official)
    r.refresh_from_db()
    assert (r.state, r.due_on, r.extended_until) == (State.EXTENDED, date(2026, 3, 30), date(2026, 3, 30))
    assert verbs(r) == ["inforequests.request.submitted", "inforequests.request.deadline_notified",
                        "inforequests.request.extended.rejected", "inforequests.request.extended.rejected",
                        "inforequests.request.extended"]  # the two refused extensions are on record


def test_a_late_deadline_notice_is_recorded_and_stays_visible(tree, personas, submitted):
    """Art.30.2: the notice of an electronic complex request is due within 03 WD; sent late, it is still sent
    (the requester must know the date) but the lateness is kept after the due date moves on."""
    import time_machine

    from .conftest import at

    with time_machine.travel(at(2026, 11, 30, 9, 0), tick=False):
        r = submitted()
    assert r.due_on == date(2026, 12, 3)
    with time_machine.travel(at(2026, 12, 7, 9, 0), tick=False):
        services.request_notify_deadline(request=r, actor=personas["official_a"])
    r.refresh_from_db()
    assert (r.due_on, r.notice_sent_on, r.notice_due_on) == (date(2026, 12, 21), date(2026, 12, 7), date(2026, 12, 3))
    assert r.notice_late and r.was_late and r.is_late(date(2026, 12, 7))
    assert list(InfoRequest.objects.late(today=date(2026, 12, 7))) == [r]
    assert not InfoRequest.objects.overdue(today=date(2026, 12, 7)).exists()  # the next step is not due yet
    audit = AuditEvent.objects.get(verb="inforequests.request.deadline_notified")
    assert audit.data["notice_late"] is True
    with time_machine.travel(at(2026, 12, 10, 9, 0), tick=False):
        services.request_provide(request=r, answer="Quyết định số 12/QĐ-UBND.", actor=personas["official_a"])
    assert list(InfoRequest.objects.late(today=date(2026, 12, 10))) == [r]  # still listed once answered


def test_an_extension_decided_after_the_period_ran_out_is_recorded_as_late(tree, personas, submitted,
                                                                          friday_before_tet):
    import time_machine

    from .conftest import at

    r = submitted()
    services.request_notify_deadline(request=r, actor=personas["official_a"])  # due 13/03/2026
    with time_machine.travel(at(2026, 3, 16, 9, 0), tick=False):
        services.request_extend(request=r, reason="Cần ý kiến của Sở Xây dựng", actor=personas["official_a"])
    r.refresh_from_db()
    assert r.was_late and not r.notice_late and r.due_on == date(2026, 3, 30)


def test_a_provision_after_the_due_date_is_late(tree, personas, submitted, friday_before_tet):
    import time_machine

    from .conftest import at

    r = submitted()  # simple, electronic: due in 3 WD (after Tết) — 25/02/2026
    with time_machine.travel(at(2026, 3, 2, 9, 0), tick=False):
        services.request_provide(request=r, answer="Đã gửi.", actor=personas["official_a"])
    r.refresh_from_db()
    assert r.closed_late and r.is_late(date(2026, 3, 2))
    assert InfoRequest.objects.late(today=date(2026, 3, 2)).get() == r


def test_it_refuses_a_notified_date_beyond_the_law(tree, personas, submitted, friday_before_tet):
    r = submitted()
    with pytest.raises(ValidationError) as exc:
        services.request_notify_deadline(request=r, due_on=date(2026, 3, 16), actor=personas["official_a"])
    assert "13/03/2026" in exc.value.message_dict["due_on"][0]
    r.refresh_from_db()
    assert r.state == State.RECEIVED


def test_it_cannot_extend_before_the_deadline_notice(tree, personas, submitted, friday_before_tet):
    r = submitted()
    with pytest.raises(ValidationError) as exc:
        services.request_extend(request=r, reason="Lý do", actor=personas["official_a"])
    assert exc.value.code == "invalid_transition"


def test_it_provides_the_information_with_a_file_and_the_actual_cost(
        tree, personas, submitted, friday_before_tet, mailoutbox, django_capture_on_commit_callbacks, settings,
        tmp_path):
    settings.MEDIA_ROOT = tmp_path
    r = submitted(delivery="post")
    upload = SimpleUploadedFile("Quyết định 12.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n",
                                content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        services.request_provide(request=r, answer="Gửi kèm quyết định.", files=[upload], fee_amount=25000,
                                 fee_purpose="copy_postage", fee_note="5 trang A4 và cước gửi",
                                 actor=personas["official_a"])
    r.refresh_from_db()
    assert (r.state, r.closed_on, r.fee_amount) == (State.PROVIDED, date(2026, 2, 13), Decimal(25000))
    assert [f.original_name for f in r.answer_files.all()] == ["Quyết định 12.pdf"]
    assert verbs(r)[-1] == "inforequests.request.provided"
    assert "25.000 đồng" in mailoutbox[-1].body


def test_it_refuses_any_fee_other_than_actual_costs_and_changes_nothing(tree, personas, submitted, friday_before_tet):
    r = submitted()
    with pytest.raises(ValidationError) as exc:
        services.request_provide(request=r, answer="Trả lời", fee_amount=50000, fee_purpose="postage",
                                 fee_note="cước", actor=personas["official_a"])
    assert "fee_purpose" in exc.value.message_dict  # delivery by e-mail: no sending cost
    r.refresh_from_db()
    assert r.state == State.RECEIVED
    assert verbs(r) == ["inforequests.request.submitted", "inforequests.request.provided.rejected"]


def test_it_refuses_a_bad_file_in_vietnamese(tree, personas, submitted, friday_before_tet):
    r = submitted()
    upload = SimpleUploadedFile("trang.html", b"<html><script>alert(1)</script></html>", content_type="text/html")
    with pytest.raises(ValidationError) as exc:
        services.request_provide(request=r, answer="x", files=[upload], actor=personas["official_a"])
    assert "files" in exc.value.message_dict
    r.refresh_from_db()
    assert r.state == State.RECEIVED


def test_it_refuses_in_writing_with_a_ground_and_then_stays_closed(
        tree, personas, submitted, friday_before_tet, sms_outbox, django_capture_on_commit_callbacks):
    official = personas["official_a"]
    r = submitted()
    with pytest.raises(ValidationError) as exc:
        services.request_refuse(request=r, ground="not_responsible", reason="", actor=official)
    assert "reason" in exc.value.message_dict
    with django_capture_on_commit_callbacks(execute=True):
        services.request_refuse(request=r, ground="not_responsible", reason="Do Sở Xây dựng quản lý.",
                                actor=official)
    assert r.state == State.REFUSED and "Sở Xây dựng" in sms_outbox[-1].body
    with pytest.raises(ValidationError) as exc:
        services.request_provide(request=r, answer="x", actor=official)
    assert exc.value.code == "invalid_transition"
    with pytest.raises(ValidationError):
        services.request_assign(request=r, assignee=official, actor=official)


def test_it_keeps_staff_notes_apart_from_what_the_requester_sees(tree, personas, submitted, friday_before_tet):
    r = submitted()
    services.request_assign(request=r, assignee=personas["official_a"], actor=personas["superuser"])
    events = list(r.events.order_by("id"))
    assert events[-1].note == "" and "Giao cho" in events[-1].internal_note


def test_it_gives_each_request_its_own_code(tree, submitted, friday_before_tet):
    codes = {submitted().tracking_code for _i in range(5)}
    assert len(codes) == 5



def test_an_official_using_english_still_writes_to_the_requester_in_vietnamese(tree, personas):
    """Stored history notes and the messages sent to residents are Vietnamese whatever the interface."""
    from django.utils import translation

    from danchu.inforequests import services as s
    from danchu.inforequests.domain import Channel, Delivery

    with translation.override("en"):
        request = s.request_record(commune=tree.commune_a, actor=personas["official_a"], channel=Channel.IN_PERSON,
                                   full_name="Lê Văn Tư", address="Số 8, đường Mậu Thân", id_number="092080001234",
                                   phone="0912000001", content="Bản đồ quy hoạch", delivery=Delivery.IN_PERSON,
                                   purpose="Tìm hiểu")
    assert request.events.order_by("pk").first().note.startswith("Đã tiếp nhận yêu cầu")
