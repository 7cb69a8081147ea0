"""The import rules of ARCHITECTURE.md, checked on every module (top-level and function-level imports)."""
from __future__ import annotations

import ast
import subprocess
import sys

import pytest

from conftest import ROOT

PACKAGES = ("eventstore", "indexer", "webui", "mappings")
# Which of our packages each may import; natasha only where the indexer analyses text.
ALLOWED = {
    "eventstore": {"eventstore", "mappings"},
    "indexer": {"eventstore", "indexer"},
    "webui": {"eventstore", "webui"},
    "mappings": {"mappings"},
}
NATASHA_ALLOWED = {"indexer.analysis.ner"}


def modules():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
            yield package, name, path


def imported(path):
    tree = ast.parse(path.read_text("utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


@pytest.mark.parametrize("package, name, path", list(modules()), ids=lambda x: x if isinstance(x, str) else "")
def test_module_imports_follow_the_rules(package, name, path):
    for target in imported(path):
        top = target.split(".")[0]
        if top in PACKAGES:
            assert top in ALLOWED[package], f"{name} imports {target}"
        if top == "natasha":
            assert name in NATASHA_ALLOWED, f"{name} imports natasha"


def test_the_core_and_the_web_load_without_natasha():
    code = ("import sys, eventstore.search, eventstore.stores.sqlite, eventstore.stores.elastic, webui; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('natasha', 'indexer')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.stdout.strip() == "[]", out.stderr
