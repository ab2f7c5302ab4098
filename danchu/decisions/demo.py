"""Demo of Nhân dân bàn và quyết định in Phường Cái Khế (called by `danchu demo`; idempotent):

- Khu vực 1: a K1 contribution that failed at the meeting (the absent households decided it), passed by household
  ballot, was sent to the ward and recognised;
- Khu vực 2: a K3 (village convention) noticed, its meeting in a few days;
- Khu vực 1: a residents' initiative collecting consents (Art.16.3).
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction

from danchu.core import clock

from . import services
from .domain import Choice, Kind
from .models import Decision

K1_TITLE = "Bê tông hóa hẻm 52 đường Mậu Thân, mỗi hộ góp 500.000 đồng"
TEAM = ["Võ Thị Kim Liên", "Nguyễn Thị Thu Hà", "Trần Văn Bảy"]


@transaction.atomic
def build_demo() -> dict:
    from danchu.accounts.models import User
    from danchu.units.models import AdministrativeUnit

    commune = AdministrativeUnit.objects.filter(version__code="2025", code="31120").first()
    head = User.objects.filter(username="truongkv1.caikhe").first()
    official = User.objects.filter(username="canbo.caikhe").first()
    if commune is None or head is None or official is None:
        return {"decisions_created": 0}
    villages = list(AdministrativeUnit.objects.filter(parent=commune, level=4, valid_to__isnull=True)
                    .order_by("name"))
    if len(villages) < 2 or Decision.objects.filter(unit__in=villages, title=K1_TITLE).exists():
        return {"decisions_created": 0}
    kv1, kv2 = villages[0], villages[1]
    today = clock.today()

    # --- K1 in Khu vực 1: meeting → household ballot → passed → sent → recognised
    k1 = services.decision_create(
        unit=kv1, kind=Kind.K1, title=K1_TITLE, actor=head,
        content="Làm 180 m đường bê tông rộng 3 m từ đầu hẻm 52 đến cầu Rạch Ngỗng; tổng kinh phí 420 triệu đồng, "
                "ngân sách phường hỗ trợ 60%, Nhân dân đóng góp phần còn lại.",
        options="Mỗi hộ góp 500.000 đồng (hộ nghèo, hộ cận nghèo được miễn), nộp cho Ban điều hành khu vực "
                "trước ngày 31/12.")
    held = today - timedelta(days=19)
    meeting = services.meeting_notice(decision=k1, notice_on=held - timedelta(days=3), held_on=held,
                                      place="Nhà văn hóa Khu vực 1", chair_name=head.full_name, actor=head)
    households = list(services.households_on(kv1, held))
    total = len(households)
    present = households[: max(1, total * 5 // 9)]
    services.attendance_record(meeting=meeting, household_ids=[h.pk for h in present], actor=head)
    positions = {h.pk: Choice.AGREE for h in present}
    positions[present[-1].pk] = Choice.DISAGREE
    services.meeting_record(meeting=meeting, secretary_name="Nguyễn Thị Thu Hà", secretary_votes=len(present),
                            vote_method="hands", positions=positions, actor=head)
    k1.refresh_from_db()
    created = 1
    if k1.state == "meeting_held":
        services.ballot_open(decision=k1, plan_issued_on=held + timedelta(days=1),
                             plan_sent_on=held + timedelta(days=2), notice_on=held + timedelta(days=1),
                             distribute_on=held + timedelta(days=3), deadline=held + timedelta(days=7), team=TEAM,
                             leader_name=TEAM[0], actor=head)
        absent = households[len(present):]
        for i, h in enumerate(absent):
            services.ballot_enter(decision=k1, household=h, choice=Choice.DISAGREE if i == 0 else Choice.AGREE,
                                  actor=head)
        services.ballot_count(decision=k1, witness_1=households[0], witness_2=households[1], actor=head)
        k1.refresh_from_db()
    if k1.state == "passed":
        services.decision_send(decision=k1, sent_on=held + timedelta(days=9), actor=head)
        services.decision_recognise(decision=k1, recognised_on=held + timedelta(days=11),
                                    reference="125/QĐ-UBND", actor=official)

    # --- K3 in Khu vực 2: noticed, meeting in three days
    k3 = services.decision_create(
        unit=kv2, kind=Kind.K3, title="Sửa đổi hương ước Khu vực 2: giữ gìn vệ sinh bờ kè sông Cần Thơ",
        content="Bổ sung quy định không xả rác, không lấn chiếm bờ kè; tổ tự quản kiểm tra hằng tuần.",
        options="Thông qua dự thảo hương ước sửa đổi đã niêm yết tại nhà văn hóa.", actor=official)
    services.meeting_notice(decision=k3, notice_on=today, held_on=today + timedelta(days=3),
                            place="Nhà văn hóa Khu vực 2", chair_name="Trưởng Khu vực 2", actor=official)
    created += 1

    # --- an initiative collecting consents in Khu vực 1
    initiative = services.initiative_create(
        village=kv1, kind=Kind.K2, title="Lắp camera an ninh ở đầu và cuối hẻm 30",
        content="Đề nghị mỗi hộ góp 150.000 đồng để lắp 4 camera, kết nối với Công an phường.",
        initiator_name=households[2].representative_name, initiator_household=households[2],
        opened_on=today - timedelta(days=10), actor=head)
    for h in households[2:3]:
        services.consent_record(initiative=initiative, household=h, given_on=today - timedelta(days=9),
                                channel="written", actor=head)
    return {"decisions_created": created, "k1_state": k1.state, "k1_agree": f"{k1.agree}/{k1.household_total}",
            "k3_state": k3.state, "initiatives": 1}
