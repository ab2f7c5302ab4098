"""Every audit verb written is declared in its app's verbs.py (read from the code, nothing run)."""

import ast
from pathlib import Path

from danchu.core.verbs import REJECTED, AuditVerb, declared_verbs, label_of

PACKAGE = Path(__file__).resolve().parents[2]


def _verb_expressions():
    """(file, line, expression) of every verb passed to audit.record(verb=…) or @service(…)."""
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if "tests" in parts or "migrations" in parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name == "record":
                for kw in node.keywords:
                    if kw.arg == "verb":
                        yield path, node.lineno, kw.value
            elif name == "service" and node.args:
                yield path, node.lineno, node.args[0]


# The kernel itself passes verbs through: a rejection is "<declared verb>.rejected", a reminder's verb comes from
# its policy (checked in test_reminders), a download's verb from its caller (checked here at the caller).
PASS_THROUGH = {("core/services.py", "verb"), ("core/reminders.py", "policy"), ("core/exports.py", "verb"),
                ("core/services.py", "f-string")}


def test_verbs_are_declared_constants_never_built_at_run_time():
    declared = declared_verbs()
    bad = []
    for path, line, expr in _verb_expressions():
        where = str(path.relative_to(PACKAGE))
        if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
            if expr.value not in declared:
                bad.append(f"{where}:{line}: {expr.value!r} is not declared in a verbs.py")
        elif isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name) and expr.value.id == "AuditVerb" or isinstance(expr, ast.Name) and (where, expr.id) in PASS_THROUGH or isinstance(expr, ast.Call) and (where, getattr(expr.func, "value", ast.Name("")).id
                                             if isinstance(expr.func, ast.Attribute) else "") in PASS_THROUGH or isinstance(expr, ast.JoinedStr) and (where, "f-string") in PASS_THROUGH:
            continue
        else:
            bad.append(f"{where}:{line}: {ast.unparse(expr)} — use AuditVerb.X from the app's verbs.py")
    assert not bad, "\n".join(bad)


def test_verbs_follow_the_naming_convention_and_are_unique():
    seen = set()
    for verb in declared_verbs():
        app, *rest = verb.split(".")
        assert len(rest) >= 2 and not verb.endswith(REJECTED), verb
        assert verb not in seen
        seen.add(verb)


def test_labels_are_vietnamese_and_rejections_read_as_such():
    assert label_of(AuditVerb.ATTACHMENT_UPLOADED) == "Tải lên tệp đính kèm"
    assert label_of("core.attachment.uploaded.rejected") == "Tải lên tệp đính kèm (bị từ chối)"
    assert label_of("nobody.knows.this") == "nobody.knows.this"
