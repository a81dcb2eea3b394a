"""Every language is a file with its status; a language lacking a text of the Dutch source
(or with other placeholders) is refused, never filled in silently from Dutch."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from veiligeplek.infosheet.texts import (
    LANGUAGE_CODES,
    SOURCE,
    TEXTS_DIR,
    Status,
    TextsError,
    UnknownLanguageError,
    catalogue,
    language,
    language_for,
    load_catalogue,
    placeholders,
)

REQUIRED = (
    "nl",
    "en",
    "es",
    "pt",
    "fr",
    "pl",
    "ro",
    "bg",
    "hu",
    "uk",
    "ru",
    "ar",
    "ti",
    "vi",
    "zh-Hans",
)


def test_the_sheet_has_the_fifteen_languages_each_as_a_file() -> None:
    assert set(LANGUAGE_CODES) == set(REQUIRED)
    assert sorted(p.stem for p in TEXTS_DIR.glob("*.toml")) == sorted(REQUIRED)


@pytest.mark.parametrize("code", REQUIRED)
def test_every_language_has_every_text_of_the_dutch_source_with_its_placeholders(
    code: str,
) -> None:
    source = catalogue()[SOURCE].texts
    texts = catalogue()[code].texts
    assert set(texts) == set(source)
    for key, text in texts.items():
        assert placeholders(text) == placeholders(source[key]), key


@pytest.mark.parametrize("code", REQUIRED)
def test_every_language_file_states_its_status(code: str) -> None:
    status = catalogue()[code].status
    assert status.state in (Status.DRAFTED, Status.REVIEWED)
    if status.state is Status.REVIEWED:
        assert status.reviewed_by and status.reviewed_on
    else:
        assert status.drafted_on and not status.reviewed_by


def _copy_texts(tmp_path: Path) -> Path:
    for path in TEXTS_DIR.glob("*.toml"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_language_lacking_a_text_of_the_source_is_refused_naming_it(tmp_path: Path) -> None:
    directory = _copy_texts(tmp_path)
    lines = (directory / "es.toml").read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if not line.startswith("child_guardian = ")]
    (directory / "es.toml").write_text("\n".join(kept) + "\n", encoding="utf-8")
    with pytest.raises(TextsError, match="child_guardian") as info:
        load_catalogue(directory=directory)
    assert info.value.field == "es.texts"


def test_a_new_source_text_without_translation_is_refused(tmp_path: Path) -> None:
    directory = _copy_texts(tmp_path)
    path = directory / "nl.toml"
    path.write_text(path.read_text(encoding="utf-8") + 'nieuw = "Nieuwe zin."\n', "utf-8")
    with pytest.raises(TextsError, match="nieuw"):
        load_catalogue(directory=directory)


def test_a_translation_with_other_placeholders_is_refused(tmp_path: Path) -> None:
    directory = _copy_texts(tmp_path)
    _edit(directory / "pl.toml", "kończy się {date}.", "kończy się wkrótce.")
    with pytest.raises(TextsError, match="reflection") as info:
        load_catalogue(directory=directory)
    assert info.value.field == "pl.texts.reflection"


def test_a_reviewed_status_names_who_reviewed_and_when(tmp_path: Path) -> None:
    directory = _copy_texts(tmp_path)
    _edit(directory / "fr.toml", 'state = "drafted"', 'state = "reviewed"')
    with pytest.raises(TextsError, match="door wie en wanneer"):
        load_catalogue(directory=directory)
    _edit(directory / "fr.toml", 'reviewed_by = ""', 'reviewed_by = "A. Vertaler (beëdigd)"')
    _edit(directory / "fr.toml", 'reviewed_on = ""', "reviewed_on = 2027-01-15")
    french = load_catalogue(directory=directory)["fr"]
    assert french.status.state is Status.REVIEWED
    assert not french.needs_companion


def test_drafted_translations_need_a_companion_and_the_source_does_not() -> None:
    assert catalogue()["es"].needs_companion
    assert not catalogue()["nl"].needs_companion


def test_an_unknown_language_names_the_field_and_the_available_ones() -> None:
    with pytest.raises(UnknownLanguageError) as info:
        language("xx")
    assert info.value.field == "language"
    assert "zh-Hans" in info.value.message and "es" in info.value.message


def test_the_default_language_is_the_first_of_the_case_that_the_sheet_has() -> None:
    assert language_for(["sw", "zh", "en"]).code == "zh-Hans"
    assert language_for(["sw"]).code == "nl"
    assert language("ZH-hans").code == "zh-Hans"
    assert catalogue()["ar"].direction == "rtl"
