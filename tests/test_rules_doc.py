"""docs/rules.md names a function and a test for every rule; both must exist."""

import importlib
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_rule_in_the_docs_names_a_function_and_a_test_that_exist():
    rows = re.findall(
        r"^\| .+? \| `([\w.]+)` \| `([\w/.]+)::(\w+)` \|$",
        (ROOT / "docs" / "rules.md").read_text(),
        re.MULTILINE,
    )
    assert len(rows) >= 15
    for function, test_file, test_name in rows:
        module, _, name = function.rpartition(".")
        assert callable(getattr(importlib.import_module(module), name)), function
        assert f"def {test_name}(" in (ROOT / test_file).read_text(), test_name
