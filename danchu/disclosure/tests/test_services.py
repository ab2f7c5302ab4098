"""Services of the disclosure register: happy paths, bad input (nothing changes), audit rows, on-commit."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from danchu.core.models import Attachment, AuditEvent
from danchu.disclosure import services
from danchu.disclosure.domain import Channel, ItemStatus, ProblemCode
from danchu.disclosure.models import DisclosureItem, DisclosureItemVersion, Posting

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def make_item(tree, actor, **kw):
    fields = dict(commune=tree.commune_a, category=1, title="Kế hoạch phát triển kinh tế - xã hội năm 2026",
                  body="Nội dung", decision_number="12/QĐ-UBND", decision_date=date(2026, 2, 13),
                  decision_issuer="UBND phường Cái Khế", villages=[], actor=actor)
    fields.update(kw)
    return services.item_create(**fields)


def published(tree, actor, **kw):
    item = make_item(tree, actor, **kw)
    return services.item_publish(item=item, actor=actor, on=kw.get("decision_date", date(2026, 2, 13)) + timedelta(days=3))


def verbs():
    return list(AuditEvent.objects.order_by("seq").values_list("verb", flat=True))


# --- items -----------------------------------------------------------------------------------------


def test_it_creates_a_draft_with_the_deadline_across_tet(tree, personas):
    item = make_item(tree, personas["official_a"], villages=[tree.village_a1])
    assert item.status == ItemStatus.DRAFT
    assert item.publication_due == date(2026, 2, 27)  # 5 WD after Fri 13/02/2026, Tết 16–20/02 skipped
    assert list(item.villages.all()) == [tree.village_a1]
    assert "disclosure.item.created" in verbs()


def test_it_rejects_an_unknown_category_and_creates_nothing(tree, personas):
    with pytest.raises(ValidationError) as exc:
        make_item(tree, personas["official_a"], category=99)
    assert "khoản 1–14 Điều 11" in exc.value.message_dict["category"][0]
    assert DisclosureItem.objects.count() == 0


def test_it_rejects_a_village_of_another_commune(tree, personas):
    with pytest.raises(ValidationError) as exc:
        make_item(tree, personas["official_a"], villages=[tree.village_b1])
    assert exc.value.error_dict["villages"][0].code == "village_other_commune"
    assert DisclosureItem.objects.count() == 0


def test_it_rejects_a_future_decision_date_and_an_empty_title(tree, personas):
    with pytest.raises(ValidationError):
        make_item(tree, personas["official_a"], decision_date=timezone.localdate() + timedelta(days=1))
    with pytest.raises(ValidationError) as exc:
        make_item(tree, personas["official_a"], title="   ")
    assert "tiêu đề" in exc.value.message_dict["title"][0]


def test_a_title_of_zero_width_characters_is_empty(tree, personas):
    with pytest.raises(ValidationError) as exc:
        make_item(tree, personas["official_a"], title="\u200b\u200c\u200d\ufeff\u2060")
    assert exc.value.error_dict["title"][0].code == "required"
    assert DisclosureItem.objects.count() == 0
    item = make_item(tree, personas["official_a"], title="Kế\u200b hoạch\u00ad năm 2026", decision_number="\u200b")
    assert item.title == "Kế hoạch năm 2026" and item.decision_number == ""


def test_it_rejects_an_item_on_a_village_or_province(tree, personas):
    for unit in (tree.village_a1, tree.province):
        with pytest.raises(ValidationError):
            make_item(tree, personas["official_a"], commune=unit)


def test_it_publishes_writes_version_one_and_notifies_after_commit(tree, personas, monkeypatch,
                                                                  django_capture_on_commit_callbacks):
    import danchu.disclosure.subscriptions as subs

    sent = []
    monkeypatch.setattr(subs, "notify_subscribers", lambda pk: sent.append(pk))
    item = make_item(tree, personas["official_a"])
    with django_capture_on_commit_callbacks(execute=True):
        services.item_publish(item=item, actor=personas["official_a"], on=date(2026, 2, 27))
    item.refresh_from_db()
    assert item.status == ItemStatus.PUBLISHED and item.published_on == date(2026, 2, 27)
    assert list(item.versions.values_list("version", flat=True)) == [1]
    assert sent == [item.pk]
    event = AuditEvent.objects.get(verb="disclosure.item.published")
    assert event.data["late"] is False


def test_it_records_a_late_publication(tree, personas):
    item = make_item(tree, personas["official_a"])
    services.item_publish(item=item, actor=personas["official_a"], on=date(2026, 3, 2))
    assert AuditEvent.objects.get(verb="disclosure.item.published").data["late"] is True
    assert item.is_late(date(2026, 3, 2))
    assert DisclosureItem.objects.late(date(2026, 12, 1)).count() == 1


def test_it_refuses_to_publish_twice_or_before_the_decision_or_in_the_future(tree, personas):
    actor = personas["official_a"]
    item = make_item(tree, actor)
    with pytest.raises(ValidationError):
        services.item_publish(item=item, actor=actor, on=date(2026, 2, 12))
    with pytest.raises(ValidationError):
        services.item_publish(item=item, actor=actor, on=timezone.localdate() + timedelta(days=1))
    services.item_publish(item=item, actor=actor, on=date(2026, 2, 16))
    with pytest.raises(ValidationError) as exc:
        services.item_publish(item=item, actor=actor)
    assert exc.value.code == "invalid_transition"


def test_it_survives_a_missing_subscriptions_module(tree, personas, monkeypatch,
                                                    django_capture_on_commit_callbacks):
    import builtins

    real_import = builtins.__import__

    def fake_import(name, *args, **kwargs):
        if name == "danchu.disclosure.subscriptions":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    item = make_item(tree, personas["official_a"])
    with django_capture_on_commit_callbacks(execute=True):
        services.item_publish(item=item, actor=personas["official_a"], on=date(2026, 2, 20))
    assert DisclosureItem.objects.get(pk=item.pk).status == ItemStatus.PUBLISHED


def test_it_edits_a_draft_in_place(tree, personas):
    item = make_item(tree, personas["official_a"])
    services.item_update(item=item, actor=personas["official_a"], title="Tiêu đề mới", decision_date=date(2026, 3, 2))
    item.refresh_from_db()
    assert item.title == "Tiêu đề mới" and item.version == 1 and item.publication_due == date(2026, 3, 9)
    assert not DisclosureItemVersion.objects.exists()


def test_it_versions_a_published_item_and_requires_a_reason(tree, personas):
    actor = personas["official_a"]
    item = published(tree, actor)
    with pytest.raises(ValidationError) as exc:
        services.item_update(item=item, actor=actor, title="Đã sửa")
    assert "change_note" in exc.value.message_dict
    services.item_update(item=item, actor=actor, title="Đã sửa", change_note="Sửa số liệu quý I")
    item.refresh_from_db()
    assert item.version == 2 and item.published_on == date(2026, 2, 16)  # not re-published: category 1
    assert list(item.versions.values_list("version", "title")) == [(2, "Đã sửa"), (1, item.versions.get(version=1).title)]
    assert item.versions.get(version=2).change_note == "Sửa số liệu quý I"


def test_it_republishes_permanent_items_on_every_change(tree, personas, monkeypatch,
                                                        django_capture_on_commit_callbacks):
    import danchu.disclosure.subscriptions as subs

    sent = []
    monkeypatch.setattr(subs, "notify_subscribers", lambda pk: sent.append(pk))
    actor = personas["official_a"]
    item = published(tree, actor, category=13, title="Thủ tục hành chính cấp xã")
    sent.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.item_update(item=item, actor=actor, body="Thêm thủ tục mới", change_note="Cập nhật danh mục")
    item.refresh_from_db()
    assert item.version == 2 and item.published_on == timezone.localdate()
    assert sent == [item.pk]


def _on(day):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    import time_machine

    return time_machine.travel(datetime(day.year, day.month, day.day, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
                               tick=False)


def test_a_lawful_republication_is_not_late_and_keeps_the_original_on_time(tree, personas):
    """Art.14.1 + 12.3: a changed permanent item is re-published within 05 WD of the change."""
    actor = personas["official_a"]
    item = published(tree, actor, category=13, title="Thủ tục hành chính cấp xã")  # due 27/02, on 16/02
    with _on(date(2026, 6, 10)):
        services.item_update(item=item, actor=actor, body="Thêm thủ tục mới", change_note="Cập nhật danh mục")
    item.refresh_from_db()
    assert (item.published_on, item.publication_due) == (date(2026, 6, 10), date(2026, 6, 17))
    assert not item.is_late(date(2026, 6, 30)) and not item.was_late
    assert not DisclosureItem.objects.late(date(2026, 6, 30)).exists()
    assert list(item.versions.order_by("version").values_list("published_on", "publication_due")) == [
        (date(2026, 2, 16), date(2026, 2, 27)), (date(2026, 6, 10), date(2026, 6, 17))]
    row = services.compliance_for(tree.commune_a, today=date(2026, 6, 30)).rows[0]
    assert not row.late and ProblemCode.LATE not in {p.code for p in row.problems}


def test_a_late_original_stays_late_after_a_republication(tree, personas):
    actor = personas["official_a"]
    item = make_item(tree, actor, category=4, title="Quy chế dân chủ của phường")
    services.item_publish(item=item, actor=actor, on=date(2026, 3, 2))  # due 27/02: late
    with _on(date(2026, 6, 10)):
        services.item_update(item=item, actor=actor, body="Sửa quy chế", change_note="Sửa đổi")
    item.refresh_from_db()
    assert item.was_late and item.is_late(date(2026, 6, 30))
    assert list(DisclosureItem.objects.late(date(2026, 6, 30))) == [item]
    row = services.compliance_for(tree.commune_a, today=date(2026, 6, 30)).rows[0]
    late = [str(p.message) for p in row.problems if p.code == ProblemCode.LATE]
    assert row.late and late == ["Phiên bản 1 công khai ngày 02/03/2026, chậm so với hạn 27/02/2026 (05 ngày làm "
                                 "việc, khoản 3 Điều 12)."]


def test_a_republication_long_after_a_new_decision_is_late(tree, personas):
    actor = personas["official_a"]
    item = published(tree, actor, category=13, title="Thủ tục hành chính cấp xã")
    with _on(date(2026, 6, 10)):
        services.item_update(item=item, actor=actor, decision_number="30/QĐ-UBND", decision_date=date(2026, 5, 4),
                             change_note="Quyết định công bố thủ tục mới")
    item.refresh_from_db()
    assert item.publication_due == date(2026, 5, 11) and item.is_late(date(2026, 6, 30))
    assert AuditEvent.objects.filter(verb="disclosure.item.updated").get().data["late"] is True
    # a later correction does not wipe the late re-publication out
    with _on(date(2026, 6, 12)):
        services.item_update(item=item, actor=actor, body="Sửa lỗi chính tả", change_note="Đính chính")
    item.refresh_from_db()
    assert item.was_late and not item.current_late(date(2026, 6, 30))


def test_a_changed_ordinary_item_keeps_its_original_deadline(tree, personas):
    actor = personas["official_a"]
    item = published(tree, actor)  # category 1, due 27/02, published 16/02
    with _on(date(2026, 6, 10)):
        services.item_update(item=item, actor=actor, decision_date=date(2026, 6, 8), change_note="Điều chỉnh")
    item.refresh_from_db()
    assert (item.published_on, item.publication_due) == (date(2026, 2, 16), date(2026, 2, 27))
    assert not item.is_late(date(2026, 6, 30))
    assert item.versions.get(version=2).publication_due == date(2026, 6, 15)


def test_it_does_nothing_when_nothing_changes(tree, personas):
    actor = personas["official_a"]
    item = published(tree, actor)
    services.item_update(item=item, actor=actor, title=item.title)
    assert DisclosureItem.objects.get(pk=item.pk).version == 1


def test_it_withdraws_and_ends_postings_then_refuses_edits(tree, personas):
    actor = personas["official_a"]
    item = published(tree, actor)
    posting = services.posting_add(item=item, channel=Channel.COMMUNE_HQ, start=date(2026, 2, 16), actor=actor)
    services.item_withdraw(item=item, actor=actor, reason="Văn bản bị thay thế")
    posting.refresh_from_db()
    assert posting.end == timezone.localdate()
    with pytest.raises(ValidationError):
        services.item_update(item=item, actor=actor, title="x", change_note="y")
    with pytest.raises(ValidationError):
        services.item_withdraw(item=item, actor=actor)


def test_it_attaches_a_pdf_and_refuses_an_exe_disguised_as_pdf(tree, personas):
    actor = personas["official_a"]
    item = make_item(tree, actor)
    services.item_attach(item=item, uploaded_file=SimpleUploadedFile("quyet-dinh.pdf", PDF), actor=actor)
    with pytest.raises(ValidationError) as exc:
        services.item_attach(item=item, uploaded_file=SimpleUploadedFile("quyet-dinh.pdf", EXE), actor=actor)
    assert "files" in exc.value.message_dict
    assert item.attachments.count() == 1 and Attachment.objects.count() == 1


# --- postings --------------------------------------------------------------------------------------


def test_it_adds_a_posting_with_proof(tree, personas):
    actor = personas["official_a"]
    item = published(tree, actor)
    posting = services.posting_add(item=item, channel=Channel.VILLAGE_HOUSE, village=tree.village_a1,
                                   start=date(2026, 2, 16), end=date(2026, 3, 18), posted_by="Trưởng khu vực",
                                   proof_file=SimpleUploadedFile("anh.pdf", PDF), claims_compliance=True,
                                   actor=actor)
    assert posting.proof is not None and posting.claims_compliance
    assert "disclosure.posting.added" in verbs()


@pytest.mark.parametrize("kwargs, field, code", [
    ({"start": date(2026, 3, 10), "end": date(2026, 3, 1)}, "end", "end_before_start"),
    ({"village": "b1"}, "village", "village_other_commune"),
    ({"channel": Channel.VILLAGE_HOUSE}, "village", "village_required"),
    ({"start": date(2026, 2, 1)}, "start", "before_decision"),
    ({"channel": "bogus"}, "channel", "invalid_channel"),
    ({"end": date(2026, 3, 17), "claims_compliance": True}, "claims_compliance", "claim_not_met"),  # 29 days
    ({"end": None, "claims_compliance": True}, "claims_compliance", "claim_not_met"),
])
def test_it_rejects_bad_postings_in_vietnamese_and_changes_nothing(tree, personas, kwargs, field, code):
    actor = personas["official_a"]
    item = published(tree, actor)
    args = {"channel": Channel.COMMUNE_HQ, "start": date(2026, 2, 16), "end": date(2026, 3, 18)}
    args.update(kwargs)
    if args.get("village") == "b1":
        args["village"] = tree.village_b1
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.posting_add(item=item, actor=actor, **args)
    assert exc.value.error_dict[field][0].code == code
    # nothing is written but the refusal itself (core.services: a refused write is audited as <verb>.rejected)
    assert Posting.objects.count() == 0 and AuditEvent.objects.count() == before + 1
    rejected = AuditEvent.objects.latest("seq")
    assert rejected.verb == "disclosure.posting.added.rejected" and rejected.data["codes"] == [code]


def test_it_explains_a_rejected_compliance_claim(tree, personas):
    actor = personas["official_a"]
    item = published(tree, actor)
    with pytest.raises(ValidationError) as exc:
        services.posting_add(item=item, actor=actor, channel=Channel.COMMUNE_HQ, start=date(2026, 3, 1),
                             end=date(2026, 3, 30), claims_compliance=True)
    message = exc.value.message_dict["claims_compliance"][0]
    assert "29 ngày" in message and "30 ngày" in message
    assert "đến hết ngày 31/03/2026" in message  # the posting day is not counted (BLDS Art.147)


def test_it_accepts_a_30_day_claim_and_a_3_day_loudspeaker_claim(tree, personas):
    """Posted on 01/03 (not counted): 30 days at the end of 31/03, 03 loudspeaker days at the end of 04/03."""
    actor = personas["official_a"]
    item = published(tree, actor, category=7, title="Danh sách hộ nghèo")
    with pytest.raises(ValidationError):  # 01/03–30/03: 29 days (it used to be accepted as 30)
        services.posting_add(item=item, actor=actor, channel=Channel.COMMUNE_HQ, start=date(2026, 3, 1),
                             end=date(2026, 3, 30), claims_compliance=True)
    services.posting_add(item=item, actor=actor, channel=Channel.COMMUNE_HQ, start=date(2026, 3, 1),
                         end=date(2026, 3, 31), claims_compliance=True)
    services.posting_add(item=item, actor=actor, channel=Channel.LOUDSPEAKER, start=date(2026, 3, 1),
                         end=date(2026, 3, 4), claims_compliance=True)
    with pytest.raises(ValidationError):
        services.posting_add(item=item, actor=actor, channel=Channel.LOUDSPEAKER, start=date(2026, 3, 1),
                             end=date(2026, 3, 3), claims_compliance=True)


def test_it_refuses_postings_on_a_draft(tree, personas):
    item = make_item(tree, personas["official_a"])
    with pytest.raises(ValidationError) as exc:
        services.posting_add(item=item, actor=personas["official_a"], channel=Channel.PORTAL,
                             start=date(2026, 2, 16))
    assert exc.value.code == "not_published"


def test_it_refuses_an_exe_as_proof(tree, personas):
    actor = personas["official_a"]
    item = published(tree, actor)
    with pytest.raises(ValidationError) as exc:
        services.posting_add(item=item, actor=actor, channel=Channel.PORTAL, start=date(2026, 2, 16),
                             proof_file=SimpleUploadedFile("anh.jpg", EXE))
    assert "proof" in exc.value.message_dict
    assert Posting.objects.count() == 0


def test_it_ends_a_posting_once(tree, personas):
    actor = personas["official_a"]
    item = published(tree, actor)
    posting = services.posting_add(item=item, actor=actor, channel=Channel.PORTAL, start=date(2026, 2, 16))
    with pytest.raises(ValidationError):
        services.posting_end(posting=posting, end=date(2026, 2, 15), actor=actor)
    services.posting_end(posting=posting, end=date(2026, 3, 17), actor=actor)
    assert Posting.objects.get(pk=posting.pk).end == date(2026, 3, 17)
    with pytest.raises(ValidationError) as exc:
        services.posting_end(posting=posting, end=date(2026, 3, 18), actor=actor)
    assert exc.value.code == "already_ended"


# --- compliance and settings -----------------------------------------------------------------------


def test_it_reports_compliance_with_counts(tree, personas):
    actor = personas["official_a"]
    # the commune keeps its own portal elsewhere, so an item must also be posted there (Art.13.1)
    services.settings_update(commune=tree.commune_a, actor=actor, has_portal=True, has_loudspeaker=True,
                             portal_url="https://caikhe.cantho.gov.vn")
    good = published(tree, actor, title="Đủ")
    for channel, village in [(Channel.PORTAL, None), (Channel.COMMUNE_HQ, None),
                             (Channel.VILLAGE_HOUSE, tree.village_a1), (Channel.VILLAGE_HOUSE, tree.village_a2)]:
        services.posting_add(item=good, actor=actor, channel=channel, village=village, start=date(2026, 2, 16),
                             end=date(2026, 3, 18))
    bad = published(tree, actor, title="Thiếu", category=8)
    services.posting_add(item=bad, actor=actor, channel=Channel.COMMUNE_HQ, start=date(2026, 2, 16),
                         end=date(2026, 3, 1))
    make_item(tree, actor, title="Dự thảo")  # decided 13/02, due 27/02: overdue, not published
    make_item(tree, actor, title="Dự thảo còn hạn", decision_date=date(2026, 6, 29))  # not judged yet
    result = services.compliance_for(tree.commune_a, today=date(2026, 6, 30))
    rows = {r.item.title: r for r in result.rows}
    assert set(rows) == {"Đủ", "Thiếu", "Dự thảo"}
    assert rows["Đủ"].ok
    assert {p.code for p in rows["Thiếu"].problems} == {
        ProblemCode.PORTAL_MISSING, ProblemCode.POSTING_TOO_SHORT, ProblemCode.VILLAGE_HOUSE_MISSING,
        ProblemCode.LOUDSPEAKER_MISSING}
    assert [p.code for p in rows["Dự thảo"].problems] == [ProblemCode.NOT_PUBLISHED]
    assert "27/02/2026" in str(rows["Dự thảo"].problems[0].message) and rows["Dự thảo"].unpublished
    assert result.counts[ProblemCode.LOUDSPEAKER_MISSING] == 1 and result.with_problems == 2
    assert result.counts[ProblemCode.NOT_PUBLISHED] == 1 and (result.published, result.unpublished) == (2, 1)
    assert services.compliance_for(tree.commune_b).items == 0
    assert services.compliance_for(tree.province, today=date(2026, 6, 30)).items == 3


def test_it_applies_the_commune_settings(tree, personas):
    actor = personas["official_a"]
    published(tree, actor, category=7)
    services.settings_update(commune=tree.commune_a, actor=actor, has_portal=False, has_loudspeaker=False)
    codes = {p.code for p in services.compliance_for(tree.commune_a, today=date(2026, 6, 30)).rows[0].problems}
    assert ProblemCode.PORTAL_MISSING not in codes and ProblemCode.LOUDSPEAKER_MISSING not in codes
    assert ProblemCode.COMMUNE_HQ_MISSING in codes
    assert "disclosure.settings.changed" in verbs()


def test_danchu_counts_as_the_portal_when_the_commune_has_no_other(tree, personas):
    """Art.13.1 is met by publishing on danchu itself unless the commune records another portal."""
    actor = personas["official_a"]
    published(tree, actor, title="Chỉ đăng trên danchu")
    codes = {p.code for p in services.compliance_for(tree.commune_a, today=date(2026, 6, 30)).rows[0].problems}
    assert ProblemCode.PORTAL_MISSING not in codes and ProblemCode.COMMUNE_HQ_MISSING in codes
    services.settings_update(commune=tree.commune_a, actor=actor, has_portal=True, has_loudspeaker=True,
                             portal_url="https://caikhe.cantho.gov.vn")
    codes = {p.code for p in services.compliance_for(tree.commune_a, today=date(2026, 6, 30)).rows[0].problems}
    assert ProblemCode.PORTAL_MISSING in codes


def test_the_migration_fixes_permanent_items_republished_before_the_fix(tree, personas):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("danchu.disclosure.migrations.0004_republication_deadline")
    actor = personas["official_a"]
    item = published(tree, actor, category=13, title="Thủ tục hành chính cấp xã")  # due 27/02, on 16/02
    late = make_item(tree, actor, category=4, title="Quy chế")
    services.item_publish(item=late, actor=actor, on=date(2026, 3, 2))
    # what the old code left: the date moved to the change, the original deadline kept, no deadline per version
    DisclosureItemVersion.objects.update(publication_due=None)
    DisclosureItemVersion.objects.create(item=item, version=2, title=item.title, published_on=date(2026, 6, 10))
    DisclosureItem.objects.filter(pk=item.pk).update(version=2, published_on=date(2026, 6, 10))
    assert DisclosureItem.objects.late(date(2026, 6, 30)).count() == 2
    migration.fill_deadlines(apps, None)
    item.refresh_from_db()
    late.refresh_from_db()
    assert item.publication_due == date(2026, 6, 10) and not item.is_late(date(2026, 6, 30))
    assert list(item.versions.order_by("version").values_list("publication_due", flat=True)) == [
        date(2026, 2, 27), date(2026, 6, 10)]
    assert late.was_late and list(DisclosureItem.objects.late(date(2026, 6, 30))) == [late]


def test_the_quarter_filter_finds_an_item_by_any_of_its_publications(tree, personas):
    actor = personas["official_a"]
    item = published(tree, actor, category=13, title="Thủ tục hành chính cấp xã")  # 16/02/2026
    with _on(date(2026, 11, 9)):
        services.item_update(item=item, actor=actor, body="Thêm thủ tục", change_note="Cập nhật")
    assert list(DisclosureItem.objects.in_quarter(date(2026, 1, 1), date(2026, 3, 31))) == [item]
    assert list(DisclosureItem.objects.in_quarter(date(2026, 10, 1), date(2026, 12, 31))) == [item]
    assert not DisclosureItem.objects.in_quarter(date(2026, 4, 1), date(2026, 6, 30)).exists()
