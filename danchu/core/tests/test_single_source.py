"""Single-sourced law: every legal number is read from core/legal_rules.py, never written again elsewhere.

Read from the code (nothing run):
- a module-level duration constant (…_DAYS, …_MONTHS, …_WD, …PERIOD… = <number>) must be a policy of this
  project, not the law: it is listed in NOT_LAW with the reason; a legal period is read with get_rule(key);
- a Fraction written outside core is a threshold the law sets somewhere: read it from legal_rules.THRESHOLDS;
- a text shown to people ("ít nhất 30 ngày", "trong thời hạn 05 ngày làm việc") renders the rule
  (legal_rules.rule_text(key)) instead of copying its number.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]
DURATION_NAME = re.compile(r"(DAYS|MONTHS|_WD$|PERIOD)")

# Numbers that are decisions of this project (or of a commune), not rules of the law — with the reason.
NOT_LAW = {
    "core/calendar.py:MAX_CONSECUTIVE_DAYS_OFF": "a sanity bound on overrides of the calendar",
    "disclosure/subscriptions.py:CONFIRM_VALID_DAYS": "how long a subscription confirmation link stays valid",
    "feedback/domain.py:DEFAULT_ANSWER_DAYS": "a commune's default answer time per category (NĐ 20/2008 sets none)",
    "feedback/domain.py:MAX_ANSWER_DAYS": "an upper bound on what a commune may configure",
    "feedback/domain.py:DUPLICATE_DAYS": "how far back a new feedback is compared for duplicates",
    "steering/domain.py:DEFAULT_DUE_WORKING_DAYS": "the default time a report template gives the units",
    "steering/domain.py:MAX_DUE_WORKING_DAYS": "an upper bound on what a template may ask",
}
# Where reminder policies keep their lead times (not law: when to remind before a legal deadline).
POLICY_MODULES = re.compile(r"(^|/)reminders(/|\.py$)")

LEGAL_TEXT = re.compile(r"(≥|ít nhất|tối thiểu|trong vòng|chậm nhất|trong thời hạn)\s*0?\d+\s*(ngày|tháng)")


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if "tests" in parts or "migrations" in parts:
            continue
        yield path, str(path.relative_to(PACKAGE))


def test_duration_constants_are_read_from_the_registry_or_declared_not_law():
    bad = []
    for path, rel in _modules():
        if rel.startswith("core/legal_rules") or POLICY_MODULES.search(rel):
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(
                node, ast.AnnAssign) and node.value is not None else []
            value = getattr(node, "value", None)
            for target in targets:
                if (isinstance(target, ast.Name) and DURATION_NAME.search(target.id)
                        and isinstance(value, ast.Constant) and isinstance(value.value, int)
                        and f"{rel}:{target.id}" not in NOT_LAW):
                    bad.append(f"{rel}:{node.lineno}: {target.id} = {value.value}")
    assert not bad, ("read legal periods with legal_rules.get_rule(key), or list a project policy in NOT_LAW "
                     "with its reason:\n" + "\n".join(bad))


def test_not_law_lists_only_constants_that_exist():
    for entry in NOT_LAW:
        rel, name = entry.split(":")
        assert re.search(rf"^{name}\s*(:[^=]*)?=", (PACKAGE / rel).read_text(encoding="utf-8"), re.M), entry


def test_fractions_of_the_law_are_read_from_the_registry():
    bad = []
    for path, rel in _modules():
        if rel in ("core/legal_rules.py", "core/thresholds.py"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Fraction" and len(node.args) == 2
                    and all(isinstance(a, ast.Constant) for a in node.args)):
                bad.append(f"{rel}:{node.lineno}: {ast.unparse(node)}")
    assert not bad, "read thresholds from legal_rules.THRESHOLDS:\n" + "\n".join(bad)


def test_texts_render_legal_periods_instead_of_copying_them():
    bad = []
    files = [p for p, _r in _modules()] + sorted((PACKAGE / "templates").rglob("*.html"))
    for path in files:
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if LEGAL_TEXT.search(line) and not line.lstrip().startswith("#"):
                bad.append(f"{path.relative_to(PACKAGE)}:{i}: {line.strip()[:120]}")
    assert not bad, "render the rule (legal_rules.rule_text) instead of its number:\n" + "\n".join(bad)
