"""Services: each write validates first, creates nothing on error, audits in the same transaction, notifies."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from danchu.core import reminders
from danchu.core.models import Attachment, AuditEvent, Notification, Reminder
from danchu.feedback import services
from danchu.feedback.domain import State
from danchu.feedback.models import Feedback
from danchu.feedback.reminders import POLICY

pytestmark = pytest.mark.django_db


def _verbs(feedback):
    return list(AuditEvent.objects.filter(target_type="feedback.feedback", target_id=str(feedback.pk))
                .order_by("seq").values_list("verb", flat=True))


def test_it_receives_a_feedback_with_deadlines_routing_audit_and_sms(monday, submit, photo, places):
    feedback = submit(photos=[photo], village=places.village_a1)
    assert feedback.state == State.RECEIVED
    assert feedback.received_on == date(2026, 12, 7)
    assert feedback.due_on == date(2026, 12, 16)  # ha-tang: 7 WD
    assert feedback.transfer_due_on == date(2026, 12, 14)  # 5 WD (NĐ 20/2008 Art.9.1.d)
    assert feedback.organisation == places.org_a  # default: the commune's People's Committee
    assert feedback.photos.count() == 1
    assert feedback.phone == "0912345678"
    assert _verbs(feedback) == ["feedback.feedback.submitted"]
    sms = Notification.objects.filter(channel="sms", address="0912345678")
    assert sms.count() == 1 and feedback.tracking_code in sms.get().body


@pytest.mark.parametrize("kwargs,field,code", [
    ({"lat": "21.03", "lon": "105.85"}, "lat", "point_outside_commune"),
    ({"lat": "10.04", "lon": ""}, "lat", "incomplete_point"),
    ({"description": "ngắn"}, "description", "too_short"),
    ({"description": "x" * 4001}, "description", "too_long"),
    ({"reporter_name": ""}, "reporter_name", "name_required"),
    ({"phone": "", "notify_channel": "sms"}, "phone", "phone_required"),
    ({"email": "khong-phai-email", "notify_channel": ""}, "email", "invalid_email"),
    ({"category": None}, "category", "invalid_category"),
    ({"reporter_name": "\u200b\u200b"}, "reporter_name", "name_required"),
    ({"description": "\u200b" * 20}, "description", "required"),
])
def test_bad_input_gets_a_clear_error_and_creates_nothing(submit, kwargs, field, code):
    with pytest.raises(ValidationError) as exc:
        submit(**kwargs)
    assert exc.value.error_dict[field][0].code == code
    assert Feedback.objects.count() == 0
    # the refused submission is on record (core.services), without what the resident wrote
    refused = AuditEvent.objects.get(verb__startswith="feedback.")
    assert refused.verb == "feedback.feedback.submitted.rejected" and code in refused.data["codes"]
    assert refused.data["input"]["description"] == refused.data["input"]["reporter_name"] == "…"


def _image(size, fmt, color=(200, 30, 30)) -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, fmt)
    return buf.getvalue()


def test_a_huge_picture_in_a_small_file_is_refused_with_a_message(submit):
    huge = _image((10000, 10000), "PNG")  # a few hundred KB, 300 MB once decoded
    assert len(huge) < services.MAX_PHOTO_BYTES
    with pytest.raises(ValidationError) as exc:
        submit(photos=[SimpleUploadedFile("to.png", huge, content_type="image/png")])
    error = exc.value.error_dict["photos"][0]
    assert error.code == "photo_too_large" and "10000 × 10000" in error.message % (error.params or {})
    assert Feedback.objects.count() == 0 and not Attachment.objects.exists()


def test_a_large_phone_photo_is_downscaled(submit):
    from PIL import Image

    feedback = submit(photos=[SimpleUploadedFile("dien-thoai.jpg", _image((6000, 4000), "JPEG"),
                                                 content_type="image/jpeg")])
    stored = feedback.photos.get()
    with stored.file.open("rb") as fh, Image.open(fh) as img:
        assert img.size == (4096, 2731) and img.format == "JPEG"


def test_a_fake_image_is_refused_and_nothing_is_created(submit):
    fake = SimpleUploadedFile("anh.jpg", b"<script>alert(1)</script>" + b"x" * 100, content_type="image/jpeg")
    with pytest.raises(ValidationError) as exc:
        submit(photos=[fake])
    assert "photos" in exc.value.error_dict
    assert Feedback.objects.count() == 0


def test_too_many_photos(submit, photo):
    with pytest.raises(ValidationError) as exc:
        submit(photos=[photo, photo, photo, photo])
    assert exc.value.error_dict["photos"][0].code == "too_many_photos"


def test_a_village_of_another_commune_is_refused(submit, places):
    with pytest.raises(ValidationError) as exc:
        submit(village=places.village_b1)
    assert exc.value.error_dict["village"][0].code == "village_not_in_commune"


def test_anonymous_keeps_no_personal_data(submit):
    feedback = submit(anonymous=True, show_name=True)
    assert (feedback.reporter_name, feedback.phone, feedback.email, feedback.show_name) == ("", "", "", False)
    assert not Notification.objects.filter(channel="sms").exists()


def test_routing_rule_sends_the_category_to_another_organisation_with_its_own_deadline(monday, submit, places,
                                                                                        category, personas):
    from danchu.units.domain import OrganisationKind
    from danchu.units.services import organisation_create

    police = organisation_create(unit=places.commune_a, kind=OrganisationKind.CO_QUAN,
                                 name="Công an Phường Cái Khế", actor=None)
    services.route_set(unit=places.commune_a, category=category, organisation=police, answer_days=3,
                       actor=personas["superuser"])
    feedback = submit()
    assert feedback.organisation == police and feedback.answer_days == 3 and feedback.due_on == date(2026, 12, 10)


def test_the_main_path_accept_answer_rate_closes_and_counts_on_time(monday, submit, personas):
    official = personas["official_a"]
    feedback = submit()
    services.feedback_accept(feedback=feedback, actor=official)
    services.feedback_start(feedback=feedback, actor=official, note="Đã báo đơn vị duy tu.")
    services.feedback_answer(feedback=feedback, answer="Đã vá ổ gà ngày 08/12/2026.", actor=official)
    assert feedback.state == State.ANSWERED and feedback.answered_on_time is True
    services.feedback_rate(feedback=feedback, rating=5, comment="Cảm ơn xã.")
    feedback.refresh_from_db()
    assert feedback.state == State.CLOSED and feedback.rating == 5
    assert _verbs(feedback) == ["feedback.feedback.submitted", "feedback.feedback.accepted",
                                "feedback.feedback.started", "feedback.feedback.answered", "feedback.feedback.rated"]


def test_an_unsatisfied_resident_reopens_within_the_window_only(monday, submit, personas):
    official = personas["official_a"]
    feedback = submit()
    services.feedback_answer(feedback=feedback, answer="Đã kiểm tra.", actor=official)
    monday.shift(timedelta(days=3))
    services.feedback_rate(feedback=feedback, rating=2, comment="Ổ gà vẫn còn.", reopen=True)
    feedback.refresh_from_db()
    assert feedback.state == State.IN_PROGRESS and feedback.reopen_count == 1
    assert feedback.due_on == date(2026, 12, 21)  # 7 WD from Thursday 10/12
    services.feedback_answer(feedback=feedback, answer="Đã vá lại.", actor=official)
    monday.shift(timedelta(days=11))
    with pytest.raises(ValidationError) as exc:
        services.feedback_rate(feedback=feedback, rating=1, reopen=True)
    assert exc.value.error_dict["reopen"][0].code == "reopen_not_allowed"
    feedback.refresh_from_db()
    assert feedback.state == State.ANSWERED  # nothing changed


def test_rating_before_an_answer_is_refused(submit):
    feedback = submit()
    with pytest.raises(ValidationError):
        services.feedback_rate(feedback=feedback, rating=4)


def test_transfer_to_the_right_commune_restarts_there_with_history(monday, submit, places, personas):
    feedback = submit(village=places.village_a1)
    monday.shift(timedelta(days=2))
    services.feedback_transfer(feedback=feedback, actor=personas["official_a"], to_unit=places.commune_b,
                               reason="Địa điểm thuộc Phường Ninh Kiều.")
    feedback.refresh_from_db()
    assert feedback.commune == places.commune_b and feedback.village is None
    assert feedback.state == State.RECEIVED and feedback.organisation == places.org_b
    assert feedback.received_on == date(2026, 12, 9) and feedback.due_on == date(2026, 12, 18)
    event = feedback.events.get(kind="transfer")
    assert (event.from_unit, event.to_unit) == (places.commune_a, places.commune_b)
    assert "feedback.feedback.transferred" in _verbs(feedback)
    # the official of A no longer may handle it, the official of B may
    assert not personas["official_a"].has_perm("feedback.handle_feedback", feedback)
    assert personas["official_b"].has_perm("feedback.handle_feedback", feedback)


def test_transfer_needs_one_target_and_a_reason(submit, personas, places):
    feedback = submit()
    with pytest.raises(ValidationError):
        services.feedback_transfer(feedback=feedback, actor=personas["official_a"], reason="x")
    with pytest.raises(ValidationError):
        services.feedback_transfer(feedback=feedback, actor=personas["official_a"], reason="",
                                   to_body="Điện lực Ninh Kiều")
    with pytest.raises(ValidationError):
        services.feedback_transfer(feedback=feedback, actor=personas["official_a"], reason="x",
                                   to_unit=places.commune_a)


def test_transfer_to_an_outside_body_ends_it(submit, personas):
    feedback = submit()
    services.feedback_transfer(feedback=feedback, actor=personas["official_a"], reason="Lưới điện",
                               to_body="Công ty Điện lực Cần Thơ")
    assert feedback.state == State.TRANSFERRED and feedback.transferred_to == "Công ty Điện lực Cần Thơ"


def test_duplicates_are_found_and_merged_keeping_both_reporters_informed(monday, submit, personas):
    first = submit()
    second = submit(reporter_name="Lê Thị Mười", phone="0987654321",
                    description="Đường Mậu Thân trước số 120 có ổ gà lớn, rất nguy hiểm.", lat="10.0462")
    assert [f.pk for _s, f in services.find_duplicates(second)] == [first.pk]
    services.feedback_mark_duplicate(feedback=second, original=first, actor=personas["official_a"])
    assert second.state == State.DUPLICATE and second.duplicate_of == first
    Notification.objects.all().delete()
    services.feedback_answer(feedback=first, answer="Đã vá.", actor=personas["official_a"])
    assert set(Notification.objects.filter(channel="sms").values_list("address", flat=True)) == {
        "0912345678", "0987654321"}


def test_a_merged_reporter_gets_the_answer_and_may_rate_it(monday, submit, personas):
    official = personas["official_a"]
    first = submit()
    second = submit(reporter_name="Lê Thị Mười", phone="0987654321", notify_channel="zalo")
    services.feedback_mark_duplicate(feedback=second, original=first, actor=official)
    Notification.objects.all().delete()
    services.feedback_answer(feedback=first, answer="Đã vá ổ gà ngày 08/12.", actor=official)
    second.refresh_from_db()
    assert second.state == State.DUPLICATE and second.answer == "Đã vá ổ gà ngày 08/12."
    assert second.answered_at is None  # the answer counts once in the statistics, on the original
    assert services.answer_time(second) == first.answered_at
    zalo = Notification.objects.get(channel="zalo", address="0987654321")
    assert second.tracking_code in zalo.body
    assert any("câu trả lời" in e.note for e in second.events.all())
    assert services.rating_open(second, date(2026, 12, 7))
    services.feedback_rate(feedback=second, rating=5, comment="Cảm ơn")
    second.refresh_from_db()
    assert second.rating == 5 and second.state == State.DUPLICATE
    with pytest.raises(ValidationError) as exc:  # no reopening of someone else's feedback
        services.feedback_rate(feedback=second, rating=1, reopen=True)
    assert exc.value.error_dict["reopen"][0].code == "reopen_not_allowed"


def test_merging_into_an_answered_feedback_passes_its_answer_on(monday, submit, personas):
    official = personas["official_a"]
    first = submit()
    services.feedback_answer(feedback=first, answer="Đã vá.", actor=official)
    second = submit(reporter_name="Lê Thị Mười", phone="0987654321")
    services.feedback_mark_duplicate(feedback=second, original=first, actor=official)
    second.refresh_from_db()
    assert second.answer == "Đã vá." and services.rating_open(second, date(2026, 12, 7))


def test_a_duplicate_of_a_duplicate_follows_to_the_original(monday, submit, personas):
    official = personas["official_a"]
    a, b, c = submit(), submit(phone="0987654321"), submit(phone="0911111111")
    services.feedback_mark_duplicate(feedback=c, original=b, actor=official)
    services.feedback_mark_duplicate(feedback=b, original=a, actor=official)
    c.refresh_from_db()
    assert c.duplicate_of == a
    services.feedback_answer(feedback=a, answer="Đã vá.", actor=official)
    assert set(Feedback.objects.filter(state=State.DUPLICATE).values_list("answer", flat=True)) == {"Đã vá."}


def test_an_unanswered_duplicate_cannot_be_rated(submit, personas):
    first, second = submit(), submit()
    services.feedback_mark_duplicate(feedback=second, original=first, actor=personas["official_a"])
    with pytest.raises(ValidationError) as exc:
        services.feedback_rate(feedback=second, rating=4)
    assert exc.value.error_dict["rating"][0].code == "not_answered"


def test_merging_into_itself_or_another_commune_is_refused(submit, personas, places):
    a = submit()
    with pytest.raises(ValidationError):
        services.feedback_mark_duplicate(feedback=a, original=a, actor=personas["official_a"])


def test_a_denunciation_becomes_a_sealed_case_and_leaves_the_feedback(submit, personas):
    from danchu.cases.models import Case
    from danchu.core.models import AuditEvent

    feedback = submit(description="Tôi tố cáo cán bộ địa chính nhận hối lộ khi làm sổ đỏ cho hộ bên cạnh.")
    services.feedback_convert(feedback=feedback, kind="denunciation", reference="Kèm ảnh biên nhận",
                              actor=personas["official_a"])
    feedback.refresh_from_db()
    assert feedback.state == State.CONVERTED and not feedback.publish
    assert not Feedback.objects.public().filter(pk=feedback.pk).exists()
    case = Case.objects.get()
    assert (case.kind, case.unit, case.identity_sealed) == ("denunciation", feedback.commune, True)
    assert feedback.converted_ref == f"/quan-ly/don-thu/{case.pk}/"
    assert f"phản ánh, kiến nghị số {feedback.pk}" in case.content
    # the denouncer's name and contact now live only in the case's sealed identity
    assert (feedback.reporter_name, feedback.phone, feedback.email, feedback.user) == ("", "", "", None)
    assert "Trần Văn Bảy" not in str(list(Case.objects.values())) + str(list(AuditEvent.objects.values("data")))


def test_a_complaint_becomes_a_case_with_its_complainant(submit, personas):
    from danchu.cases.models import Case

    feedback = submit(description="Tôi khiếu nại quyết định xử phạt hành chính số 12/QĐ-XPHC của phường.")
    services.feedback_convert(feedback=feedback, kind="complaint", actor=personas["official_a"])
    case = Case.objects.get()
    assert case.kind == "complaint" and case.petitioner_name == "Trần Văn Bảy" and case.due_on is not None
    feedback.refresh_from_db()
    assert feedback.reporter_name == "Trần Văn Bảy"  # a complaint is not secret


def test_an_anonymous_feedback_cannot_become_a_complaint(submit, personas):
    from danchu.cases.models import Case

    feedback = submit(anonymous=True, reporter_name="", phone="", notify_channel="",
                      description="Khiếu nại quyết định thu hồi đất của phường.")
    with pytest.raises(ValidationError) as exc:
        services.feedback_convert(feedback=feedback, kind="complaint", actor=personas["official_a"])
    assert exc.value.error_dict["kind"][0].code == "anonymous_complaint"
    feedback.refresh_from_db()
    assert feedback.state != State.CONVERTED and not Case.objects.exists()


def test_invalid_transitions_change_nothing(submit, personas):
    feedback = submit()
    services.feedback_reject(feedback=feedback, reason="Nội dung không rõ ràng.", actor=personas["official_a"])
    with pytest.raises(ValidationError) as exc:
        services.feedback_answer(feedback=feedback, answer="…", actor=personas["official_a"])
    assert exc.value.code == "invalid_transition"
    feedback.refresh_from_db()
    assert feedback.state == State.REJECTED and feedback.answer == ""


def test_assign_only_to_a_handler_of_the_commune(submit, personas):
    feedback = submit()
    with pytest.raises(ValidationError):
        services.feedback_assign(feedback=feedback, assignee=personas["official_b"], actor=personas["official_a"])
    services.feedback_assign(feedback=feedback, assignee=personas["official_a"], actor=personas["official_a"])
    assert feedback.assignee == personas["official_a"]


def test_recategorise_reroutes_and_recounts(monday, submit, personas):
    from danchu.feedback.models import Category

    feedback = submit()
    services.feedback_recategorise(feedback=feedback, category=Category.objects.get(code="an-ninh-trat-tu"),
                                   actor=personas["official_a"])
    assert feedback.answer_days == 3 and feedback.due_on == date(2026, 12, 10)


def test_reminders_due_soon_overdue_and_escalation_once(monday, submit, personas):
    feedback = submit()  # due Wednesday 16/12

    def send(today):
        return reminders.run_policy(POLICY, today=today)

    assert send(date(2026, 12, 15)) == 1
    assert send(date(2026, 12, 15)) == 0
    assert send(date(2026, 12, 17)) == 1  # overdue
    assert send(date(2026, 12, 21)) == 1  # 3 WD late: escalated
    feedback.refresh_from_db()
    assert feedback.escalated_at is not None
    assert set(Reminder.objects.filter(policy="feedback", target_id=feedback.pk).values_list("kind", flat=True)) == {
        "due_soon", "overdue", "escalated"}
    assert [v for v in _verbs(feedback) if "remind" in v or "escalat" in v] == [
        "feedback.feedback.reminded_due_soon", "feedback.feedback.reminded_overdue", "feedback.feedback.escalated"]
    city = personas["city_officer"]  # supervises the province: told of the escalation
    assert Notification.objects.filter(recipient=city, channel="in_app").exists()


def test_stats_on_time_and_satisfaction(monday, submit, personas):
    from danchu.feedback import stats

    official = personas["official_a"]
    a, b = submit(), submit(description="Đèn đường hẻm 7 không sáng nhiều ngày nay rồi.")
    services.feedback_answer(feedback=a, answer="Đã sửa.", actor=official)
    services.feedback_rate(feedback=a, rating=4)
    monday.shift(timedelta(days=20))
    services.feedback_answer(feedback=b, answer="Đã sửa.", actor=official)
    services.feedback_rate(feedback=b, rating=2)
    s = stats.summary(Feedback.objects.all(), today=date(2026, 12, 28))
    assert (s["answered"], s["on_time"], s["on_time_rate"], s["satisfaction_rate"]) == (2, 1, 50.0, 50.0)


def test_the_on_time_rate_counts_open_overdue_feedback_and_reopened_ones(monday, submit, personas):
    """On time = answered by the deadline / (answered + still open past the deadline)."""
    from danchu.feedback import stats

    official = personas["official_a"]
    answered = submit()
    services.feedback_answer(feedback=answered, answer="Đã vá.", actor=official)  # on time
    submit(description="Đèn đường hẻm 7 không sáng nhiều ngày nay rồi.")  # never answered: due 16/12
    s = stats.summary(Feedback.objects.all(), today=date(2026, 12, 28))
    assert (s["answered"], s["on_time"], s["overdue"], s["on_time_rate"]) == (1, 1, 1, 50.0)
    # the reporter reopens: the earlier on-time answer no longer counts
    services.feedback_rate(feedback=answered, rating=2, reopen=True)
    answered.refresh_from_db()
    assert answered.answered_on_time is None and answered.state == State.IN_PROGRESS
    s = stats.summary(Feedback.objects.all(), today=date(2026, 12, 8))
    assert (s["answered"], s["on_time"], s["open"], s["on_time_rate"]) == (0, 0, 2, None)
    row = stats.by(Feedback.objects.all(), "category__name", today=date(2026, 12, 28))[0]
    assert (row["answered"], row["overdue"], row["on_time_rate"]) == (0, 2, 0.0)


def test_answered_feedback_closes_after_the_reopening_window(monday, submit, personas):
    from django.core.management import call_command

    feedback = submit()
    services.feedback_answer(feedback=feedback, answer="Đã vá.", actor=personas["official_a"])
    assert services.close_answered(today=date(2026, 12, 17)) == 0  # answered 07/12 + 10 days: still open to reopen
    call_command("close_answered_feedback", "--date", "2026-12-18")
    feedback.refresh_from_db()
    assert feedback.state == State.CLOSED
    assert "feedback.feedback.closed_automatically" in _verbs(feedback)


def test_an_oversized_photo_is_refused_and_nothing_is_created(submit):
    big = SimpleUploadedFile("anh-lon.png", b"\x89PNG\r\n\x1a\n" + b"\0" * (services.MAX_PHOTO_BYTES + 1),
                             content_type="image/png")
    with pytest.raises(ValidationError) as exc:
        submit(photos=[big])
    assert "photos" in exc.value.error_dict
    assert Feedback.objects.count() == 0
