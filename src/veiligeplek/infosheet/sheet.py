"""What the sheet says, from the case's routing decision and state. Pure Python.

The choice of paragraphs depends only on the case (``plan_for_case``); the words depend only on
the language (``write``), so that every language says the same things. What the sheet never
says: a shelter's name or address, a person's name or a personal phone number. It names
CoMensha's public line (a setting) and 112, and the case number she can quote.

Rules (DOMAIN.md "Legal routing"): on the aliens-law track a reflection period of 90 days, 30
with a Dublin indication, with its end date; reporting is her choice and leads to the B8
permit; who cannot report can ask for humanitarian residence. On the municipal track shelter
comes through the municipality (Wmo; Jeugdwet for minors). A minor gets the children's version.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from babel.dates import format_date

from veiligeplek.domain.decision import RoutingDecision
from veiligeplek.domain.enums import Flag, ResidencePermit, Track
from veiligeplek.domain.facts import CaseFacts
from veiligeplek.infosheet.texts import Language


@dataclass(frozen=True)
class SheetCase:
    """The facts of a case that the sheet depends on, and nothing else."""

    track: Track
    minor: bool
    reflection_days: int | None
    reflection_ends_on: dt.date | None
    dublin: bool
    cannot_report: bool
    b8_holder: bool
    number: str | None

    @classmethod
    def from_routing(
        cls, facts: CaseFacts, decision: RoutingDecision, number: str | None
    ) -> SheetCase:
        period = decision.reflection_period
        return cls(
            track=decision.track,
            minor=Flag.MINOR in decision.flags,
            reflection_days=period.days if period else None,
            reflection_ends_on=period.ends_on if period else None,
            dublin=Flag.DUBLIN in decision.flags,
            cannot_report=Flag.HUMANITARIAN_RESIDENCE in decision.flags,
            b8_holder=facts.residence_permit is ResidencePermit.B8,
            number=number,
        )


@dataclass(frozen=True)
class Line:
    key: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PlannedSection:
    key: str
    heading: str  # a text key
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Plan:
    title: str  # a text key
    children: bool
    general: bool  # the public page: no case, no date, no number
    sections: tuple[PlannedSection, ...]


@dataclass(frozen=True)
class Helpline:
    phone: str
    fictitious: bool  # the demo value: the sheet says so


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class SheetText:
    """The sheet in one language."""

    language: Language
    title: str
    sections: tuple[Section, ...]

    def plain(self) -> str:
        return "\n".join(
            [self.title, *(s.heading + "\n" + "\n".join(s.paragraphs) for s in self.sections)]
        )


@dataclass(frozen=True)
class Sheet:
    plan: Plan
    main: SheetText
    companion: SheetText | None  # Dutch or English next to a drafted translation
    number: str | None
    public_url: str

    @property
    def texts(self) -> tuple[SheetText, ...]:
        return (self.main,) if self.companion is None else (self.main, self.companion)


def _prefix(children: bool, key: str) -> str:
    return f"child_{key}" if children else key


def plan_for_case(case: SheetCase) -> Plan:
    c = case.minor
    p = _prefix
    rights: list[Line] = []
    if case.track is Track.ALIENS_LAW:
        rights.append(
            Line(
                p(c, "reflection"), {"days": case.reflection_days, "date": case.reflection_ends_on}
            )
        )
        if case.dublin:
            rights.append(Line(p(c, "reflection_dublin")))
        rights += [Line(p(c, "report")), Line(p(c, "b8"))]
        if case.cannot_report:
            rights.append(Line(p(c, "humanitarian")))
        rights.append(Line("child_guardian" if c else "shelter_aliens"))
    else:
        if case.b8_holder:
            rights.append(Line(p(c, "b8_holder")))
        rights += [Line("child_youth" if c else "shelter_wmo"), Line(p(c, "report"))]
    rights += [Line(p(c, "medical")), Line(p(c, "legal_aid")), Line(p(c, "interpreter"))]
    sections = [
        PlannedSection("who", p(c, "h_who"), (Line(p(c, "who")), Line(p(c, "questions")))),
        PlannedSection(
            "next", p(c, "h_next"), (Line(p(c, "next_tonight")), Line(p(c, "next_days")))
        ),
        PlannedSection("stay", p(c, "h_stay"), (Line(p(c, "stay")),)),
        PlannedSection("rights", p(c, "h_rights"), tuple(rights)),
        _call_section(c),
    ]
    if case.number:
        sections.append(
            PlannedSection(
                "number", p(c, "h_number"), (Line(p(c, "number"), {"number": case.number}),)
            )
        )
    sections.append(PlannedSection("more", p(c, "h_more"), (Line(p(c, "more")),)))
    return Plan(title=p(c, "title"), children=c, general=False, sections=tuple(sections))


def _call_section(children: bool) -> PlannedSection:
    return PlannedSection(
        "call",
        _prefix(children, "h_call"),
        (Line("call_comensha"), Line(_prefix(children, "call_112"))),
    )


def plan_general() -> Plan:
    """The public page: what holds for everyone, no case, no date, no number."""
    return Plan(
        title="public_title",
        children=False,
        general=True,
        sections=(
            PlannedSection("who", "h_who", (Line("public_intro"), Line("questions"))),
            PlannedSection("stay", "h_stay", (Line("stay"),)),
            PlannedSection(
                "tracks",
                "h_public_tracks",
                (Line("public_reflection"), Line("public_municipal")),
            ),
            PlannedSection(
                "rights",
                "h_rights",
                tuple(
                    Line(key)
                    for key in (
                        "report",
                        "b8",
                        "humanitarian",
                        "medical",
                        "legal_aid",
                        "interpreter",
                    )
                ),
            ),
            _call_section(False),
        ),
    )


def write(plan: Plan, language: Language, helpline: Helpline) -> SheetText:
    """The plan in the words of ``language``; dates in its own form (CLDR)."""
    texts = language.texts

    def line(item: Line) -> str:
        values = {k: _value(v, language) for k, v in item.params.items()}
        if "number" in values:
            values["number"] = _ltr(values["number"], language)
        if item.key == "call_comensha":
            values["phone"] = _ltr(helpline.phone, language)
            text = texts[item.key].format(**values)
            return f"{text} {texts['phone_fictitious']}" if helpline.fictitious else text
        return texts[item.key].format(**values)

    sections = tuple(
        Section(s.key, texts[s.heading], tuple(line(item) for item in s.lines))
        for s in plan.sections
    )
    return SheetText(language=language, title=texts[plan.title], sections=sections)


def _ltr(value: str, language: Language) -> str:
    """A phone or case number inside right-to-left text keeps its order and stays on one line:
    without the isolate the bidi algorithm shows "0800-000 00 00" as "00 00 0800-000", and a
    line break after a hyphen put "VP-" before the rest (both seen in the Arabic PDF). The word
    joiners are invisible and hold the number together."""
    if language.direction != "rtl":
        return value
    joined = value.replace("-", "-\u2060").replace(" ", "\u00a0")
    return f"\u2066{joined}\u2069"


def _value(value: Any, language: Language) -> str:
    if isinstance(value, dt.date):
        return format_date(value, format="long", locale=language.babel_locale)
    return str(value)


def compose(
    plan: Plan,
    language: Language,
    *,
    helpline: Helpline,
    companion: Language,
    public_url: str,
    number: str | None = None,
) -> Sheet:
    """The sheet in ``language``, with ``companion``'s text next to a drafted translation."""
    return Sheet(
        plan=plan,
        main=write(plan, language, helpline),
        companion=write(plan, companion, helpline) if language.needs_companion else None,
        number=number,
        public_url=public_url,
    )
