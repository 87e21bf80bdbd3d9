"""The shape of the package, held by tests: data flows one way through the
stage packages, so no module imports one that (directly or not) imports it;
modules stay small enough to read; click lives only in cli/; no test hooks
or late imports in production code."""

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "newsgen"
MAX_LINES = 500


def modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """Every newsgen module this one imports: at the top, inside a function, or
    for type checking only (a cycle a type checker sees is still a cycle)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("newsgen"))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1]
                                + ([base] if base else []))
            if not base.startswith("newsgen"):
                continue
            found.add(base)
            for alias in node.names:   # "from newsgen.build import stages": a module
                if f"{base}.{alias.name}" in known:
                    found.add(f"{base}.{alias.name}")
    # importing newsgen.a.b runs newsgen.a's __init__ first, unless newsgen.a is
    # this module's own package (being imported already: that is no cycle)
    own = {".".join(name.split(".")[:i]) for i in range(1, name.count(".") + 1)}
    for target in list(found):
        parts = target.split(".")
        found.update(".".join(parts[:i]) for i in range(2, len(parts)))
    return {t for t in found if t in known and t != name and t not in own and t != "newsgen"}


def test_no_import_cycles():
    known = modules()
    graph = {name: imports(name, path, known) for name, path in known.items()}
    cycles, state, stack = [], {}, []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                cycles.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node)
    assert cycles == [], "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def test_the_cycle_finder_finds_a_cycle(tmp_path, monkeypatch):
    """The check above can fail: two modules that import each other are found."""
    pkg = tmp_path / "newsgen"
    (pkg / "a").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "a" / "__init__.py").write_text("")
    (pkg / "a" / "one.py").write_text("def f():\n    from newsgen.a import two\n")
    (pkg / "a" / "two.py").write_text("from newsgen.a.one import f\n")
    monkeypatch.setattr(__import__(__name__), "PACKAGE", pkg)
    with pytest.raises(AssertionError, match="newsgen.a.one -> newsgen.a.two -> newsgen.a.one"):
        test_no_import_cycles()


@pytest.mark.parametrize("name", sorted(modules()))
def test_modules_stay_readable(name):
    lines = len(modules()[name].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{name} has {lines} lines; split it along its sections"


def test_click_only_in_the_command_line():
    outside = [str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
               if "cli" not in p.relative_to(PACKAGE).parts
               and re.search(r"^\s*(import click|from click)", p.read_text(encoding="utf-8"), re.M)]
    assert outside == []


def test_no_test_hooks_or_late_imports_in_production_code():
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "NEWSGEN_TEST" not in text, path
        assert "noqa: E402" not in text, path
        assert not re.search(r"except Exception:\s*\n\s*pass\b", text), path
