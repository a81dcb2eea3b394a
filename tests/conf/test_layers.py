"""The import contract's layers (pyproject.toml, docs/architecture.md "Layers") name every module
of the project: a new module that no layer names would be free of every door."""

from __future__ import annotations

import tomllib
from pathlib import Path

import veiligeplek

ROOT = Path(veiligeplek.__file__).parent
PYPROJECT = ROOT.parents[1] / "pyproject.toml"
# Outside the layers: app configuration, migrations and the package roots.
UNLAYERED = {"apps", "migrations", "__init__", "__main__"}


def layered_modules() -> set[str]:
    config = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["importlinter"]
    (layers,) = [c["layers"] for c in config["contracts"] if c["type"] == "layers"]
    return {
        part.strip().strip("()") for layer in layers for part in layer.replace("|", ":").split(":")
    }


def project_modules() -> set[str]:
    modules = set()
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        if not UNLAYERED & set(parts):
            modules.add(".".join(parts))
    return modules


def test_every_module_of_the_project_is_in_a_layer() -> None:
    layers = layered_modules()
    unplaced = {
        module
        for module in project_modules()
        if not any(module == name or module.startswith(f"{name}.") for name in layers)
    }
    assert unplaced == set()
