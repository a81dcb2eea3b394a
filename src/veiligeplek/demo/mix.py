"""The mix of the fictitious demo history: who is signalled, from where, with what.

The report gives the volume (868 victims registered with CoMensha in a year, ch. 5) and the
shape of the gaps (criminal exploitation has no place at all, multi-problem victims wait for
OMM, the NLA places and the men's places are few), not the distributions of gender, age or
nationality. The shares below are therefore illustrative assumptions for a demo, in the order
of magnitude of published Dutch registrations, and labelled as such wherever they are shown:
nothing here is a statistic.

Every draw comes from the ``random.Random`` passed in, so one seed gives one history.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

REGISTERED_PER_YEAR = 868  # report, ch. 5: victims registered with CoMensha in a year
NOT_A_VICTIM_SHARE = 0.04  # signals that turn out not to be trafficking: ~900 signals a year

# Forms of exploitation (first form of the case). Illustrative.
EXPLOITATION = (
    ("sexual", 0.42),
    ("labour", 0.33),
    ("criminal", 0.17),
    ("forced_marriage", 0.03),
    ("organ_removal", 0.01),
    ("other", 0.04),
)
MALE_SHARE = {"sexual": 0.12, "labour": 0.62, "criminal": 0.78}  # others: 0.4
MINOR_SHARE = 0.09
NATIONALITY_GROUPS = (("nl", 0.38), ("eu", 0.22), ("third_country", 0.32), ("unknown", 0.08))
EU = ("PL", "RO", "BG", "HU", "LT", "SK", "LV", "PT")
THIRD_COUNTRY = ("NG", "UG", "BR", "CN", "VN", "MA", "ER", "CO", "TH", "UA", "SY", "PH")
LANGUAGES = {
    "PL": "pl",
    "RO": "ro",
    "BG": "bg",
    "HU": "hu",
    "BR": "pt",
    "CO": "es",
    "CN": "zh",
    "VN": "vi",
    "TH": "th",
    "UA": "uk",
    "SY": "ar",
    "MA": "ar",
}
# Where victims are found: the report's "concentration in the Randstad".
BIG_CITIES = (("GM0363", 0.15), ("GM0599", 0.12), ("GM0518", 0.09), ("GM0344", 0.06))
RANDSTAD_PROVINCES = frozenset({"PV27", "PV28", "PV26"})  # Noord-Holland, Zuid-Holland, Utrecht
RANDSTAD_OTHER_SHARE = 0.26  # the rest of those provinces; the remainder: the other provinces
SIGNALLERS = (("police", 0.58), ("care", 0.22), ("kmar", 0.08), ("nla", 0.12))


@dataclass(frozen=True)
class Geography:
    """Municipality codes by where they lie, for drawing the place where a victim is found."""

    randstad: Sequence[str]  # in the three Randstad provinces, big cities excluded
    elsewhere: Sequence[str]


def pick(rng: random.Random, weighted: Sequence[tuple[str, float]]) -> str:
    """One value, drawn with the weights given."""
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


@dataclass(frozen=True)
class Profile:
    """One fictitious person's case facts (the routing contract) and how the signal comes in."""

    facts: dict[str, Any]
    nationality_group: str
    signaller: str
    urgency: str
    not_a_victim: bool


def draw_profile(rng: random.Random, geography: Geography) -> Profile:
    exploitation = pick(rng, EXPLOITATION)
    group = pick(rng, NATIONALITY_GROUPS)
    if exploitation == "criminal" and group != "nl" and rng.random() < 0.5:
        group = "nl"  # criminal exploitation in the report: mostly young Dutch people
    male = rng.random() < MALE_SHARE.get(exploitation, 0.4)
    gender = "other" if rng.random() < 0.01 else ("male" if male else "female")
    minor = rng.random() < MINOR_SHARE
    age = rng.randint(14, 17) if minor else _adult_age(rng)
    nationality = _nationality(rng, group)
    found = _found_municipality(rng, geography)
    contra = [
        c for c, p in (("addiction", 0.12), ("psychiatric", 0.1), ("lvb", 0.06)) if rng.random() < p
    ]
    facts: dict[str, Any] = {
        "gender": gender,
        "age": age,
        "nationality": nationality,
        "found_municipality": found,
        "exploitation": [exploitation],
        "contra_indications": contra,
        "multi_problem": rng.random() < (0.45 if contra else 0.08),
        "children": rng.choice((1, 2)) if gender == "female" and rng.random() < 0.06 else 0,
        "safety_risk": "high"
        if rng.random() < (0.6 if exploitation == "criminal" else 0.15)
        else "normal",
        "dublin_indication": group == "third_country" and rng.random() < 0.15,
    }
    if group in ("nl", "eu") and rng.random() < (0.75 if group == "nl" else 0.3):
        same = rng.random() < 0.55
        facts["registered_municipality"] = found if same else _found_municipality(rng, geography)
    language = LANGUAGES.get(nationality or "")
    if language:
        facts["languages"] = [language]
    signaller = "nla" if exploitation == "labour" and rng.random() < 0.35 else pick(rng, SIGNALLERS)
    return Profile(
        facts=facts,
        nationality_group=group,
        signaller=signaller,
        urgency="crisis" if rng.random() < 0.55 else "normal",
        # Criminal exploitation stays a case: the report's national gap is counted in full.
        not_a_victim=rng.random() < NOT_A_VICTIM_SHARE and exploitation != "criminal",
    )


def _adult_age(rng: random.Random) -> int:
    band = rng.random()
    if band < 0.35:
        return rng.randint(18, 25)
    if band < 0.7:
        return rng.randint(26, 35)
    return rng.randint(36, 62)


def _nationality(rng: random.Random, group: str) -> str | None:
    if group == "nl":
        return "NL"
    if group == "eu":
        return rng.choice(EU)
    if group == "third_country":
        return rng.choice(THIRD_COUNTRY)
    return None


def _found_municipality(rng: random.Random, geography: Geography) -> str:
    roll = rng.random()
    big_total = sum(w for _, w in BIG_CITIES)
    if roll < big_total:
        return pick(rng, BIG_CITIES)
    if roll < big_total + RANDSTAD_OTHER_SHARE:
        return rng.choice(geography.randstad)
    return rng.choice(geography.elsewhere)


# --- what happens next: illustrative durations and outcomes -------------------------------

# Days of a stay, per category (low, high): stays of months, so that beds free up again.
STAY_DAYS = {
    "cosm": (45, 120),
    "omm": (90, 270),
    "wmo": (60, 200),
    "nla": (30, 120),
    "mannenopvang": (21, 90),
}
OUTFLOW = (
    ("second_phase", 0.35),
    ("own_housing", 0.2),
    ("return", 0.1),
    ("dropped_out", 0.12),
    ("transfer", 0.03),
    ("other", 0.2),
)
AD_HOC_KINDS = (
    ("hotel", 0.4),
    ("general_shelter", 0.25),
    ("womens_shelter", 0.1),
    ("mental_health", 0.05),
    ("other", 0.2),
)
# How a case that was never placed ends (ad hoc only, or waiting): the report's drop-outs.
CLOSE_UNPLACED = (("dropped_out", 0.4), ("outside", 0.3), ("not_needed", 0.2), ("returned", 0.1))
DECLINE_SHARE = 0.22  # referrals a shelter declines
SLOW_PICKUP_SHARE = 0.12  # signals nobody picks up within the escalation window
UNANSWERED_SHARE = 0.03  # referrals nobody answers: the hold expires
# Victims on the aliens-law track (CoMensha holds the case) who file a report during the
# reflection period: the B8 permit re-routes them to the municipal track and the case is handed
# over to the region (report ch. 2, "Vreemdelingenwet en Dublinindicatie"). Illustrative.
REPORT_FILED_SHARE = 0.3
REPORT_FILED_DAYS = (2.0, 30.0)  # days after the signal that the report is filed
