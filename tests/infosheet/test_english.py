"""The information sheet's staff and page texts in English (the app's own catalogue)."""

from __future__ import annotations

import gettext
from pathlib import Path

from tests.accounts.test_english import po_entries

CATALOGUE = Path(__file__).resolve().parents[2] / "src/veiligeplek/infosheet/locale/en/LC_MESSAGES"


def test_every_message_of_the_info_sheet_is_translated_and_compiled() -> None:
    parsed = po_entries(CATALOGUE / "django.po")
    assert not [e.msgid for e in parsed if e.fuzzy]
    entries = {e.msgid: e.msgstrs[0] for e in parsed}
    assert "Informatie voor het slachtoffer" in entries
    assert not [msgid for msgid, text in entries.items() if not text]
    with (CATALOGUE / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    assert not [m for m, text in entries.items() if compiled.gettext(m) != text]
