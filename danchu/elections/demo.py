"""Demo elections in Phường Cái Khế (called by `danchu demo`; idempotent): a completed and recognised election of
the head of Khu vực 2, and an upcoming election of the head of Khu vực 3 with its public notice."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction

from danchu.core import clock

from . import services
from .domain import Office, VoteMethod
from .models import Election


@transaction.atomic
def build_demo() -> dict:
    from danchu.accounts.models import User
    from danchu.units.models import AdministrativeUnit
    from danchu.units.services import household_count_on

    commune = AdministrativeUnit.objects.filter(version__code="2025", code="31120").first()
    official = User.objects.filter(username="canbo.caikhe").first()
    chairman = User.objects.filter(username="chutich.caikhe").first()
    front = User.objects.filter(username="mattran.caikhe").first()
    if commune is None or not (official and chairman):
        return {"elections_created": 0}
    today = clock.today()
    created = 0
    kv2 = commune.children.filter(code="31120-02").first()
    if kv2 is not None and not Election.objects.filter(village=kv2, office=Office.VILLAGE_HEAD).exists():
        day = today - timedelta(days=60)
        e = services.election_plan(village=kv2, office=Office.VILLAGE_HEAD, election_day=day,
                                   decided_on=day - timedelta(days=25), decision_number="152/KH-UBND",
                                   place="Nhà văn hóa Khu vực 2, hẻm 52 đường Trần Văn Khéo", actor=chairman)
        first = services.candidate_add(election=e, full_name="Nguyễn Thị Mỹ Dung", birth_year=1978, actor=official)
        second = services.candidate_add(election=e, full_name="Trương Văn Hải", birth_year=1969, actor=official)
        services.election_step(election=e, step="candidates", done_on=day - timedelta(days=16), actor=official)
        services.election_step(election=e, step="team", done_on=day - timedelta(days=11), actor=front or official,
                               team_members="Đại diện Ban công tác Mặt trận Khu vực 2 — Tổ trưởng\n"
                                            "Chi hội Phụ nữ Khu vực 2 — thành viên\nĐại diện hộ gia đình — thành viên")
        services.election_step(election=e, step="notice", done_on=day - timedelta(days=8), actor=official)
        total = household_count_on(kv2, day)
        participating = max(1, total - 3)
        winner = total // 2 + 1
        services.result_record(election=e, method=VoteMethod.MEETING, participating=participating,
                               votes={first.pk: winner, second.pk: max(0, participating - winner - 1)}, actor=official)
        services.result_send(election=e, sent_on=day + timedelta(days=1), actor=official)
        services.election_recognise(election=e, decision_number="160/QĐ-UBND", decided_on=day + timedelta(days=4),
                                    actor=chairman)
        created += 1
    kv3 = commune.children.filter(code="31120-03").first()
    if kv3 is not None and not Election.objects.filter(village=kv3, office=Office.VILLAGE_HEAD).exists():
        day = today + timedelta(days=14)
        e = services.election_plan(village=kv3, office=Office.VILLAGE_HEAD, election_day=day,
                                   decided_on=today - timedelta(days=10), decision_number="171/KH-UBND",
                                   place="Nhà văn hóa Khu vực 3", actor=chairman)
        services.candidate_add(election=e, full_name="Lâm Thanh Phong", birth_year=1975, actor=official)
        services.candidate_add(election=e, full_name="Đỗ Thị Bích Ngọc", birth_year=1983, actor=official)
        services.election_step(election=e, step="candidates", done_on=today - timedelta(days=2), actor=official)
        created += 1
    return {"elections_created": created}
