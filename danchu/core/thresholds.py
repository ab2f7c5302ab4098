"""Quorums and thresholds — PURE, in whole numbers only, so that the boundaries are exact.

The law writes two kinds of threshold and they differ exactly at the boundary:
- "trên N%" / "quá N" / "more than": strictly above — with "more than half", 2 of 4 is NOT enough;
- "từ N% trở lên" / "ít nhất" / "at least": the boundary itself counts — with "at least two thirds", 2 of 3 passes.

`Threshold(Fraction(2, 3), inclusive=True)` holds one rule; `reached(count, total)` compares `count·den` with
`num·total` in integers (no float ever rounds 66.66…% up or down), and `needed(total)` is the smallest count that
reaches it. A total of 0 reaches nothing: no decision is made by nobody. The thresholds of the law, with their
articles, are declared in `core.legal_rules.THRESHOLDS` and read from there by the apps.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class Threshold:
    share: Fraction
    inclusive: bool  # True: "at least" (the boundary passes); False: "more than" (the boundary fails)

    def __post_init__(self):
        if not isinstance(self.share, Fraction) or not 0 <= self.share <= 1:
            raise ValueError("a threshold is a Fraction between 0 and 1")

    def reached(self, count: int, total: int) -> bool:
        """Whether `count` of `total` reaches the threshold (integers; total 0 never reaches it)."""
        _check(count, total)
        if total == 0:
            return False
        left, right = count * self.share.denominator, self.share.numerator * total
        return left >= right if self.inclusive else left > right

    def needed(self, total: int) -> int:
        """The smallest count of `total` that reaches the threshold (may exceed total for share 1, "more than")."""
        _check(0, total)
        if total == 0:
            return 1
        num, den = self.share.numerator, self.share.denominator
        if self.inclusive:
            return -(-num * total // den)  # ceil(share · total)
        return num * total // den + 1  # floor(share · total) + 1

    def describe(self) -> str:
        """In the law's words: "trên 50%", "từ 2/3 trở lên", "từ 10% trở lên"."""
        pct = self.share * 100
        amount = f"{pct.numerator}%" if pct.denominator == 1 else f"{self.share.numerator}/{self.share.denominator}"
        return f"từ {amount} trở lên" if self.inclusive else f"trên {amount}"


def _check(count: int, total: int) -> None:
    for name, value in (("count", count), ("total", total)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"{name} must be an integer")
        if value < 0:
            raise ValueError(f"{name} must not be negative")


MORE_THAN_HALF = Threshold(Fraction(1, 2), inclusive=False)
AT_LEAST_HALF = Threshold(Fraction(1, 2), inclusive=True)
AT_LEAST_TWO_THIRDS = Threshold(Fraction(2, 3), inclusive=True)


def more_than_half(count: int, total: int) -> bool:
    """"Trên 50%": strictly more than half — exactly half FAILS."""
    return MORE_THAN_HALF.reached(count, total)


def at_least_half(count: int, total: int) -> bool:
    """"Từ 50% trở lên": half or more — exactly half PASSES."""
    return AT_LEAST_HALF.reached(count, total)


def at_least_two_thirds(count: int, total: int) -> bool:
    """"Từ 2/3 trở lên": two thirds or more — exactly two thirds PASSES."""
    return AT_LEAST_TWO_THIRDS.reached(count, total)


__all__ = ["AT_LEAST_HALF", "AT_LEAST_TWO_THIRDS", "MORE_THAN_HALF", "Threshold", "at_least_half",
           "at_least_two_thirds", "more_than_half"]
