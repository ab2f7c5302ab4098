"""Recompute the tally of an online vote from its ballot export (JSON or CSV), without the database.

    danchu verify_tally bieu-quyet-12-phieu.json [--receipt ABCDE-FGHJK-MNPQR]

Checks that no receipt hash appears twice, counts the ballots per option, compares with the tally printed in
the export (JSON), and — with --receipt — that your own receipt code is among the ballots. Exit status 1 when
anything does not match. Anyone can run it: it reads only the file.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from danchu.evoting import domain

HASH = re.compile(r"^[0-9a-f]{64}$")


def read_export(path: Path) -> tuple[dict, list[tuple[str, int]]]:
    """(poll metadata or {}, [(receipt_hash, option index)]) from a JSON or CSV export."""
    text = path.read_text(encoding="utf-8-sig")
    if text.lstrip().startswith("{"):
        data = json.loads(text)
        return data.get("poll", {}) | {"_tally": data.get("tally")}, [
            (str(b["receipt_hash"]), int(b["option"])) for b in data["ballots"]]
    rows = list(csv.DictReader(text.splitlines()))
    labels: dict[int, str] = {}
    ballots = []
    for row in rows:
        index = int(row["option"])
        labels.setdefault(index, row.get("option_label", str(index)))
        ballots.append((row["receipt_hash"], index))
    options = [labels.get(i, str(i)) for i in range(max(labels) + 1)] if labels else []
    return {"options": options}, ballots


def recount(meta: dict, ballots: list[tuple[str, int]]) -> tuple[domain.TallyResult, list[str]]:
    problems = []
    bad = [h for h, _o in ballots if not HASH.match(h)]
    if bad:
        problems.append(f"{len(bad)} malformed receipt hash(es), e.g. {bad[0]!r}")
    dup = [h for h, n in Counter(h for h, _o in ballots).items() if n > 1]
    if dup:
        problems.append(f"{len(dup)} receipt hash(es) appear more than once, e.g. {dup[0]}")
    result = domain.count_ballots(meta.get("options", []), (o for _h, o in ballots),
                                  total_households=int(meta.get("total_households") or 0),
                                  approval_option=meta.get("approval_option", 0))
    printed = meta.get("_tally")
    if printed:
        printed_counts = [o["count"] for o in printed["options"]]
        if printed_counts != list(result.counts) or printed["voters"] != result.voters:
            problems.append(f"the export's tally {printed_counts} differs from the recount {list(result.counts)}")
        if printed.get("passes") is not None and printed["passes"] != result.passes:
            problems.append("the export's outcome differs from the recount")
    return result, problems


class Command(BaseCommand):
    help = "Đếm lại kết quả biểu quyết trực tuyến từ tệp phiếu (JSON/CSV) và kiểm tra một mã biên nhận."

    def add_arguments(self, parser):
        parser.add_argument("export", help="tệp phiếu tải từ trang kết quả (.json hoặc .csv)")
        parser.add_argument("--receipt", help="mã biên nhận của hộ bạn (cần tệp JSON, có muối của cuộc biểu quyết)")

    def handle(self, *args, **options):
        path = Path(options["export"])
        try:
            meta, ballots = read_export(path)
            result, problems = recount(meta, ballots)
        except FileNotFoundError:
            raise CommandError(f"Không có tệp {path}") from None
        except (ValueError, KeyError, TypeError) as exc:
            raise CommandError(f"Tệp phiếu không hợp lệ: {exc}") from None
        for label, count in zip(result.options, result.counts, strict=True):
            self.stdout.write(f"{count:>8}  {label}")
        self.stdout.write(f"{result.voters:>8}  (tổng số phiếu)")
        if result.total_households:
            self.stdout.write(f"Tổng số hộ: {result.total_households}; "
                              f"{'được thông qua' if result.passes else 'không được thông qua'} (trên 50% tổng số hộ).")
        if options.get("receipt"):
            salt = meta.get("salt")
            if not salt:
                raise CommandError("Cần tệp JSON (có muối) để kiểm tra mã biên nhận.")
            wanted = domain.receipt_hash(options["receipt"], salt)
            match = [o for h, o in ballots if h == wanted]
            if match:
                self.stdout.write(f"Mã biên nhận có trong danh sách phiếu, lựa chọn: {result.options[match[0]]}")
            else:
                problems.append("the receipt code is not among the ballots")
        if problems:
            for p in problems:
                self.stderr.write(f"KHÔNG KHỚP: {p}")
            raise CommandError("Kết quả đếm lại không khớp.", returncode=1)
        self.stdout.write("Khớp: kết quả đếm lại từ các phiếu trùng với kết quả đã công bố.")
