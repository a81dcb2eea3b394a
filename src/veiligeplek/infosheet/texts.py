"""The sheet's texts: one TOML file per language in ``texts/``, each with its status.

Dutch (``nl.toml``) is the source, written at B1 level. Every other file must have exactly the
source's keys, with the same placeholders (``{date}``, ``{days}``, ``{phone}``, ``{number}``):
a missing text is an error when the files are loaded, never a silent fallback to Dutch.
A translation that no qualified translator has reviewed (``state = "drafted"``) is always shown
together with the Dutch or English text (``Language.needs_companion``), so that nobody relies
on an unreviewed text alone.
"""

from __future__ import annotations

import datetime as dt
import string
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any, Literal

TEXTS_DIR = Path(__file__).resolve().parent / "texts"
SOURCE = "nl"
# The languages of the sheet, in the order the staff screen lists them.
LANGUAGE_CODES = (
    "nl", "en", "es", "pt", "fr", "pl", "ro", "bg", "hu", "uk", "ru", "ar", "ti", "vi", "zh-Hans",
)  # fmt: skip
# The case facts carry ISO 639-1 codes; Chinese is written in simplified characters here.
FACTS_CODE = {"zh": "zh-Hans"}
PLACEHOLDERS = frozenset({"date", "days", "phone", "number"})


class TextsError(ValueError):
    """A language file that cannot be used; ``field`` names the file and key."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class UnknownLanguageError(ValueError):
    """Asked for a language the sheet does not have; names the field and what is available."""

    field = "language"

    def __init__(self, code: object) -> None:
        self.code = code
        self.available = LANGUAGE_CODES
        self.message = f"onbekende taal {code!r}; beschikbaar: {', '.join(LANGUAGE_CODES)}"
        super().__init__(f"language: {self.message}")


class Status(StrEnum):
    DRAFTED = "drafted"  # written, not yet reviewed by a qualified translator
    REVIEWED = "reviewed"  # reviewed by a qualified translator: by whom and when


@dataclass(frozen=True)
class TranslationStatus:
    state: Status
    drafted_on: dt.date
    reviewed_by: str  # name and qualification; empty while drafted
    reviewed_on: dt.date | None
    note: str


@dataclass(frozen=True)
class Language:
    code: str  # BCP 47, as in the file name: "es", "zh-Hans"
    name: str  # the language's own name: "español"
    name_nl: str  # its Dutch name, for the staff screen: "Spaans"
    babel_locale: str  # CLDR locale for dates: "es", "zh_Hans"
    direction: Literal["ltr", "rtl"]
    status: TranslationStatus
    texts: Mapping[str, str]

    @property
    def is_source(self) -> bool:
        return self.code == SOURCE

    @property
    def needs_companion(self) -> bool:
        """A drafted translation is never shown alone."""
        return not self.is_source and self.status.state is Status.DRAFTED


def placeholders(text: str) -> frozenset[str]:
    return frozenset(name for _, name, _, _ in string.Formatter().parse(text) if name)


def parse_language(
    code: str, data: Mapping[str, Any], source: Mapping[str, str] | None
) -> Language:
    """One decoded language file; ``source`` is the Dutch texts (None for Dutch itself)."""
    meta = _table(code, data, "language")
    status = _status(code, _table(code, data, "status"))
    texts = _texts(code, _table(code, data, "texts"), source)
    direction = meta.get("direction")
    if direction not in ("ltr", "rtl"):
        raise TextsError(f"{code}.language.direction", "verwacht 'ltr' of 'rtl'")
    if meta.get("code") != code:
        raise TextsError(f"{code}.language.code", f"verwacht {code!r} (de bestandsnaam)")
    return Language(
        code=code,
        name=_str(code, meta, "language", "name"),
        name_nl=_str(code, meta, "language", "name_nl"),
        babel_locale=_str(code, meta, "language", "babel"),
        direction=direction,
        status=status,
        texts=texts,
    )


def _table(code: str, data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = data.get(key)
    if not isinstance(value, Mapping):
        raise TextsError(f"{code}.{key}", "tabel ontbreekt")
    return value


def _str(code: str, table: Mapping[str, Any], name: str, key: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise TextsError(f"{code}.{name}.{key}", "tekst ontbreekt")
    return value


def _date(code: str, table: Mapping[str, Any], key: str) -> dt.date | None:
    value = table.get(key, "")
    if value == "":
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    raise TextsError(f"{code}.status.{key}", "verwacht een datum (2026-12-01)")


def _status(code: str, table: Mapping[str, Any]) -> TranslationStatus:
    try:
        state = Status(str(table.get("state")))
    except ValueError:
        raise TextsError(f"{code}.status.state", "verwacht 'drafted' of 'reviewed'") from None
    drafted_on = _date(code, table, "drafted_on")
    if drafted_on is None:
        raise TextsError(f"{code}.status.drafted_on", "datum ontbreekt")
    reviewed_by = str(table.get("reviewed_by", "")).strip()
    reviewed_on = _date(code, table, "reviewed_on")
    if state is Status.REVIEWED and not (reviewed_by and reviewed_on):
        raise TextsError(f"{code}.status", "een gecontroleerde vertaling noemt door wie en wanneer")
    if state is Status.DRAFTED and (reviewed_by or reviewed_on):
        raise TextsError(f"{code}.status", "een concept heeft (nog) geen controleur of datum")
    return TranslationStatus(
        state=state,
        drafted_on=drafted_on,
        reviewed_by=reviewed_by,
        reviewed_on=reviewed_on,
        note=str(table.get("note", "")),
    )


def _texts(code: str, table: Mapping[str, Any], source: Mapping[str, str] | None) -> dict[str, str]:
    texts: dict[str, str] = {}
    for key, value in table.items():
        if not isinstance(value, str) or not value.strip():
            raise TextsError(f"{code}.texts.{key}", "lege of ongeldige tekst")
        unknown = placeholders(value) - PLACEHOLDERS
        if unknown:
            raise TextsError(f"{code}.texts.{key}", f"onbekende plaatshouder {sorted(unknown)}")
        texts[key] = value.strip()
    if source is None:
        return texts
    missing = sorted(set(source) - set(texts))
    if missing:
        raise TextsError(f"{code}.texts", f"ontbreekt ten opzichte van nl: {', '.join(missing)}")
    extra = sorted(set(texts) - set(source))
    if extra:
        raise TextsError(f"{code}.texts", f"staat niet in de brontekst nl: {', '.join(extra)}")
    for key, text in texts.items():
        if placeholders(text) != placeholders(source[key]):
            raise TextsError(
                f"{code}.texts.{key}",
                f"plaatshouders {sorted(placeholders(text))}, "
                f"brontekst heeft {sorted(placeholders(source[key]))}",
            )
    return texts


def read_file(code: str, directory: Path = TEXTS_DIR) -> Mapping[str, Any]:
    path = directory / f"{code}.toml"
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise TextsError(code, f"bestand {path.name} ontbreekt of is onleesbaar") from exc
    except tomllib.TOMLDecodeError as exc:
        raise TextsError(code, f"{path.name}: ongeldige TOML ({exc})") from exc


def load_catalogue(
    codes: Iterable[str] = LANGUAGE_CODES, directory: Path = TEXTS_DIR
) -> dict[str, Language]:
    source = parse_language(SOURCE, read_file(SOURCE, directory), None)
    result = {SOURCE: source}
    for code in codes:
        if code != SOURCE:
            result[code] = parse_language(code, read_file(code, directory), source.texts)
    return result


@cache
def catalogue() -> dict[str, Language]:
    """All languages, validated once per process, in ``LANGUAGE_CODES`` order."""
    return load_catalogue()


def language(code: object) -> Language:
    """The language with this code (``es``, ``zh-Hans``; case-insensitive), or an error naming
    ``language`` with the available ones."""
    if isinstance(code, str):
        for known in LANGUAGE_CODES:
            if known.lower() == code.strip().lower():
                return catalogue()[known]
    raise UnknownLanguageError(code)


def language_for(case_languages: Iterable[str]) -> Language:
    """The first of the person's languages that the sheet has; Dutch otherwise."""
    for code in case_languages:
        wanted = FACTS_CODE.get(code.lower(), code).lower()
        for known in LANGUAGE_CODES:
            if known.lower() == wanted:
                return catalogue()[known]
    return catalogue()[SOURCE]
