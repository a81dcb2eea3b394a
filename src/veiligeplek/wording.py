"""The domain's Dutch texts in the reader's language, for pages (ADR 0018).

``domain.wording`` keeps how each of its texts was made; this module says them again with
Django's translation catalogue of the active language: ``say_text`` for Python (form errors,
messages), the ``say`` template filter (``registry/templatetags/vp_tags.py``) for templates. A
text with a part that the catalogue (or the rule set) does not translate is shown in Dutch with
the marker "(Nederlands)", never half translated. Dutch pages get the texts unchanged.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import formats, translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import trans_real

from veiligeplek.domain.countries import country_name_en, language_name_en
from veiligeplek.domain.wording import DUTCH, say

MARKER = "(Nederlands)"


class CatalogueSpeaker:
    """A ``domain.wording.Speaker`` for one language, from the project's ``.mo`` catalogues."""

    def __init__(self, language: str) -> None:
        self.language = language
        # The merged catalogue of the project's and the apps' .mo files: a membership test
        # tells a missing translation from one that happens to equal the Dutch ("CoMensha").
        catalogue: Any = getattr(trans_real.translation(language), "_catalog", {})
        self._catalogue = catalogue

    def term(self, text: str, context: str) -> str | None:
        key = f"{context}\x04{text}" if context else text
        said = self._catalogue.get(key)
        return str(said) if said else None

    def date(self, day: dt.date) -> str:
        with translation.override(self.language):
            return str(formats.date_format(day, "j F Y"))

    def country(self, code: str) -> str:
        return country_name_en(code)

    def language_name(self, code: str) -> str:
        return language_name_en(code)


def active_language() -> str:
    return (translation.get_language() or DUTCH).split("-")[0]


def said(value: object, language: str | None = None) -> tuple[str, bool]:
    """(the text in ``language`` (default: the active one), translated?)."""
    language = language or active_language()
    if language == DUTCH:
        return str(value), True
    return say(value, CatalogueSpeaker(language))


def say_text(value: object) -> str:
    """The text in the active language, or in Dutch followed by "(Nederlands)"."""
    text, complete = said(value)
    return text if complete else f"{text} {MARKER}"


def say_html(value: object) -> SafeString:
    """As ``say_text``, for a page: the Dutch text marked ``lang="nl"`` for screen readers."""
    text, complete = said(value)
    if complete:
        return SafeString(conditional_escape(text))
    return format_html('<span lang="nl">{}</span> <span class="vp-muted">{}</span>', text, MARKER)
