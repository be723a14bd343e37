"""Every refusal of the admission services carries a code (the API lists it; without one it would answer the
generic `unmet_condition`): read from the source, so that a refusal added later without a code fails here."""

import ast
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from ptdv.admission import services

SOURCE = Path(services.__file__).read_text(encoding="utf-8")


def _refusals() -> list[tuple[int, str]]:
    """Each value put into a list of problems (`problems.append(x)`, `problems += [x, ...]`), and each
    ValidationError built from a message: (line, source)."""
    tree = ast.parse(SOURCE)
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "append"
            and "problem" in ast.unparse(node.func.value)
        ):
            found.append((node.lineno, node.args[0]))
        if isinstance(node, ast.AugAssign) and "problem" in ast.unparse(node.target):
            if isinstance(node.value, ast.List):
                found.extend((node.lineno, element) for element in node.value.elts)
            elif isinstance(node.value, ast.ListComp) and not isinstance(node.value.elt, ast.Name):
                found.append((node.lineno, node.value.elt))  # (a bare name: a helper's coded list, filtered)
    return [(line, ast.unparse(value)) for line, value in found]


def _coded(source: str) -> bool:
    value = ast.parse(source, mode="eval").body
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Name):
        if value.func.id == "_coded":  # a rules.Unmet: code and message
            return True
        if value.func.id == "ValidationError":
            return any(keyword.arg == "code" for keyword in value.keywords)
    return False


def test_the_source_has_refusals_to_check():
    assert len(_refusals()) > 50


@pytest.mark.parametrize(("line", "source"), _refusals())
def test_every_refusal_has_a_code(line, source):
    assert _coded(source), f"admission/services.py:{line}: a refusal without a code: {source}"


def test_every_message_built_refusal_names_its_code():
    for node in ast.walk(ast.parse(SOURCE)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "ValidationError":
            first = node.args[0] if node.args else None
            if isinstance(first, ast.Dict | ast.List):  # the whole list, raised at once
                continue
            assert any(k.arg == "code" for k in node.keywords), f"line {node.lineno}: {ast.unparse(node)[:80]}"


def test_helpers_give_coded_errors():
    """The helpers' own lists (dates, votes, signer, introducers) are ValidationErrors with codes too."""
    assert all(isinstance(error, ValidationError) and error.code for error in services._vote_problems(0, 0))
    assert all(isinstance(error, ValidationError) and error.code for error in services._signer_problems(""))
