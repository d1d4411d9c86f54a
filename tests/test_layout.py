"""The shape of the house: the domain is packages, and it never reaches into the outer layers."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "models"
OUTER = ("zhicheng", "schema", "resolvers", "workers")


def _imported_modules(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(), filename=str(path))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            out.append((node.lineno, node.module))
    return out


def test_models_root_holds_only_packages():
    loose = sorted(p.name for p in MODELS.iterdir() if p.suffix == ".py" and p.name != "__init__.py")
    assert loose == []
    for package in (p for p in MODELS.iterdir() if p.is_dir() and p.name != "__pycache__"):
        assert (package / "__init__.py").exists(), f"{package.name} is not a package"


def test_every_domain_package_says_what_it_is():
    for package in (p for p in MODELS.iterdir() if p.is_dir() and p.name not in ("__pycache__", "migrations")):
        doc = ast.get_docstring(ast.parse((package / "__init__.py").read_text()))
        assert doc, f"models/{package.name}/__init__.py has no docstring"


def test_models_import_nothing_from_the_outer_layers():
    offending = []
    for path in MODELS.rglob("*.py"):
        for line, module in _imported_modules(path):
            if module.split(".")[0] in OUTER:
                offending.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    assert offending == []


def test_model_docstrings_survive_as_sqlite_table_comments():
    """Tortoise writes a model's docstring into its table comment, and on SQLite splits the migration script at
    every semicolon, comments included: a semicolon in a model docstring makes `zhicheng migrate` fail."""
    import importlib
    import inspect

    from tortoise.models import Model

    from models import MODEL_MODULES

    bad = []
    for name in MODEL_MODULES:
        for cls_name, cls in inspect.getmembers(importlib.import_module(name), inspect.isclass):
            if issubclass(cls, Model) and cls is not Model and cls.__module__ == name and "__doc__" in cls.__dict__:
                doc = cls.__doc__ or ""
                if ";" in doc:
                    bad.append(f"{name}.{cls_name}")
    assert not bad, f"a semicolon in the docstring of {bad}"
