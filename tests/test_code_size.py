"""Modules that fit in one head: none over 400 lines, no function over 60 lines unless its
docstring says why it is long."""

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[1] / "app"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def test_no_module_is_over_400_lines():
    sizes = {
        str(path.relative_to(APP)): len(path.read_text().splitlines()) for path in APP.rglob("*.py")
    }
    too_long = {name: size for name, size in sizes.items() if size > MAX_MODULE_LINES}
    assert too_long == {}


def test_a_long_function_says_why():
    unexplained = [
        f"{path.relative_to(APP)}:{node.lineno} {node.name}"
        for path in APP.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.FunctionDef)
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
        and "Long because" not in (ast.get_docstring(node) or "").replace("\n", " ")
    ]
    assert unexplained == []
