"""Dutch texts of the domain that can say themselves again in another language.

Rule: the domain writes Dutch (the API, the CLI and stored texts stay Dutch, ARCHITECTURE.md),
and has no Django, so no gettext. Every sentence it makes is therefore a ``Words``: a ``str``
whose value is the Dutch text, exactly as before, that also keeps how it was made (a template
and its values, a list and its conjunction, a date, a country code). A page says it again in
the reader's language with a ``Speaker`` (``say``), which the web layer makes from Django's
translation catalogue (``cases.wording``); where a part has no translation, the page shows the
Dutch text with a "(Nederlands)" marker (ADR 0018).

The translatable texts are marked with ``_`` (and ``pgettext`` with a context), the keywords
that ``makemessages`` extracts, so their English lives in the project's ``django.po`` like every
other page text; ``registered()`` lists them for the completeness test. Rule explanations are
not here: the rule set carries their English next to the Dutch (``rules.Rule.translations``).
"""

from __future__ import annotations

import datetime as dt
from abc import ABCMeta, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

from veiligeplek.domain.countries import country_name_nl, language_name_nl

DUTCH = "nl"

MONTHS_NL = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


class Speaker(Protocol):
    """Says the parts of a text in one language (the web layer implements it)."""

    language: str

    def term(self, text: str, context: str) -> str | None:
        """The translation of a marked text, None when the catalogue has none."""

    def date(self, day: dt.date) -> str: ...

    def country(self, code: str) -> str: ...

    def language_name(self, code: str) -> str: ...


class MissingTranslationError(LookupError):
    """A part of a text has no translation: the whole text is shown in Dutch, marked."""


class Words(str, metaclass=ABCMeta):
    """A Dutch text (its ``str`` value) that can say itself again with a ``Speaker``; each kind
    of text below says how."""

    @abstractmethod
    def say(self, speaker: Speaker) -> str: ...


_REGISTRY: dict[tuple[str, str], Term] = {}


class Term(Words):
    """A fixed text marked for translation: a label, a sentence, or a template whose
    ``%(name)s`` parts a ``Sentence`` fills in."""

    context: str

    def __new__(cls, text: str, context: str = "") -> Term:
        term = super().__new__(cls, text)
        term.context = context
        return term

    def __reduce__(self) -> tuple[Callable[..., Term], tuple[str, str]]:
        return Term, (str(self), self.context)

    def say(self, speaker: Speaker) -> str:
        if speaker.language == DUTCH:
            return str(self)
        said = speaker.term(str(self), self.context)
        if said is None:
            raise MissingTranslationError(str(self))
        return said


def _(text: str) -> Term:
    """Marks a domain text for translation (extracted by ``makemessages``)."""
    return _REGISTRY.setdefault(("", text), Term(text))


def pgettext(context: str, text: str) -> Term:
    """Marks a short domain text that needs a context to be translated ("wel", "geen")."""
    return _REGISTRY.setdefault((context, text), Term(text, context))


def registered() -> list[Term]:
    """Every text marked with ``_`` or ``pgettext`` in the modules imported so far (a ``Term``
    made directly, as a test does, is not a marked text of the domain)."""
    return list(_REGISTRY.values())


class Sentence(Words):
    """A template (a ``Term`` with ``%(name)s`` parts) filled in with values, each a ``Words``
    or a plain text that stays as it is (a name, a number)."""

    template: Term
    values: Mapping[str, object]

    def __new__(cls, template: Term, **values: object) -> Sentence:
        sentence = super().__new__(cls, str(template) % {k: str(v) for k, v in values.items()})
        sentence.template, sentence.values = template, values
        return sentence

    def __reduce__(self) -> tuple[Callable[..., Sentence], tuple[Any, ...]]:
        return _sentence, (self.template, dict(self.values))

    def say(self, speaker: Speaker) -> str:
        if speaker.language == DUTCH:
            return str(self)
        said = self.template.say(speaker)
        return said % {k: say_part(v, speaker) for k, v in self.values.items()}


def _sentence(template: Term, values: dict[str, object]) -> Sentence:
    return Sentence(template, **values)


AND = _("%(items)s en %(last)s")
OR = _("%(items)s of %(last)s")


class Listing(Words):
    """``a``, ``a en b``, ``a, b en c`` (or ``of``) of parts that say themselves."""

    items: tuple[object, ...]
    conjunction: Term

    def __new__(cls, items: Sequence[object], conjunction: Term = AND) -> Listing:
        listing = super().__new__(cls, _joined([str(i) for i in items], conjunction, str))
        listing.items, listing.conjunction = tuple(items), conjunction
        return listing

    def __reduce__(self) -> tuple[Callable[..., Listing], tuple[Any, ...]]:
        return Listing, (self.items, self.conjunction)

    def say(self, speaker: Speaker) -> str:
        if speaker.language == DUTCH:
            return str(self)
        parts = [say_part(item, speaker) for item in self.items]
        return _joined(parts, self.conjunction, lambda t: t.say(speaker))


def _joined(items: list[str], conjunction: Term, said: Callable[[Term], str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return said(conjunction) % {"items": ", ".join(items[:-1]), "last": items[-1]}


class Joined(Words):
    """Parts said one after the other: sentences of one text, separated by a space."""

    parts: tuple[object, ...]

    def __new__(cls, *parts: object) -> Joined:
        joined = super().__new__(cls, " ".join(str(p) for p in parts))
        joined.parts = parts
        return joined

    def __reduce__(self) -> tuple[Callable[..., Joined], tuple[object, ...]]:
        return Joined, self.parts

    def say(self, speaker: Speaker) -> str:
        if speaker.language == DUTCH:
            return str(self)
        return " ".join(say_part(part, speaker) for part in self.parts)


class Day(Words):
    """A date: ``26 februari 2027`` in Dutch, the speaker's own form otherwise."""

    day: dt.date

    def __new__(cls, day: dt.date) -> Day:
        words = super().__new__(cls, f"{day.day} {MONTHS_NL[day.month - 1]} {day.year}")
        words.day = day
        return words

    def __reduce__(self) -> tuple[Callable[..., Day], tuple[dt.date]]:
        return Day, (self.day,)

    def say(self, speaker: Speaker) -> str:
        return str(self) if speaker.language == DUTCH else speaker.date(self.day)


class Country(Words):
    """A country by its ISO code: ``Polen`` in Dutch."""

    code: str

    def __new__(cls, code: str) -> Country:
        words = super().__new__(cls, country_name_nl(code))
        words.code = code
        return words

    def __reduce__(self) -> tuple[Callable[..., Country], tuple[str]]:
        return Country, (self.code,)

    def say(self, speaker: Speaker) -> str:
        return str(self) if speaker.language == DUTCH else speaker.country(self.code)


class Language(Words):
    """A language by its ISO 639-1 code: ``Spaans`` in Dutch."""

    code: str

    def __new__(cls, code: str) -> Language:
        words = super().__new__(cls, language_name_nl(code))
        words.code = code
        return words

    def __reduce__(self) -> tuple[Callable[..., Language], tuple[str]]:
        return Language, (self.code,)

    def say(self, speaker: Speaker) -> str:
        return str(self) if speaker.language == DUTCH else speaker.language_name(self.code)


class RuleText(Words):
    """A rule's explanation as it fired: the Dutch template of the rule set filled in, and
    the rule set's translations of that template (``{name}`` parts, ``str.format``)."""

    translations: Mapping[str, str]
    values: Mapping[str, object]

    def __new__(
        cls, dutch: str, translations: Mapping[str, str], values: Mapping[str, object]
    ) -> RuleText:
        text = super().__new__(cls, dutch.format_map({k: str(v) for k, v in values.items()}))
        text.translations, text.values = translations, values
        return text

    def __reduce__(self) -> tuple[Callable[..., RuleText], tuple[Any, ...]]:
        return _rule_text, (str(self), dict(self.translations), dict(self.values))

    def say(self, speaker: Speaker) -> str:
        if speaker.language == DUTCH:
            return str(self)
        template = self.translations.get(speaker.language)
        if template is None:
            raise MissingTranslationError(str(self))
        return template.format_map({k: say_part(v, speaker) for k, v in self.values.items()})


def _rule_text(dutch: str, translations: dict[str, str], values: dict[str, object]) -> RuleText:
    # ``dutch`` is already filled in; keep it and the recipe without filling it in again.
    text = str.__new__(RuleText, dutch)
    text.translations, text.values = translations, values
    return text


def say_part(value: object, speaker: Speaker) -> str:
    """One part of a text in the speaker's language (raises ``MissingTranslationError``)."""
    return value.say(speaker) if isinstance(value, Words) else str(value)


def say(value: object, speaker: Speaker) -> tuple[str, bool]:
    """(the text in the speaker's language, True) or, where a part has no translation,
    (the Dutch text, False): the caller marks it as Dutch."""
    try:
        return say_part(value, speaker), True
    except MissingTranslationError:
        return str(value), False
