"""Differences between two versions of a convention's text — PURE (difflib, no ORM).

Line by line first (a convention is a list of articles and clauses); inside a changed line, word by word, so
that a reader sees "mức đóng góp <del>50.000</del> <ins>70.000</ins> đồng" rather than two whole lines. Both
texts are normalised to NFC first: the same Vietnamese letter typed as NFD (e + combining marks) must not show
up as a change. The result is safe HTML: every piece of text is escaped, only <ins>/<del> are added.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from danchu.core.text import nfc

_TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "equal", "insert", "delete", "replace"
    old_number: int | None
    new_number: int | None
    html: SafeString


@dataclass(frozen=True)
class DiffStats:
    inserted: int
    deleted: int
    changed: int


def _lines(text: str) -> list[str]:
    return nfc(text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _words_html(old: str, new: str) -> str:
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return "".join(out)


def diff_lines(old_text: str, new_text: str) -> list[DiffLine]:
    """An inline diff: every line of both texts once, in reading order, marked equal/insert/delete/replace."""
    old, new = _lines(old_text), _lines(new_text)
    out: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for k in range(i2 - i1):
                out.append(DiffLine("equal", i1 + k + 1, j1 + k + 1, mark_safe(escape(old[i1 + k]))))
        elif op == "delete":
            for k in range(i1, i2):
                out.append(DiffLine("delete", k + 1, None, mark_safe(f"<del>{escape(old[k])}</del>")))
        elif op == "insert":
            for k in range(j1, j2):
                out.append(DiffLine("insert", None, k + 1, mark_safe(f"<ins>{escape(new[k])}</ins>")))
        else:  # replace: pair the lines one to one, word diff inside; the rest are plain deletes/inserts
            pairs = min(i2 - i1, j2 - j1)
            for k in range(pairs):
                out.append(DiffLine("replace", i1 + k + 1, j1 + k + 1,
                                    mark_safe(_words_html(old[i1 + k], new[j1 + k]))))
            for k in range(i1 + pairs, i2):
                out.append(DiffLine("delete", k + 1, None, mark_safe(f"<del>{escape(old[k])}</del>")))
            for k in range(j1 + pairs, j2):
                out.append(DiffLine("insert", None, k + 1, mark_safe(f"<ins>{escape(new[k])}</ins>")))
    return out


def stats(lines: list[DiffLine]) -> DiffStats:
    return DiffStats(
        inserted=sum(1 for line in lines if line.kind == "insert"),
        deleted=sum(1 for line in lines if line.kind == "delete"),
        changed=sum(1 for line in lines if line.kind == "replace"),
    )


def only_changes(lines: list[DiffLine], context: int = 1) -> list[DiffLine | None]:
    """The changed lines with `context` equal lines around them; None marks an elided run."""
    keep = set()
    for i, line in enumerate(lines):
        if line.kind != "equal":
            keep.update(range(max(0, i - context), min(len(lines), i + context + 1)))
    out: list[DiffLine | None] = []
    previous = -1
    for i in sorted(keep):
        if i != previous + 1:
            out.append(None)
        out.append(lines[i])
        previous = i
    if out and previous != len(lines) - 1:
        out.append(None)
    return out
