"""Countries and languages: which nationalities have free movement (EU/EEA/Switzerland).

Source: Treaty on the Functioning of the EU art. 21; EEA Agreement; EU-Swiss Agreement on the
Free Movement of Persons. Used to derive legal residence (DOMAIN.md, "Legal routing" rule 1).
"""

from __future__ import annotations

import gettext
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


@cache
def _translations(domain: str) -> gettext.NullTranslations:
    # pycountry ships the Dutch names as gettext catalogues: data, not the process locale.
    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=["nl"], fallback=True)


@cache
def country_name_nl(code: str) -> str:
    """``PL`` → ``Polen``; the code itself when unknown."""
    country = pycountry.countries.get(alpha_2=code)
    return _translations("iso3166-1").gettext(country.name) if country else code


# Dutch names that pycountry's catalogue lacks or gives in a form nobody would search for
# ("Modern Greek (1453-)", "Western Frisian", "Swahili (macrolanguage)").
LANGUAGE_NAMES_NL: dict[str, str] = {
    "be": "Belarussisch (Wit-Russisch)",
    "cy": "Welsh",
    "el": "Grieks",
    "ff": "Fula",
    "fy": "Fries",
    "gd": "Schots-Gaelisch",
    "ht": "Haïtiaans Creools",
    "ia": "Interlingua",
    "kw": "Cornisch",
    "lb": "Luxemburgs",
    "lg": "Luganda",
    "li": "Limburgs",
    "ms": "Maleis",
    "ne": "Nepalees",
    "oc": "Occitaans",
    "or": "Odia",
    "pa": "Punjabi",
    "rn": "Kirundi",
    "se": "Noord-Samisch",
    "sh": "Servo-Kroatisch",
    "st": "Zuid-Sotho",
    "sw": "Swahili",
    "to": "Tongaans",
}


@cache
def language_name_nl(code: str) -> str:
    """``es`` → ``Spaans``; the code itself when unknown."""
    if code in LANGUAGE_NAMES_NL:
        return LANGUAGE_NAMES_NL[code]
    language = pycountry.languages.get(alpha_2=code)
    return _translations("iso639-3").gettext(language.name) if language else code


@cache
def language_choices_nl() -> tuple[tuple[str, str], ...]:
    """All ISO 639-1 languages as (code, Dutch name), sorted by name."""
    return tuple(
        sorted(((c, language_name_nl(c)) for c in language_codes()), key=lambda p: p[1].lower())
    )


def has_free_movement(nationality: str | None) -> bool:
    return nationality is not None and nationality in FREE_MOVEMENT


@cache
def country_choices_nl() -> tuple[tuple[str, str], ...]:
    """All countries as (code, Dutch name), sorted by name, the Netherlands first."""
    others = sorted(
        ((code, country_name_nl(code)) for code in country_codes() if code != NETHERLANDS),
        key=lambda pair: pair[1],
    )
    return ((NETHERLANDS, country_name_nl(NETHERLANDS)), *others)


# English names where pycountry's own (English) name is not what a reader would say.
LANGUAGE_NAMES_EN: dict[str, str] = {
    "el": "Greek",
    "fy": "Frisian",
    "sw": "Swahili",
    "ms": "Malay",
    "ne": "Nepali",
}


@cache
def country_name_en(code: str) -> str:
    """``PL`` → ``Poland``; the code itself when unknown."""
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return str(getattr(country, "common_name", None) or country.name)


@cache
def language_name_en(code: str) -> str:
    """``es`` → ``Spanish``; the code itself when unknown."""
    if code in LANGUAGE_NAMES_EN:
        return LANGUAGE_NAMES_EN[code]
    language = pycountry.languages.get(alpha_2=code)
    return str(language.name) if language else code
