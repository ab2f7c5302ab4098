"""After the unit lineage changed (a correction of NQ 1668 links, a village merge): recompute the unit every
report adds up into. Idempotent.

    danchu relink_submissions
"""

from django.core.management.base import BaseCommand

from danchu.steering.services import submissions_relink


class Command(BaseCommand):
    help = "Tính lại đơn vị hiện nay mà mỗi báo cáo được cộng vào (sau khi quan hệ kế thừa đơn vị thay đổi)."

    def handle(self, *args, **options):
        changed = submissions_relink(actor="danchu relink_submissions")
        self.stdout.write(f"Đã cập nhật {changed} báo cáo.")
