"""Services of Nhân dân tham gia ý kiến: each step, its audit row, the refusals (nothing changed), and the
disclosure items of Art.11.11 created and published through the disclosure services."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from danchu.consultations import services
from danchu.consultations.models import Consultation, Opinion, SynthesisEntry
from danchu.core import audit
from danchu.core.models import AuditEvent

from .conftest import AFTER, LAST_DAY, PLAN, PUBLISHED, at

pytestmark = pytest.mark.django_db


def verbs(obj) -> list[str]:
    return list(AuditEvent.objects.filter(target_type=obj._meta.label_lower, target_id=str(obj.pk))
                .order_by("seq").values_list("verb", flat=True))


def codes(exc) -> set[str]:
    if hasattr(exc, "error_dict"):
        return {e.code for errors in exc.error_dict.values() for e in errors}
    return {exc.code}


# --- plan ---------------------------------------------------------------------------------------------


def test_it_creates_a_draft_plan_with_its_documents(tree, personas, clock):
    doc = SimpleUploadedFile("du-thao.txt", "Dự thảo quy chế.\n".encode(), content_type="text/plain")
    c = services.consultation_create(commune=tree.commune_a, actor=personas["official_a"], opens_on=PUBLISHED,
                                     closes_on=LAST_DAY, villages=[tree.village_a1], documents=[doc], **PLAN)
    assert c.state == "draft" and c.forms == ["portal", "community_meeting", "box_hotline"]
    assert c.decision_authority == "UBND Phường Cái Khế"
    assert [a.original_name for a in c.documents.all()] == ["du-thao.txt"]
    assert list(c.villages.all()) == [tree.village_a1]
    assert verbs(c) == ["consultations.consultation.created"]


def test_it_refuses_a_period_of_19_days_and_keeps_nothing(tree, personas, clock):
    with pytest.raises(ValidationError) as exc:
        services.consultation_create(commune=tree.commune_a, actor=personas["official_a"], opens_on=PUBLISHED,
                                     closes_on=date(2026, 11, 22), **PLAN)
    assert codes(exc.value) == {"period_too_short"}
    assert not Consultation.objects.exists()


@pytest.mark.parametrize(("changes", "code"), [
    ({"content_kind": 12}, "invalid_content_kind"),
    ({"forms": []}, "forms_required"),
    ({"forms": ["fax"]}, "invalid_form"),
    ({"title": "   "}, "required"),
    ({"title": "x" * 301}, "too_long"),
    ({"description": ""}, "required"),
])
def test_it_refuses_a_bad_plan(tree, personas, clock, changes, code):
    with pytest.raises(ValidationError) as exc:
        services.consultation_create(commune=tree.commune_a, actor=personas["official_a"], opens_on=PUBLISHED,
                                     closes_on=LAST_DAY, **{**PLAN, **changes})
    assert code in codes(exc.value)
    assert not Consultation.objects.exists()


def test_it_refuses_a_village_of_another_commune_and_a_village_as_commune(tree, personas, clock):
    with pytest.raises(ValidationError) as exc:
        services.consultation_create(commune=tree.commune_a, actor=personas["official_a"], opens_on=PUBLISHED,
                                     closes_on=LAST_DAY, villages=[tree.village_b1], **PLAN)
    assert codes(exc.value) == {"village_other_commune"}
    with pytest.raises(ValidationError) as exc:
        services.consultation_create(commune=tree.village_a1, actor=personas["official_a"], opens_on=PUBLISHED,
                                     closes_on=LAST_DAY, **PLAN)
    assert codes(exc.value) == {"not_a_commune"}


def test_the_plan_goes_to_both_the_council_and_the_front(make_consultation, personas):
    c = make_consultation("draft")
    with pytest.raises(ValidationError) as exc:
        services.consultation_send_plan(consultation=c, actor=personas["official_a"], to_council=True, to_front=False)
    assert codes(exc.value) == {"both_recipients_required"}
    c.refresh_from_db()
    assert c.state == "draft" and c.plan_sent_on is None
    services.consultation_send_plan(consultation=c, actor=personas["official_a"], to_council=True, to_front=True)
    assert (c.state, c.plan_sent_on) == ("plan_sent", PUBLISHED)
    assert verbs(c)[-1] == "consultations.consultation.plan_sent"


def test_it_cannot_publish_before_the_plan_is_sent(make_consultation, personas):
    c = make_consultation("draft")
    with pytest.raises(ValidationError) as exc:
        services.consultation_publish(consultation=c, actor=personas["official_a"])
    assert exc.value.code == "invalid_transition"


def test_publishing_starts_the_period_and_publishes_disclosure_item_11(make_consultation, personas):
    from danchu.disclosure.models import DisclosureItem

    c = make_consultation("open")
    assert (c.state, c.published_on, c.opens_on, c.closes_on) == ("open", PUBLISHED, PUBLISHED, LAST_DAY)
    item = DisclosureItem.objects.get(pk=c.plan_item_id)
    assert (item.category, item.status, item.published_on) == (11, "published", PUBLISHED)
    assert item.title == "Lấy ý kiến Nhân dân: Dự thảo Quy chế thực hiện dân chủ ở Phường Cái Khế"
    assert "từ ngày 03/11/2026 đến hết ngày 23/11/2026" in item.body
    assert verbs(item) == ["disclosure.item.created", "disclosure.item.published"]
    assert audit.verify() is None


def test_publishing_later_than_planned_needs_a_new_last_day(make_consultation, personas, clock):
    c = make_consultation("plan_sent")
    clock.move_to(at(date(2026, 11, 10)))
    with pytest.raises(ValidationError) as exc:
        services.consultation_publish(consultation=c, actor=personas["official_a"])
    assert codes(exc.value) == {"period_too_short"}
    c.refresh_from_db()
    assert c.state == "plan_sent" and c.plan_item_id is None
    services.consultation_publish(consultation=c, actor=personas["official_a"], closes_on=date(2026, 11, 30))
    assert (c.opens_on, c.closes_on) == (date(2026, 11, 10), date(2026, 11, 30))


def test_the_plan_cannot_change_once_published(make_consultation, personas):
    c = make_consultation("open")
    with pytest.raises(ValidationError) as exc:
        services.consultation_update(consultation=c, actor=personas["official_a"], title="Khác")
    assert exc.value.code == "not_editable"


def test_it_cannot_close_before_the_end_of_the_last_day(make_consultation, personas, clock):
    c = make_consultation("open")
    clock.move_to(at(LAST_DAY, 23))
    with pytest.raises(ValidationError) as exc:
        services.consultation_close(consultation=c, actor=personas["official_a"])
    assert exc.value.code == "period_not_over"
    clock.move_to(at(AFTER))
    services.consultation_close(consultation=c, actor=personas["official_a"])
    assert (c.state, c.closed_on) == ("closed", AFTER)


# --- opinions -------------------------------------------------------------------------------------------


def test_a_resident_gives_several_opinions_online(make_consultation, personas, tree):
    c = make_consultation("open")
    resident = personas["resident"]
    a = services.opinion_submit(consultation=c, user=resident, text="Đề nghị bổ sung việc công khai trên loa.",
                                stance="other", village=tree.village_a1)
    b = services.opinion_submit(consultation=c, user=resident, text="Tán thành dự thảo.", stance="agree")
    assert (a.channel, a.author, a.village, a.received_on) == ("online", resident, tree.village_a1, PUBLISHED)
    assert b.village is None
    assert verbs(a) == ["consultations.opinion.submitted"]


def test_no_anonymous_opinion_online(make_consultation):
    from django.contrib.auth.models import AnonymousUser

    c = make_consultation("open")
    with pytest.raises(ValidationError) as exc:
        services.opinion_submit(consultation=c, user=AnonymousUser(), text="Ẩn danh")
    assert exc.value.code == "login_required"
    assert not Opinion.objects.exists()


def test_no_opinion_online_outside_the_period_or_without_the_portal(make_consultation, personas, clock):
    resident = personas["resident"]
    draft = make_consultation("plan_sent")
    with pytest.raises(ValidationError) as exc:
        services.opinion_submit(consultation=draft, user=resident, text="Sớm quá")
    assert exc.value.code == "not_open"
    offline = make_consultation("open", forms=["community_meeting"])
    with pytest.raises(ValidationError) as exc:
        services.opinion_submit(consultation=offline, user=resident, text="Trực tuyến")
    assert exc.value.code == "online_not_offered"
    c = make_consultation("open")
    clock.move_to(at(AFTER))
    with pytest.raises(ValidationError) as exc:
        services.opinion_submit(consultation=c, user=resident, text="Muộn")
    assert exc.value.code == "not_open"
    assert not Opinion.objects.exists()


def test_a_resident_cannot_name_a_village_of_another_commune(make_consultation, personas, tree):
    c = make_consultation("open")
    with pytest.raises(ValidationError) as exc:
        services.opinion_submit(consultation=c, user=personas["resident"], text="x", village=tree.village_b1)
    assert codes(exc.value) == {"village_other_commune"}


def test_the_rate_limit_stops_a_flood(personas):
    resident = personas["resident"]
    assert [services.opinion_allowed(resident) for _i in range(6)] == [True] * 5 + [False]


def test_an_official_enters_opinions_from_a_meeting_the_hotline_and_a_box(make_consultation, personas, tree, clock):
    c = make_consultation("open")
    official = personas["official_a"]
    meeting = services.opinion_record(consultation=c, actor=official, channel="meeting", stance="disagree",
                                      text="Hội nghị khu vực 1 đề nghị chưa thông qua chương 3.", people_count=35,
                                      village=tree.village_a1, source_note="Hội nghị khu vực 1 ngày 10/11")
    hotline = services.opinion_record(consultation=c, actor=official, channel="hotline", text="Gọi đường dây nóng.")
    assert (meeting.people_count, meeting.entered_by, meeting.author) == (35, official, None)
    assert hotline.author_name == "" and hotline.village is None
    clock.move_to(at(AFTER))
    letter = services.opinion_record(consultation=c, actor=official, channel="letter", text="Thư gửi ngày cuối.",
                                     received_on=LAST_DAY)
    assert letter.received_on == LAST_DAY  # a letter posted on the last day still counts
    events = AuditEvent.objects.filter(verb="consultations.opinion.recorded")
    assert events.count() == 3


@pytest.mark.parametrize(("changes", "code"), [
    ({"channel": "online"}, "invalid_channel"),
    ({"channel": "pigeon"}, "invalid_channel"),
    ({"people_count": 0}, "invalid_people_count"),
    ({"people_count": 10**9}, "invalid_people_count"),
    ({"text": "  "}, "required"),
    ({"stance": "maybe"}, "invalid_stance"),
    ({"received_on": date(2026, 11, 2)}, "before_opening"),
    ({"received_on": date(2026, 12, 1)}, "future_date"),
])
def test_it_refuses_a_bad_entry(make_consultation, personas, changes, code):
    c = make_consultation("open")
    data = {"channel": "meeting", "text": "Ý kiến", **changes}
    with pytest.raises(ValidationError) as exc:
        services.opinion_record(consultation=c, actor=personas["official_a"], **data)
    assert code in codes(exc.value)
    assert not Opinion.objects.exists()


# --- synthesis and decision -------------------------------------------------------------------------------


@pytest.fixture
def with_opinions(make_consultation, personas, tree, clock):
    c = make_consultation("open")
    official = personas["official_a"]
    ops = [
        services.opinion_submit(consultation=c, user=personas["resident"], stance="agree",
                                text="Tán thành, đề nghị niêm yết cả ở chợ.", village=tree.village_a1),
        services.opinion_record(consultation=c, actor=official, channel="meeting", stance="disagree", people_count=30,
                                text="Chưa đồng ý mức đóng góp.", village=tree.village_a2),
        services.opinion_record(consultation=c, actor=official, channel="comment_box", stance="disagree",
                                text="Mức đóng góp quá cao.", village=tree.village_a2),
    ]
    clock.move_to(at(AFTER))
    services.consultation_close(consultation=c, actor=official)
    return c, ops


def test_it_cannot_write_the_synthesis_while_the_period_is_open(make_consultation, personas):
    c = make_consultation("open")
    o = services.opinion_record(consultation=c, actor=personas["official_a"], channel="hotline", text="x")
    with pytest.raises(ValidationError) as exc:
        services.entry_save(consultation=c, actor=personas["official_a"], opinions=[o], outcome="accepted",
                            response="y")
    assert exc.value.code == "not_synthesising"


def test_the_synthesis_accepts_one_and_explains_a_group(with_opinions, personas):
    c, (agree, meeting, box) = with_opinions
    official = personas["official_a"]
    one = services.entry_save(consultation=c, actor=official, opinions=[agree], outcome="accepted",
                              response="Bổ sung niêm yết tại chợ Cái Khế (Điều 8 dự thảo).")
    c.refresh_from_db()
    assert c.state == "synthesis"
    with pytest.raises(ValidationError) as exc:
        services.synthesis_publish(consultation=c, actor=official, summary="Tổng hợp")
    assert exc.value.code == "opinions_uncovered"
    group = services.entry_save(consultation=c, actor=official, opinions=[meeting, box], outcome="explained",
                                summary="Ý kiến về mức đóng góp", response="Mức đóng góp là tự nguyện, không bắt buộc.")
    assert set(group.opinions.all()) == {meeting, box} and one.opinions.get() == agree
    # moving an opinion to another row removes the row left empty
    services.entry_save(consultation=c, actor=official, opinions=[agree, meeting, box], outcome="explained",
                        response="Giải trình chung.")
    assert not SynthesisEntry.objects.filter(pk__in=[one.pk, group.pk]).exists()
    assert verbs(one)[-1] == "consultations.entry.created"


def test_an_entry_refuses_an_opinion_of_another_consultation(with_opinions, make_consultation, personas, clock):
    c, ops = with_opinions
    clock.move_to(at(PUBLISHED))
    other = make_consultation("closed")
    with pytest.raises(ValidationError) as exc:
        services.entry_save(consultation=other, actor=personas["official_a"], opinions=ops[:1], outcome="accepted",
                            response="x")
    assert codes(exc.value) == {"opinion_other_consultation"}


def _publish(c, official):
    agree, meeting, box = c.opinions.order_by("id")
    services.entry_save(consultation=c, actor=official, opinions=[agree], outcome="accepted",
                        response="Bổ sung niêm yết tại chợ.")
    services.entry_save(consultation=c, actor=official, opinions=[meeting, box], outcome="explained",
                        response="Mức đóng góp là tự nguyện.")
    return services.synthesis_publish(consultation=c, actor=official, summary="Đã nhận 3 ý kiến của 32 người.")


def test_publishing_the_synthesis_publishes_disclosure_item_11_with_the_report(with_opinions, personas):
    from danchu.disclosure.models import DisclosureItem

    c, _ops = with_opinions
    _publish(c, personas["official_a"])
    assert (c.state, c.synthesis_published_on) == ("synthesis_published", AFTER)
    item = DisclosureItem.objects.get(pk=c.synthesis_item_id)
    assert (item.category, item.status, item.published_on) == (11, "published", AFTER)
    assert "3 ý kiến; 1 nội dung tiếp thu, 1 nội dung giải trình" in item.body
    pdf = item.attachments.get()
    assert pdf.original_name.endswith(".pdf") and pdf.size > 1000
    with pytest.raises(ValidationError):
        services.entry_delete(entry=c.entries.first(), actor=personas["official_a"])  # published: frozen
    notice = personas["resident"].notifications.get()  # the resident who gave an opinion online is told
    assert notice.channel == "in_app" and notice.url == f"/lay-y-kien/{c.pk}/#ket-qua"
    assert audit.verify() is None


def test_a_decision_against_the_majority_needs_and_publishes_an_explanation(with_opinions, personas):
    from danchu.disclosure.models import DisclosureItem

    c, _ops = with_opinions
    official = personas["official_a"]
    _publish(c, official)
    # 31 of 32 people disagreed; adopting the draft goes against the majority
    with pytest.raises(ValidationError) as exc:
        services.decision_record(consultation=c, actor=official, outcome="adopted", explanation="")
    assert codes(exc.value) == {"explanation_required"}
    c.refresh_from_db()
    assert c.state == "synthesis_published" and not c.decision_outcome
    services.decision_record(consultation=c, actor=official, outcome="adopted", decision_number="12/QĐ-UBND",
                             explanation="Mức đóng góp đã giảm một nửa và được miễn cho hộ nghèo.")
    assert (c.state, c.majority_stance, c.against_majority) == ("decided", "disagree", True)
    item = DisclosureItem.objects.get(pk=c.synthesis_item_id)
    assert item.version == 2 and "Mức đóng góp đã giảm một nửa" in item.body
    assert item.versions.order_by("-version").first().change_note.startswith("Công khai giải thích")
    assert verbs(c)[-1] == "consultations.consultation.decided"


def test_a_decision_with_the_majority_needs_no_explanation(with_opinions, personas):
    c, _ops = with_opinions
    _publish(c, personas["official_a"])
    services.decision_record(consultation=c, actor=personas["official_a"], outcome="not_adopted")
    assert (c.against_majority, c.against_majority_explanation) == (False, "")
    services.council_report_record(consultation=c, actor=personas["official_a"])
    assert c.reported_to_council_on == AFTER


def test_a_synthesis_with_no_opinion_can_be_published(make_consultation, personas):
    c = make_consultation("closed")
    services.synthesis_publish(consultation=c, actor=personas["official_a"], summary="Không nhận được ý kiến nào.")
    assert c.state == "synthesis_published"
