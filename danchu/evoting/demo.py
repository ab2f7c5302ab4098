"""Online votes in Khu vực 1, Phường Cái Khế (called by `danchu demo`; idempotent): the opt-in register above
50%, a closed poll with its published result and receipts, and an open poll the demo resident can vote in.

Demo households get a representative account (no usable password) so that their ballots go through
cast_vote() like any other; the demo resident `nguoidan` votes for their own household.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from . import services
from .models import Poll

CLOSED_QUESTION = "Tổ chức tổng vệ sinh, khai thông cống rãnh vào sáng Chủ nhật đầu tiên mỗi tháng?"
CLOSED_DESCRIPTION = ("Ban điều hành Khu vực 1 và Ban công tác Mặt trận đề nghị mỗi hộ cử một người tham gia "
                      "từ 6 giờ đến 8 giờ sáng Chủ nhật đầu tiên mỗi tháng; dụng cụ do Khu vực chuẩn bị.")
OPEN_QUESTION = "Lắp đèn chiếu sáng hẻm 52 đường Mậu Thân bằng kinh phí quỹ tự quản của Khu vực 1?"
OPEN_DESCRIPTION = ("Dự kiến 12 bộ đèn LED năng lượng mặt trời, tổng kinh phí khoảng 18 triệu đồng từ quỹ tự quản "
                    "(không thu thêm của hộ). Việc tự quản khác theo Điều 15 khoản 6 Luật Thực hiện dân chủ ở cơ sở.")


def _representative(household):
    """The household's representative account; demo households get one without a usable password."""
    from danchu.accounts.models import User

    if household.representative_id:
        return household.representative
    user = User.objects.filter(username=f"ho.{household.code}").first()
    if user is None:
        user = User(username=f"ho.{household.code}", full_name=household.representative_name)
        user.set_unusable_password()
        user.save()
    household.representative = user  # demo data only: staff link accounts to households in the admin
    household.save(update_fields=["representative", "modified"])
    return user


@transaction.atomic
def build_demo() -> dict:
    from danchu.accounts.models import User
    from danchu.units.models import AdministrativeUnit, Household

    village = AdministrativeUnit.objects.filter(version__code="2025", code="31120-01").first()
    head = User.objects.filter(username="truongkv1.caikhe").first()
    resident = User.objects.filter(username="nguoidan").first()
    if village is None or head is None or Poll.objects.filter(village=village, question=CLOSED_QUESTION).exists():
        return {"evoting_polls_created": 0}
    households = list(Household.objects.filter(village=village, dissolved_on__isnull=True).order_by("code"))
    mine = next((h for h in households if h.representative_id == getattr(resident, "pk", None)), None)
    others = [h for h in households if h is not mine]
    opted = ([mine] if mine else []) + others[: len(households) * 3 // 4]
    now = timezone.now()
    for h in opted:
        services.opt_in(household=h, actor=head, now=now - timedelta(days=30))
    # a Khu vực 2 below the threshold, to show the register
    second = AdministrativeUnit.objects.filter(version__code="2025", code="31120-02").first()
    if second:
        for h in Household.objects.filter(village=second).order_by("code")[:5]:
            services.opt_in(household=h, actor=head, now=now - timedelta(days=20))

    # 1) closed three weeks ago, result published
    opens = now - timedelta(days=24)
    closed = services.create_poll(village=village, question=CLOSED_QUESTION, description=CLOSED_DESCRIPTION,
                                  actor=head, opens_at=opens, closes_at=opens + timedelta(days=3),
                                  self_management_confirmed=True)
    services.open_poll(poll=closed, actor=head, now=opens)
    receipt = ""
    choices = [0, 0, 1, 0, 0, 2, 0, 0, 1, 0, 0, 0, 0, 1]
    for i, h in enumerate(opted[: len(choices)]):
        cast = services.cast_vote(poll=closed, household=h, option=choices[i], user=_representative(h),
                                  now=opens + timedelta(hours=3 + 5 * i))
        if h is mine:
            receipt = cast.receipt_code
    services.close_poll(poll=closed, actor=head, now=closed.closes_at)
    services.publish_poll(poll=closed, actor=head, now=closed.closes_at + timedelta(hours=2))

    # 2) open now; some households have voted, the demo resident has not
    opens = now - timedelta(days=1)
    open_poll = services.create_poll(village=village, question=OPEN_QUESTION, description=OPEN_DESCRIPTION,
                                     actor=head, opens_at=opens, closes_at=now + timedelta(days=5),
                                     self_management_confirmed=True)
    services.open_poll(poll=open_poll, actor=head, now=opens)
    for i, h in enumerate([h for h in opted if h is not mine][:6]):
        services.cast_vote(poll=open_poll, household=h, option=[0, 0, 1, 0, 2, 0][i], user=_representative(h),
                           now=opens + timedelta(hours=2 + i))
    return {"evoting_polls_created": 2, "evoting_opted_in": len(opted),
            "evoting_households": len(households), "evoting_result_page": f"/bieu-quyet/{closed.pk}/ket-qua/",
            "evoting_receipt_of_nguoidan": receipt}
