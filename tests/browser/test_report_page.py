"""Acceptance (reporting): a policy officer asks for the quarterly report of her region on the
report page, watches its progress while the worker makes it, and downloads the PDF and the
XLSX, on a phone (390 px) and on a desktop. The PDF's first pages show the capacity table and
the period's flow; the spreadsheet's counts are numbers and its suppressed cells carry the note
that explains the rule.

Screenshots go to ``screenshot_dir`` (``$VP_SCREENSHOT_DIR`` in CI, kept as an artefact)."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page
from pypdf import PdfReader

from tests.live import LiveApp, start_live_app

pytestmark = pytest.mark.slow
# The worker makes the PDF in about 15 s of CPU; on a shared machine that took minutes.
WORKER_SECONDS = 600


@pytest.fixture(scope="module")
def live_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApp]:
    """A server of its own whose tasks go to the database queue that the worker below reads
    (the test settings' tasks go nowhere); it starts from the session's world like the others."""
    yield from start_live_app(
        tmp_path_factory.mktemp("report-live"),
        extra_env={"TEST_TASKS_BACKEND": "django_tasks_db.DatabaseBackend"},
    )


def ask(page: Page, file_format: str, period: str | None = None) -> str:
    """On the report page: ask for a quarter (by default the last one) of her own region; then
    the status page."""
    default = page.locator("#id_period").input_value()
    assert re.fullmatch(r"20\d\d-Q[1-4]", default), default  # the last quarter, by default
    if period:
        page.locator("#id_period").fill(period)
    period = period or default
    assert page.locator("#id_scope").input_value() == "VT01"
    page.locator("#id_file_format").select_option(file_format)
    page.get_by_role("button", name="Maak rapportage").click()
    page.wait_for_url(re.compile(r"/monitor/rapportage/\d+/$"))
    return period


def watch_and_download(page: Page, live_app: LiveApp, shot: Path) -> tuple[list[str], bytes]:
    """The page before the worker runs, then while it runs (the page refreshes itself), then
    the download; the statuses and step counts seen on the way."""
    status = page.get_by_test_id("report-status")
    assert status.get_attribute("data-status") == "queued"
    seen = [status.inner_text()]
    assert re.search(r"stap 0 van \d+", seen[0]), seen
    page.screenshot(path=str(shot.with_name(shot.stem + "-queued.png")), full_page=True)
    log = shot.with_suffix(".worker.log")
    with log.open("wb") as out:
        worker = subprocess.Popen(  # noqa: S603 - the worker, as `make run` starts it
            [sys.executable, "-m", "veiligeplek", "db_worker", "--batch", "--no-startup-delay"],
            env=live_app.env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            page.wait_for_function(
                "() => document.querySelector('[data-testid=report-status]')"
                "?.dataset.status === 'done'",
                timeout=WORKER_SECONDS * 1000,
                polling=500,
            )
        except Exception as error:
            worker.kill()
            raise AssertionError(log.read_text(errors="replace")[-3000:]) from error
        finally:
            worker.wait(timeout=WORKER_SECONDS)
    progress = page.locator("progress")
    assert progress.get_attribute("value") == progress.get_attribute("max")
    page.screenshot(path=str(shot), full_page=True)
    with page.expect_download() as info:
        page.get_by_test_id("report-download").click()
    content = Path(info.value.path()).read_bytes()
    return seen, content


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_a_policy_officer_asks_watches_and_downloads_her_quarterly_report(
    device: str,
    request: pytest.FixtureRequest,
    login: Callable[[Page, str], None],
    live_app: LiveApp,
    screenshot_dir: Path,
) -> None:
    page: Page = request.getfixturevalue(device)
    login(page, "demo-beleid-amsterdam")

    page.goto(f"{live_app.url}/monitor/", timeout=120_000)  # the dashboard computes its figures
    page.get_by_role("link", name="Periodieke rapportage (PDF, XLSX)").click()
    period = ask(page, "pdf")
    _, pdf = watch_and_download(page, live_app, screenshot_dir / f"report-{device}-pdf.png")
    reader = PdfReader(io.BytesIO(pdf))
    first = "\n".join(p.extract_text() or "" for p in reader.pages[:4])
    assert period in first
    assert "Capaciteit per categorie (bijlage 2)" in first
    assert re.search(r"COSM \(categorale opvang\)\s+51", first), first[:2000]
    assert re.search(r"Totaal\s+158[–-]162", first)
    everything = "\n".join(p.extract_text() or "" for p in reader.pages)
    assert "Stroom en trechter in de periode" in everything
    assert "onthullingsdrempel 10" in everything

    page.get_by_role("link", name="Terug naar rapportage").click()
    # The demo's own cases were signalled this quarter: its counts are small, so suppressed.
    today = datetime.now(ZoneInfo("Europe/Amsterdam")).date()
    ask(page, "xlsx", f"{today.year}-Q{(today.month - 1) // 3 + 1}")
    _, xlsx = watch_and_download(page, live_app, screenshot_dir / f"report-{device}-xlsx.png")
    book = load_workbook(io.BytesIO(xlsx))
    capacity = book["Capaciteit (bijlage 2)"]
    places = [row[3] for row in capacity.iter_rows(min_row=2, values_only=True) if row[3]]
    assert places and all(isinstance(n, int) for n in places)
    assert 158 <= sum(places) <= 162
    counts, suppressed = [], []
    for sheet in book.worksheets:
        if not re.match(r"\d\d ", sheet.title):
            continue  # the catalogue's tables: one sheet each
        assert sheet.freeze_panes == "A2", sheet.title
        for row in sheet.iter_rows(min_row=2, min_col=2):
            for cell in row:
                if isinstance(cell.value, str):
                    suppressed.append(cell)
                elif cell.value is not None:
                    counts.append(cell.value)
    assert counts and all(isinstance(n, int) for n in counts)
    assert not [n for n in counts if 0 < n < 10]  # protected: her region, aggregate only
    # Suppressed cells are "x" (ADR 0010: "<10" would be false for a cell that only protects
    # another), each with the note that explains the rule; the Toelichting sheet says it too.
    assert suppressed, "the demo quarter has small cells"
    assert {c.value for c in suppressed} == {"x"}
    assert all(c.comment and "x: onderdrukt" in c.comment.text for c in suppressed)
    notes = " ".join(str(r[0]) for r in book["Toelichting"].iter_rows(values_only=True))
    assert 'Een "x" is een onderdrukt aantal' in notes
