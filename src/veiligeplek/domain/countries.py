"""Countries and languages: which nationalities have free movement (EU/EEA/Switzerland).

Source: Treaty on the Functioning of the EU art. 21; EEA Agreement; EU-Swiss Agreement on the
Free Movement of Persons. Used to derive legal residence (DOMAIN.md, "Legal routing" rule 1).
"""

from __future__ import annotations

from functools import cache

import pycountry

NETHERLANDS = "NL"

EU_MEMBER_STATES = frozenset(
    {
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
        "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
    }
)  # fmt: skip
EEA_NON_EU = frozenset({"IS", "LI", "NO"})
SWITZERLAND = "CH"
FREE_MOVEMENT = EU_MEMBER_STATES | EEA_NON_EU | {SWITZERLAND}

DUTCH_LANGUAGE = "nl"


@cache
def country_codes() -> frozenset[str]:
    """All ISO 3166-1 alpha-2 codes."""
    return frozenset(c.alpha_2 for c in pycountry.countries)


@cache
def language_codes() -> frozenset[str]:
    """All ISO 639-1 (two-letter) language codes."""
    return frozenset(lang.alpha_2 for lang in pycountry.languages if hasattr(lang, "alpha_2"))


def country_name_nl(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    return country.name if country else code


def has_free_movement(nationality: str | None) -> bool:
    return nationality is not None and nationality in FREE_MOVEMENT
