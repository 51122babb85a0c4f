"""The rooms stay as docs/architecture.md draws them: what the import-linter contracts cannot see.

The contracts (pyproject.toml, run by ``lint-imports`` in the test command) keep the arrows
pointing down; these tests keep each package's face clean: a module may use another module's
private names (``_like_this``) only inside its own package, and every package says what it is.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest

import matchwise

SRC = Path(matchwise.__file__).parent


def _modules(src: Path) -> list[Path]:
    return sorted(p for p in src.rglob("*.py") if "migrations" not in p.parts)


def _package_of(module: str) -> str:
    return module.rpartition(".")[0]


def _dotted(path: Path, src: Path) -> str:
    parts = path.relative_to(src.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def private_imports_across_packages(src: Path = SRC) -> list[str]:
    """``module imports _name from other.module`` for each private name used across packages."""
    found = []
    for path in _modules(src):
        here = _dotted(path, src)
        package = here if path.name == "__init__.py" else _package_of(here)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom) or node.level or not node.module:
                continue
            if not node.module.startswith("matchwise."):
                continue
            private = [a.name for a in node.names if a.name.startswith("_")]
            if private and _package_of(node.module) != package:
                found.append(f"{here} imports {', '.join(private)} from {node.module}")
    return found


def test_no_module_imports_another_packages_private_names():
    assert private_imports_across_packages() == []


def test_the_check_sees_a_private_import(tmp_path):
    # the walk above must be able to fail: a tree with one module reaching into another package
    planted = tmp_path / "matchwise" / "engine" / "match" / "planted.py"
    planted.parent.mkdir(parents=True)
    planted.write_text("from matchwise.engine.pick.fees import _tiers, Fees\n", encoding="utf-8")
    (planted.parent / "own.py").write_text("from matchwise.engine.match.x import _ok\n")
    assert private_imports_across_packages(tmp_path / "matchwise") == [
        "matchwise.engine.match.planted imports _tiers from matchwise.engine.pick.fees"
    ]


PACKAGES = sorted(
    info.name
    for layer in ("matchwise.engine", "matchwise.formats")
    for info in pkgutil.walk_packages(importlib.import_module(layer).__path__, layer + ".")
    if info.ispkg
)


@pytest.mark.parametrize("name", ["matchwise.engine", "matchwise.formats", *PACKAGES])
def test_each_package_says_what_it_is_and_reexports_nothing(name):
    package = importlib.import_module(name)
    assert (package.__doc__ or "").strip(), f"{name}: its __init__.py needs a docstring"
    tree = ast.parse(Path(package.__file__).read_text(encoding="utf-8"))
    assert [type(n).__name__ for n in tree.body] == ["Expr"], f"{name}: only a docstring"


def test_the_capability_packages_are_there():
    assert [p for p in PACKAGES if p.startswith("matchwise.engine.")] == [
        f"matchwise.engine.{c}"
        for c in sorted(["pick", "match", "market", "network", "scholarly", "roadmap"])
    ]
