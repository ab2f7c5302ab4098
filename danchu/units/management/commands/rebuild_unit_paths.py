"""`danchu rebuild_unit_paths`: recompute every `path` from `parent` (parent is the source of truth)."""

from __future__ import annotations

from collections import defaultdict

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from danchu.units.models import AdministrativeUnit


def rebuild_unit_paths() -> int:
    """Walk the tree from its roots; return how many paths changed. Raises on a cycle or orphan."""
    with transaction.atomic():
        rows = list(AdministrativeUnit.objects.select_for_update().values_list("pk", "parent_id", "path"))
        children: dict[int | None, list[int]] = defaultdict(list)
        old_path = {}
        for pk, parent_id, path in rows:
            children[parent_id].append(pk)
            old_path[pk] = path
        new_path: dict[int, str] = {}
        stack = [(pk, "/") for pk in children[None]]
        while stack:
            pk, prefix = stack.pop()
            new_path[pk] = f"{prefix}{pk}/"
            stack.extend((child, new_path[pk]) for child in children[pk])
        if len(new_path) != len(rows):
            raise ValueError(f"{len(rows) - len(new_path)} unit(s) are not reachable from a root (cycle?)")
        changed = [AdministrativeUnit(pk=pk, path=p) for pk, p in new_path.items() if old_path[pk] != p]
        AdministrativeUnit.objects.bulk_update(changed, ["path"], batch_size=1000)
        return len(changed)


class Command(BaseCommand):
    help = "Tính lại đường dẫn (path) của mọi đơn vị hành chính từ đơn vị cấp trên (parent)."

    def handle(self, *args, **options):
        try:
            changed = rebuild_unit_paths()
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        total = AdministrativeUnit.objects.count()
        self.stdout.write(self.style.SUCCESS(
            _("Đã tính lại đường dẫn: %(changed)s/%(total)s đơn vị thay đổi.") % {"changed": changed, "total": total}))
