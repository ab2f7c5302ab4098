"""Pure rules of online votes by household (biểu quyết trực tuyến) — no ORM.

Legal basis (legal_rules.md §1.b, §1.h):
- Law 10/2022/QH15 Art.17.2 and NĐ 59/2023 Art.5: online voting is allowed only for "other self-management
  matters" (K6), and only when more than 50% of the village's household representatives have chosen it.
- NĐ59 Art.5: options "đồng ý / không đồng ý / ý kiến khác"; minutes (Mẫu 03) list the participating
  household representatives; the result passes with > 50% of the TOTAL households of the village
  (Law Art.21.1: "tổng số đại diện hộ gia đình trong thôn, tổ dân phố"), never of the voters.
- Law Art.19.3 by analogy: one ballot per household.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from danchu.core.legal_rules import THRESHOLDS
from danchu.core.workflow import Workflow

# --- states ------------------------------------------------------------------------------------------


class PollState(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    OPEN = "open", _("Đang biểu quyết")
    CLOSED = "closed", _("Đã kết thúc")
    PUBLISHED = "published", _("Đã công bố kết quả")


# A step out of order is refused with the code the API's clients have always read: "invalid_state".
WORKFLOW = Workflow({
    PollState.DRAFT: {PollState.OPEN},
    PollState.OPEN: {PollState.CLOSED},
    PollState.CLOSED: {PollState.PUBLISHED},
}, labels=PollState, name=_("cuộc biểu quyết"), code="invalid_state")


# Results are visible (to staff) only once the poll is closed, and to everyone once published (NĐ59 Art.5:
# the result is announced after the voting ends).
RESULT_STATES = frozenset({PollState.CLOSED, PollState.PUBLISHED})
PUBLIC_STATES = frozenset({PollState.PUBLISHED})


# --- options -----------------------------------------------------------------------------------------

# NĐ59 Art.5.4: the options must be short and clear: agree / disagree / other opinion. They are the ONLY options
# of an online vote (no custom options), and the first one is the approval counted against > 50% of all households.
DEFAULT_OPTIONS = ("Đồng ý", "Không đồng ý", "Ý kiến khác")
APPROVAL_OPTION = 0
MIN_OPTIONS, MAX_OPTIONS = 2, 10
MAX_OPTION_LENGTH = 200


def clean_options(options: Iterable[str]) -> list[str]:
    """Strip, drop blanks; raise ValueError with a Vietnamese message when the list is unusable."""
    cleaned = [" ".join(str(o).split()) for o in options]
    cleaned = [o for o in cleaned if o]
    if len(cleaned) < MIN_OPTIONS:
        raise ValueError(_("Cần ít nhất %(n)d phương án.") % {"n": MIN_OPTIONS})
    if len(cleaned) > MAX_OPTIONS:
        raise ValueError(_("Tối đa %(n)d phương án.") % {"n": MAX_OPTIONS})
    if any(len(o) > MAX_OPTION_LENGTH for o in cleaned):
        raise ValueError(_("Mỗi phương án tối đa %(n)d ký tự.") % {"n": MAX_OPTION_LENGTH})
    if len({o.casefold() for o in cleaned}) != len(cleaned):
        raise ValueError(_("Các phương án không được trùng nhau."))
    return cleaned


def standard_options(options: Iterable[str]) -> bool:
    """The options are exactly đồng ý / không đồng ý / ý kiến khác, in this order (NĐ59 Art.5.4), whatever the
    spacing or case."""
    cleaned = [" ".join(str(o).split()).casefold() for o in options]
    return cleaned == [o.casefold() for o in DEFAULT_OPTIONS]


def is_k6_poll(*, self_management_confirmed: bool, options: Iterable[str], approval_option: int | None) -> bool:
    """An online vote is allowed only for "công việc tự quản khác" (K6) — Law 10/2022 Art.15.6, 17.2; NĐ59 Art.5:
    never for contributions (K1, K2), hương ước, quy ước (K3) or elections (K4, K5). Its creator confirms the
    content is K6, and it uses the three options of NĐ59 Art.5.4 with "đồng ý" as the approval."""
    return bool(self_management_confirmed) and standard_options(options) and approval_option == APPROVAL_OPTION


# --- thresholds (legal_rules.THRESHOLDS: exact, "more than half" means exactly half is NOT enough) ------------

OPT_IN = THRESHOLDS["grassroots.online_opt_in"]  # NĐ59 Art.5
K6_PASSES = THRESHOLDS["grassroots.pass_other"]  # Law 10/2022 Art.21.1.b


def opt_in_allows_poll(opted_in: int, total_households: int) -> bool:
    """NĐ59 Art.5: online voting may be used only if > 50% of the village's household representatives chose it."""
    return OPT_IN.reached(opted_in, total_households)


def opt_ins_needed(opted_in: int, total_households: int) -> int:
    """How many more households must opt in before a poll may open."""
    return max(0, OPT_IN.needed(total_households) - opted_in)


def law_texts() -> dict[str, str]:
    """The thresholds the pages write ("trên 50%"), read from the registry."""
    return {"opt_in": OPT_IN.describe(), "pass": K6_PASSES.describe()}


def k6_passes(approvals: int, total_households: int) -> bool:
    """Law 10/2022 Art.21.1 (K6): adopted when > 50% of ALL households of the village approve."""
    return K6_PASSES.reached(approvals, total_households)


# --- time window -------------------------------------------------------------------------------------


class Window(models.TextChoices):
    BEFORE = "before", _("Chưa đến giờ biểu quyết")
    DURING = "during", _("Đang trong thời gian biểu quyết")
    AFTER = "after", _("Đã hết giờ biểu quyết")


def window(opens_at: datetime, closes_at: datetime, now: datetime) -> str:
    """[opens_at, closes_at): a vote at exactly closes_at is late."""
    if now < opens_at:
        return Window.BEFORE
    if now >= closes_at:
        return Window.AFTER
    return Window.DURING


# --- receipts ----------------------------------------------------------------------------------------

# Receipt codes: 15 characters of a 31-letter alphabet without 0/O/1/I/L (≈ 74 bits), shown as XXXXX-XXXXX-XXXXX.
RECEIPT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
RECEIPT_LENGTH = 15


def new_receipt_code() -> str:
    raw = "".join(secrets.choice(RECEIPT_ALPHABET) for _i in range(RECEIPT_LENGTH))
    return "-".join(raw[i:i + 5] for i in range(0, RECEIPT_LENGTH, 5))


def normalise_receipt_code(code: str) -> str:
    """Upper case, spaces and dashes dropped, grouped by five. Returns '' for anything that cannot be a code."""
    raw = "".join(ch for ch in str(code).upper() if ch.isascii() and ch.isalnum())
    if len(raw) != RECEIPT_LENGTH or any(ch not in RECEIPT_ALPHABET for ch in raw):
        return ""
    return "-".join(raw[i:i + 5] for i in range(0, RECEIPT_LENGTH, 5))


def receipt_hash(code: str, salt: str) -> str:
    """SHA-256 over "<poll salt>:<normalised code>" (hex). The salt is public (it is in the export) so anyone
    can recompute the hash of their own code; the code itself is never stored."""
    normal = normalise_receipt_code(code)
    return hashlib.sha256(f"{salt}:{normal}".encode()).hexdigest()


def same_hash(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


# --- tally -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TallyResult:
    """Counts per option (in the poll's option order), the participation and the legal outcome."""

    options: tuple[str, ...]
    counts: tuple[int, ...]
    voters: int
    total_households: int
    approval_option: int | None

    @property
    def approvals(self) -> int:
        return self.counts[self.approval_option] if self.approval_option is not None else 0

    @property
    def passes(self) -> bool:
        return self.approval_option is not None and k6_passes(self.approvals, self.total_households)

    def as_dict(self) -> dict:
        return {"options": [{"index": i, "label": label, "count": c}
                            for i, (label, c) in enumerate(zip(self.options, self.counts, strict=True))],
                "voters": self.voters, "total_households": self.total_households,
                "approval_option": self.approval_option, "approvals": self.approvals, "passes": self.passes}


def count_ballots(options: Iterable[str], choices: Iterable[int], *, total_households: int,
                  approval_option: int | None = 0) -> TallyResult:
    """Count ballots given as option indices. An index outside the options is a corrupted ballot: ValueError."""
    options = tuple(options)
    counter = Counter(choices)
    bad = [k for k in counter if not (isinstance(k, int) and 0 <= k < len(options))]
    if bad:
        raise ValueError(f"ballot with unknown option index {bad[0]!r}")
    counts = tuple(counter.get(i, 0) for i in range(len(options)))
    return TallyResult(options, counts, sum(counts), total_households, approval_option)
