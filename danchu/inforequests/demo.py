"""A few information requests in each state for the demo communes (called by `danchu demo`; idempotent)."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction

from danchu.core import clock

from . import services
from .domain import Channel, Complexity, Delivery
from .models import InfoRequest

REQUESTS = [
    ("Lê Văn Tư", "Số 8, đường Mậu Thân", "092080001234", "0912000001",
     "Bản đồ quy hoạch sử dụng đất của khu vực 2 và quyết định phê duyệt", Delivery.EMAIL, "Tìm hiểu trước khi xây nhà"),
    ("Trần Thị Hoa", "Số 41, hẻm 30 Trần Hưng Đạo", "092180004321", "0912000002",
     "Danh sách hộ được hỗ trợ sau triều cường tháng 10 và mức hỗ trợ", Delivery.IN_PERSON, "Kiểm tra quyền lợi"),
    ("Nguyễn Minh Khôi", "Số 3, đường Nguyễn Trãi", "092090007777", "0912000003",
     "Biên bản nghiệm thu công trình nâng cấp hẻm 52", Delivery.POST, "Giám sát công trình của khu vực"),
]


@transaction.atomic
def build_demo() -> dict:
    from danchu.accounts.models import User
    from danchu.units.models import AdministrativeUnit

    commune = AdministrativeUnit.objects.filter(version__code="2025", code="31120").first()
    official = User.objects.filter(username="canbo.caikhe").first()
    if commune is None or official is None or InfoRequest.objects.filter(commune=commune).exists():
        return {"info_requests_created": 0}
    today = clock.today()
    made = []
    for i, (name, address, id_number, phone, content, delivery, purpose) in enumerate(REQUESTS):
        made.append(services.request_record(
            commune=commune, actor=official, channel=[Channel.ELECTRONIC, Channel.IN_PERSON, Channel.POST][i],
            full_name=name, address=f"{address}, {commune.name}", id_number=id_number, phone=phone,
            email="le.van.tu@example.vn" if delivery == Delivery.EMAIL else "",
            content=content, delivery=delivery, purpose=purpose,
            complexity=Complexity.COMPLEX if i == 2 else Complexity.SIMPLE,
            received_on=today - timedelta(days=[6, 2, 1][i]),
        ))
    services.request_provide(request=made[0], actor=official, answer="Gửi kèm bản đồ quy hoạch và Quyết định phê duyệt.")
    services.request_notify_deadline(request=made[2], actor=official, note="Cần tập hợp hồ sơ nghiệm thu từ Ban quản lý dự án.")
    return {"info_requests_created": len(made), "tracking_code_to_try": made[2].tracking_code}
