"""Routing rules as versioned data: which rule set applies on a date, and what each rule says.

Rule: routing policy changes over time, so the numbers (reflection period, age of majority) and
the wording and source of every rule live in ``rulesets/*.json``, not in code (DOMAIN.md, "Legal
routing", point 5). A rule set applies from its ``valid_from`` until the next one starts;
``ruleset_for(day)`` picks it. A decision records the version it was made with, and
``ruleset_by_version`` finds that version again, so that last year's decision can be reproduced
with last year's rules. A rule's own ``valid_from`` says since when its current wording and
content apply; it can be no later than the ``valid_from`` of its rule set.

The catalogue below (``RuleId``, ``PLACEHOLDERS``, ``PARAMETERS``) is the contract between the
routing code and the data: every rule set defines exactly these rules, uses only the
placeholders the routing code fills in for each rule, and has every parameter. ``parse_ruleset``
refuses a rule set that breaks this contract, naming the file and the rule.

Two sections hold policy that is not routing, with the rule that explains each
(``NOT_FIRED_BY_ROUTING``; ADR 0015): ``handover_after_placement`` (after whose first placement
on which track another party holds the case) and ``almost`` (the objections a shelter can
waive, so that a place failing on exactly one of them is "bijna passend"; never gender or
category).
"""

from __future__ import annotations

import datetime as dt
import json
import string
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from importlib.resources import files
from types import MappingProxyType
from typing import Any

from veiligeplek.domain.decision import FiredRule
from veiligeplek.domain.enums import PlacementAuthority, ReasonCode, Track
from veiligeplek.domain.wording import DUTCH, Day, Listing, RuleText

RULESET_PACKAGE = "veiligeplek.domain"
RULESET_FOLDER = "rulesets"


class RuleId(StrEnum):
    """Every rule the routing code can fire, in the order it evaluates them."""

    RES_GIVEN = "R-RES-GIVEN"
    RES_DUTCH = "R-RES-DUTCH"
    RES_FREE_MOVEMENT = "R-RES-FREE-MOVEMENT"
    RES_PERMIT = "R-RES-PERMIT"
    RES_NATIONALITY_UNKNOWN = "R-RES-NATIONALITY-UNKNOWN"
    RES_THIRD_COUNTRY = "R-RES-THIRD-COUNTRY"
    NATIONALITY_UNKNOWN = "R-NATIONALITY-UNKNOWN"
    B8_PERMIT = "R-B8-PERMIT"
    B8_REPORT = "R-B8-REPORT"
    TRACK_MUNICIPAL = "R-TRACK-MUNICIPAL"
    TRACK_ALIENS_LAW = "R-TRACK-ALIENS-LAW"
    BASIS_WMO = "R-BASIS-WMO"
    BASIS_JEUGDWET = "R-BASIS-JEUGDWET"
    MINOR = "R-MINOR"
    RESP_REGISTERED = "R-RESP-REGISTERED"
    RESP_FOUND = "R-RESP-FOUND"
    REGION_ALIENS_LAW = "R-REGION-ALIENS-LAW"
    REFLECTION = "R-REFLECTION"
    REFLECTION_DUBLIN = "R-REFLECTION-DUBLIN"
    REFLECTION_START_TODAY = "R-REFLECTION-START-TODAY"
    HUMANITARIAN = "R-HUMANITARIAN"
    CAT_OMM = "R-CAT-OMM"
    CAT_NLA = "R-CAT-NLA"
    CAT_COSM = "R-CAT-COSM"
    CAT_WMO = "R-CAT-WMO"
    CAT_MANNENOPVANG = "R-CAT-MANNENOPVANG"
    CAT_ORDER = "R-CAT-ORDER"
    GAP_CRIMINAL = "R-GAP-CRIMINAL"
    AUTHORITY_CATEGORY = "R-AUTHORITY-CATEGORY"
    AUTHORITY_TRACK = "R-AUTHORITY-TRACK"
    INTERPRETER = "R-INTERPRETER"
    CHILDREN = "R-CHILDREN"
    SAFETY_HIGH = "R-SAFETY-HIGH"
    # Not fired by routing: who holds the case after a change (cases app) and which objections
    # make a place "almost" (matching).
    HANDOVER_TRACK = "R-HANDOVER-TRACK"
    HANDOVER_PLACEMENT = "R-HANDOVER-PLACEMENT"
    ALMOST_WAIVABLE = "R-ALMOST-WAIVABLE"


# Fired outside routing: by the handover of a case (cases app) and by matching.
NOT_FIRED_BY_ROUTING = frozenset(
    {RuleId.HANDOVER_TRACK, RuleId.HANDOVER_PLACEMENT, RuleId.ALMOST_WAIVABLE}
)

_AREA = frozenset({"municipality", "region", "central"})
_PERIOD = frozenset({"days", "starts_on", "ends_on"})

# The values the routing code fills in for each rule; an explanation may use any subset.
PLACEHOLDERS: Mapping[RuleId, frozenset[str]] = MappingProxyType(
    {
        RuleId.RES_GIVEN: frozenset({"answer"}),
        RuleId.RES_FREE_MOVEMENT: frozenset({"country"}),
        RuleId.RES_THIRD_COUNTRY: frozenset({"country"}),
        RuleId.TRACK_MUNICIPAL: frozenset({"reflection_days"}),
        RuleId.BASIS_WMO: frozenset({"age"}),
        RuleId.BASIS_JEUGDWET: frozenset({"age", "age_of_majority"}),
        RuleId.MINOR: frozenset({"age", "age_of_majority"}),
        RuleId.RESP_REGISTERED: _AREA,
        RuleId.RESP_FOUND: _AREA,
        RuleId.REGION_ALIENS_LAW: _AREA,
        RuleId.REFLECTION: _PERIOD,
        RuleId.REFLECTION_DUBLIN: _PERIOD,
        RuleId.REFLECTION_START_TODAY: frozenset({"starts_on"}),
        RuleId.CAT_OMM: frozenset({"reasons"}),
        RuleId.CAT_ORDER: frozenset({"categories"}),
        RuleId.GAP_CRIMINAL: frozenset({"categories"}),
        RuleId.AUTHORITY_CATEGORY: frozenset({"authority", "category"}),
        RuleId.AUTHORITY_TRACK: frozenset({"authority"}),
        RuleId.INTERPRETER: frozenset({"languages"}),
        RuleId.CHILDREN: frozenset({"children"}),
        RuleId.HANDOVER_TRACK: frozenset({"from", "to"}),
        RuleId.HANDOVER_PLACEMENT: frozenset({"from", "to"}),
        RuleId.ALMOST_WAIVABLE: frozenset({"reasons"}),
    }
)

PARAMETERS = ("reflection_days", "reflection_days_dublin", "age_of_majority")

# The languages a rule's explanation may be written in: ``explanation`` is either the Dutch
# text or an object with the Dutch (``nl``, required) next to its translations (ADR 0018).
LANGUAGES = (DUTCH, "en")


class InvalidRuleSetError(ValueError):
    """A rule set that cannot be used; the message names the file (or origin) and the rule."""


class RuleSetNotFoundError(LookupError):
    """No rule set is valid on the requested day, or none has the requested version."""


@dataclass(frozen=True)
class Rule:
    id: str
    valid_from: dt.date
    explanation: str  # one Dutch sentence; may contain {placeholders}
    source: str  # law article or report chapter/section (a citation: not translated)
    # The explanation in other languages (same placeholders), by language code.
    translations: Mapping[str, str] = field(default_factory=dict, hash=False)

    def fire(self, **values: object) -> FiredRule:
        """The rule as it fired for one case, its explanation filled in with concrete values
        (``Words`` where they can be said in another language, ``wording.RuleText``)."""
        text = RuleText(self.explanation, self.translations, values)
        return FiredRule(id=self.id, explanation=text, source=self.source)


@dataclass(frozen=True)
class HandoverAfterPlacement:
    """After the first placement made by ``placed_by`` on ``track``, ``to`` holds the case."""

    rule: str  # the rule id that explains it, with its source
    placed_by: PlacementAuthority
    track: Track
    to: PlacementAuthority


# A shelter can never waive these: a place for another gender or outside the legal route is no
# near miss (issue: "gender and category never make a place almost").
NEVER_WAIVABLE = frozenset({ReasonCode.GENDER, ReasonCode.CATEGORY, ReasonCode.FULL})


@dataclass(frozen=True)
class AlmostPolicy:
    """Which objections a shelter can waive, so that a place failing on exactly one of them is
    "bijna passend"; an age counts only when at most ``age_margin_years`` outside the range."""

    rule: str
    waivable: frozenset[ReasonCode]
    age_margin_years: int


@dataclass(frozen=True)
class RuleSet:
    version: str  # recorded on every decision, e.g. "2025.1"
    valid_from: dt.date
    # Read-only mappings; left out of the hash (a rule set is identified by version and date).
    parameters: Mapping[str, int] = field(hash=False)
    rules: Mapping[str, Rule] = field(hash=False)
    handover_after_placement: tuple[HandoverAfterPlacement, ...] = field(default=(), hash=False)
    almost: AlmostPolicy = field(
        default=AlmostPolicy(RuleId.ALMOST_WAIVABLE.value, frozenset(), 0), hash=False
    )

    def rule(self, rule_id: str) -> Rule:
        return self.rules[rule_id]

    def parameter(self, name: str) -> int:
        return self.parameters[name]


# --- loading and choosing ------------------------------------------------------------------


@cache
def load_rulesets() -> tuple[RuleSet, ...]:
    """The rule sets shipped in the package, oldest first (read and validated once)."""
    folder = files(RULESET_PACKAGE).joinpath(RULESET_FOLDER)
    entries = sorted(
        (entry for entry in folder.iterdir() if entry.name.endswith(".json")),
        key=lambda entry: entry.name,
    )
    return sorted_rulesets(
        parse_ruleset(json.loads(entry.read_text(encoding="utf-8")), origin=entry.name)
        for entry in entries
    )


def sorted_rulesets(rulesets: Iterable[RuleSet]) -> tuple[RuleSet, ...]:
    """Oldest first; refuses two rule sets with the same version or the same start date."""
    result = tuple(sorted(rulesets, key=lambda ruleset: ruleset.valid_from))
    for attribute in ("version", "valid_from"):
        values = [getattr(ruleset, attribute) for ruleset in result]
        duplicates = sorted({str(value) for value in values if values.count(value) > 1})
        if duplicates:
            raise InvalidRuleSetError(f"two rule sets share {attribute} {', '.join(duplicates)}")
    return result


def ruleset_for(day: dt.date, *, rulesets: Sequence[RuleSet] | None = None) -> RuleSet:
    """The newest rule set with ``valid_from`` on or before ``day`` (shipped ones by default)."""
    known = load_rulesets() if rulesets is None else rulesets
    candidates = [r for r in known if r.valid_from <= day]
    if not candidates:
        raise RuleSetNotFoundError(f"no routing rule set is valid on {day.isoformat()}")
    return max(candidates, key=lambda ruleset: ruleset.valid_from)


def ruleset_by_version(version: str, *, rulesets: Sequence[RuleSet] | None = None) -> RuleSet:
    """The rule set a decision recorded, to reproduce that decision."""
    for ruleset in load_rulesets() if rulesets is None else rulesets:
        if ruleset.version == version:
            return ruleset
    raise RuleSetNotFoundError(f"no routing rule set has version {version!r}")


# --- parsing and validation ----------------------------------------------------------------


def parse_ruleset(data: object, *, origin: str) -> RuleSet:
    """Build a ``RuleSet`` from decoded JSON and validate it; ``origin`` names it in errors."""
    document = _mapping(data, origin)
    ruleset = RuleSet(
        version=_text(document, "version", origin),
        valid_from=_date(document, "valid_from", origin),
        parameters=MappingProxyType(_parameters(document, origin)),
        rules=MappingProxyType(_rules(document, origin)),
        handover_after_placement=_handovers(document, origin),
        almost=_almost(document, origin),
    )
    validate_ruleset(ruleset, origin=origin)
    return ruleset


def validate_ruleset(ruleset: RuleSet, *, origin: str) -> None:
    """Check the catalogue contract: exactly the known rules, known placeholders, parameters."""
    known = {rule_id.value for rule_id in RuleId}
    missing = sorted(known - ruleset.rules.keys())
    unknown = sorted(ruleset.rules.keys() - known)
    if missing:
        raise InvalidRuleSetError(f"{origin}: rules missing: {', '.join(missing)}")
    if unknown:
        raise InvalidRuleSetError(f"{origin}: unknown rules: {', '.join(unknown)}")
    for rule in ruleset.rules.values():
        _validate_rule(rule, ruleset, origin)
    missing = sorted(set(PARAMETERS) - ruleset.parameters.keys())
    if missing:
        raise InvalidRuleSetError(f"{origin}: parameters missing: {', '.join(missing)}")
    for name, value in ruleset.parameters.items():
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise InvalidRuleSetError(f"{origin}: parameter {name} must be a positive integer")


def _validate_rule(rule: Rule, ruleset: RuleSet, origin: str) -> None:
    where = f"{origin}: rule {rule.id}"
    if not rule.explanation.strip() or not rule.source.strip():
        raise InvalidRuleSetError(f"{where}: explanation and source are required")
    if rule.valid_from > ruleset.valid_from:
        raise InvalidRuleSetError(f"{where}: valid_from is after the rule set's valid_from")
    allowed = PLACEHOLDERS.get(RuleId(rule.id), frozenset())
    _validate_template(rule.explanation, allowed, where)
    for language, text in rule.translations.items():
        _validate_template(text, allowed, f"{where}: explanation.{language}")


def _validate_template(template: str, allowed: frozenset[str], where: str) -> None:
    try:
        fields = [item[1:] for item in string.Formatter().parse(template)]
    except ValueError as error:
        raise InvalidRuleSetError(
            f"{where}: explanation is not a valid template ({error})"
        ) from None
    for name, spec, conversion in fields:
        if name is None:
            continue
        if name not in allowed or spec or conversion:
            raise InvalidRuleSetError(
                f"{where}: placeholder {{{name}}} is not allowed here "
                f"(allowed: {', '.join(sorted(allowed)) or 'none'})"
            )


def _rules(document: Mapping[str, Any], origin: str) -> dict[str, Rule]:
    items = document.get("rules")
    if not isinstance(items, list):
        raise InvalidRuleSetError(f"{origin}: rules must be a list")
    rules: dict[str, Rule] = {}
    for index, item in enumerate(items):
        where = f"{origin}: rules[{index}]"
        entry = _mapping(item, where)
        explanation, translations = _explanation(entry, where)
        rule = Rule(
            id=_text(entry, "id", where),
            valid_from=_date(entry, "valid_from", where),
            explanation=explanation,
            source=_text(entry, "source", where),
            translations=MappingProxyType(translations),
        )
        if rule.id in rules:
            raise InvalidRuleSetError(f"{where}: duplicate rule id {rule.id}")
        rules[rule.id] = rule
    return rules


def _explanation(entry: Mapping[str, Any], where: str) -> tuple[str, dict[str, str]]:
    """(the Dutch explanation, its translations): a text, or an object by language code."""
    value = entry.get("explanation")
    if not isinstance(value, Mapping):
        return _text(entry, "explanation", where), {}
    unknown = sorted(str(key) for key in value if key not in LANGUAGES)
    if unknown:
        raise InvalidRuleSetError(
            f"{where}: explanation has unknown language {', '.join(unknown)} "
            f"(known: {', '.join(LANGUAGES)})"
        )
    texts = {language: _text(value, language, f"{where}: explanation") for language in value}
    if DUTCH not in texts:
        raise InvalidRuleSetError(f"{where}: explanation.{DUTCH} must be a non-empty string")
    dutch = texts.pop(DUTCH)
    return dutch, texts


def _choice[E: StrEnum](kind: type[E], entry: Mapping[str, Any], key: str, where: str) -> E:
    value = _text(entry, key, where)
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(item.value for item in kind)
        raise InvalidRuleSetError(f"{where}: {key} {value!r} is not one of {allowed}") from None


def _known_rule(entry: Mapping[str, Any], where: str) -> str:
    rule = _text(entry, "rule", where)
    if rule not in {rule_id.value for rule_id in RuleId}:
        raise InvalidRuleSetError(f"{where}: unknown rule {rule}")
    return rule


def _handovers(document: Mapping[str, Any], origin: str) -> tuple[HandoverAfterPlacement, ...]:
    items = document.get("handover_after_placement")
    if not isinstance(items, list):
        raise InvalidRuleSetError(f"{origin}: handover_after_placement must be a list")
    result = []
    for index, item in enumerate(items):
        where = f"{origin}: handover_after_placement[{index}]"
        entry = _mapping(item, where)
        result.append(
            HandoverAfterPlacement(
                rule=_known_rule(entry, where),
                placed_by=_choice(PlacementAuthority, entry, "placed_by", where),
                track=_choice(Track, entry, "track", where),
                to=_choice(PlacementAuthority, entry, "to", where),
            )
        )
    return tuple(result)


def _almost(document: Mapping[str, Any], origin: str) -> AlmostPolicy:
    where = f"{origin}: almost"
    entry = _mapping(document.get("almost"), where)
    codes = entry.get("waivable")
    if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
        raise InvalidRuleSetError(f"{where}: waivable must be a list of reason codes")
    waivable = frozenset(_choice(ReasonCode, {"code": c}, "code", where) for c in codes)
    if refused := sorted(waivable & NEVER_WAIVABLE):
        raise InvalidRuleSetError(f"{where}: {', '.join(refused)} can never be waived")
    margin = entry.get("age_margin_years")
    if isinstance(margin, bool) or not isinstance(margin, int) or margin < 0:
        raise InvalidRuleSetError(f"{where}: age_margin_years must be a whole number, 0 or more")
    return AlmostPolicy(_known_rule(entry, where), waivable, margin)


def _parameters(document: Mapping[str, Any], origin: str) -> dict[str, int]:
    parameters = _mapping(document.get("parameters"), f"{origin}: parameters")
    return {str(name): value for name, value in parameters.items()}


def _mapping(value: object, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise InvalidRuleSetError(f"{where}: expected a JSON object")
    return value


def _text(document: Mapping[str, Any], key: str, where: str) -> str:
    value = document.get(key)
    if not isinstance(value, str) or not value.strip():
        raise InvalidRuleSetError(f"{where}: {key} must be a non-empty string")
    return value


def _date(document: Mapping[str, Any], key: str, where: str) -> dt.date:
    try:
        return dt.date.fromisoformat(_text(document, key, where))
    except ValueError:
        raise InvalidRuleSetError(f"{where}: {key} must be a date YYYY-MM-DD") from None


# --- Dutch formatting of explanation values (no locale dependency) -------------------------


def dutch_date(day: dt.date) -> str:
    """``26 februari 2027`` (a ``wording.Day``: says itself in other languages too)."""
    return Day(day)


def dutch_list(items: Sequence[str]) -> str:
    """``a``, ``a en b``, ``a, b en c`` (a ``wording.Listing``)."""
    return Listing(items)
