"""Seed N published disclosure items spread over the communes of province 92 (for benchmark B3).

Run inside a prepared data directory: `python -m bench.seed_disclosure --count 100000`.
Bulk inserts (no audit rows, no versions): this is load data for the public list page, not a register.
"""

from __future__ import annotations

import argparse
import os
import random
import time
from datetime import date, timedelta


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100_000)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danchu.settings")
    import django

    django.setup()
    from django.db import transaction

    from danchu.disclosure.domain import CATEGORIES, ItemStatus
    from danchu.disclosure.models import DisclosureItem
    from danchu.units.domain import Level
    from danchu.units.models import AdministrativeUnit

    province = AdministrativeUnit.objects.get(version__code="2025", code="92", level=Level.PROVINCE)
    communes = list(AdministrativeUnit.objects.filter(parent=province, level=Level.COMMUNE).values_list("pk", "name"))
    existing = DisclosureItem.objects.filter(commune__parent=province).count()
    rng = random.Random(92)
    titles = ["Công khai dự toán ngân sách", "Danh sách hộ nghèo, hộ cận nghèo được bình xét",
              "Kế hoạch thu hồi đất, bồi thường, hỗ trợ tái định cư", "Kết quả thực hiện dự án đường giao thông nông thôn",
              "Mức thu phí chợ", "Danh sách công dân đủ điều kiện gọi nhập ngũ", "Thủ tục hành chính cấp xã",
              "Kết quả lấy ý kiến Nhân dân về quy hoạch", "Các khoản huy động Nhân dân đóng góp xây dựng cầu"]
    start = time.perf_counter()
    batch = []
    to_create = max(0, args.count - existing)
    with transaction.atomic():
        for i in range(to_create):
            commune_pk, commune_name = communes[i % len(communes)]
            category = rng.choice(CATEGORIES)
            published = date(2025, 7, 1) + timedelta(days=rng.randrange(0, 500))
            item = DisclosureItem(
                commune_id=commune_pk, category=category.number,
                title=f"{rng.choice(titles)} — {commune_name} (số {i + 1})",
                body="Nội dung công khai theo Luật Thực hiện dân chủ ở cơ sở.",
                decision_number=f"{rng.randint(1, 300)}/QĐ-UBND", decision_date=published - timedelta(days=3),
                decision_issuer=f"UBND {commune_name}", status=ItemStatus.PUBLISHED, published_on=published,
            )
            item.refresh_folded()
            batch.append(item)
            if len(batch) >= 5000:
                DisclosureItem.objects.bulk_create(batch)
                batch.clear()
        if batch:
            DisclosureItem.objects.bulk_create(batch)
    print(f"seeded {to_create} items ({existing} existed) in {time.perf_counter() - start:.1f}s")


if __name__ == "__main__":
    main()
