"""axe-core (the npm package in node_modules, installed by `make assets`) run in a page, and the
per-page results written to an artefact folder.

The folder is ``A11Y_REPORT_DIR`` when set (CI points it outside the checkout) and otherwise a
folder under pytest's temporary directory; never the repository. One JSON file per page (the
violations of every impact, with the elements' selectors) and a ``summary.tsv`` line per page.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parents[2]
AXE_SOURCE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = frozenset({"serious", "critical"})
# WCAG 2.0 and 2.1, levels A and AA (contrast AA is `color-contrast`), plus axe's best practices.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def axe_source() -> str:
    if not AXE_SOURCE.exists():
        pytest.fail(f"{AXE_SOURCE} is missing: run `make assets` (npm ci)")
    return AXE_SOURCE.read_text(encoding="utf-8")


def report_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    chosen = os.environ.get("A11Y_REPORT_DIR")
    folder = Path(chosen) if chosen else tmp_path_factory.getbasetemp() / "a11y"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def run_axe(page: Page, source: str) -> dict[str, Any]:
    """axe.run on the whole document, with every <details> opened so that collapsed form
    sections are checked too. Injected through the DevTools protocol, so the page's strict
    CSP stays as it is."""
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(source)
    result: dict[str, Any] = page.evaluate(
        "tags => axe.run(document, "
        "{runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        TAGS,
    )
    return result


def check_page(page: Page, source: str, folder: Path, label: str) -> list[str]:
    """Run axe, write the page's results, return one line per serious or critical violation."""
    result = run_axe(page, source)
    violations = [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]],
        }
        for v in result["violations"]
    ]
    slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
    (folder / f"{slug}.json").write_text(
        json.dumps({"page": label, "url": page.url, "violations": violations}, indent=2),
        encoding="utf-8",
    )
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    with open(folder / "summary.tsv", "a", encoding="utf-8") as summary:
        summary.write(f"{label}\t{page.url}\t{len(blocking)}\t{len(violations)}\n")
    return [f"{label}: {v['impact']} {v['id']} ({v['help']}) at {v['nodes'][:3]}" for v in blocking]
