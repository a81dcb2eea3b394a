"""Readable, translatable labels for the values of the monitoring's dimensions."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from veiligeplek.cases.monitoring import AD_HOC_KIND_LABELS, DECLINE_REASON_LABELS
from veiligeplek.domain.enums import CATEGORY_LABELS_NL, EXPLOITATION_LABELS_NL, Exploitation
from veiligeplek.monitor.scope import regions_now

Label = str | Promise

FIXED: dict[str, dict[str, Label]] = {
    "step": {
        "signal": _("Gesignaleerd"),
        "routed": _("Route bepaald"),
        "picked_up": _("Opgepakt"),
        "referred": _("Verwezen"),
        "accepted": _("Geaccepteerd"),
        "placed_suitably": _("Passend geplaatst"),
    },
    "outcome": {"open": _("Loopt nog"), "closed": _("Afgesloten"), "dropped_out": _("Uitgevallen")},
    "shelter": {
        "suitable": _("Passende plek"),
        "ad_hoc": _("Alleen ad hoc"),
        "none": _("Nog geen plek"),
    },
    "gender": {
        "female": _("Vrouw"),
        "male": _("Man"),
        "other": _("Anders"),
        "unknown": _("Onbekend"),
    },
    "age_group": {"minor": _("Minderjarig"), "adult": _("Volwassen"), "unknown": _("Onbekend")},
    "nationality_group": {
        "nl": _("Nederlands"),
        "eu": _("EU/EER/Zwitserland"),
        "third_country": _("Derdelander"),
        "unknown": _("Onbekend"),
    },
    "track": {
        "municipal": _("Gemeentelijk spoor"),
        "aliens_law": _("Vreemdelingenrechtelijk spoor"),
    },
    "gap_profile": {
        "criminal": _("Criminele uitbuiting"),
        "minor": _("Minderjarigen"),
        "men_with_children": _("Mannen met kinderen"),
        "men": _("Mannen"),
        "contra_indication": _("Met contra-indicatie"),
        "multi_problem": _("Multiproblematiek"),
        "other": _("Overig"),
    },
    "duration": {
        "lt_1w": _("korter dan een week"),
        "1w_4w": _("1 tot 4 weken"),
        "1m_3m": _("1 tot 3 maanden"),
        "gt_3m": _("langer dan 3 maanden"),
        "ongoing": _("loopt nog"),
    },
    "wait_result": {
        "placed": _("Geplaatst"),
        "removed": _("Anders van de lijst"),
        "waiting": _("Wacht nog"),
    },
    "yes_no": {"yes": _("ja"), "no": _("nee")},
}
YES_NO_DIMENSIONS = {
    "national_gap",
    "outside_region",
    "picked_up",
    "handed_over",
}
TOTAL_LABEL = _("Totaal")


def _category(value: str) -> Label:
    if value == "none":
        return _("geen categorie")
    return next((v for k, v in CATEGORY_LABELS_NL.items() if k == value), value)


def _exploitation(value: str) -> Label:
    if value == "multiple":
        return _("Meerdere vormen")
    return EXPLOITATION_LABELS_NL.get(Exploitation(value), value)


def _region(value: str) -> Label:
    if value == "unknown":
        return _("Onbekende regio")
    region = regions_now().regions.get(value)
    return region.name if region else value


def _route(value: str) -> Label:
    track, _sep, category = value.partition("/")
    return f"{label('track', track)} · {label('category', category)}"


def _decline(value: str) -> Label:
    return DECLINE_REASON_LABELS.get(value, value)


def _ad_hoc(value: str) -> Label:
    return AD_HOC_KIND_LABELS.get(value, value)


LOOKUPS: dict[str, Callable[[str], Label]] = {
    "category": _category,
    "exploitation": _exploitation,
    "region": _region,
    "route": _route,
    "decline_reason": _decline,
    "ad_hoc_kind": _ad_hoc,
}


def label(dimension: str, value: str) -> Label:
    """The label of ``value`` of ``dimension``; codes without a label (months, locations) as
    they are."""
    if value == "*":
        return TOTAL_LABEL
    if dimension in YES_NO_DIMENSIONS:
        return FIXED["yes_no"].get(value, value)
    if dimension in FIXED:
        return FIXED[dimension].get(value, value)
    lookup = LOOKUPS.get(dimension)
    return lookup(value) if lookup else value


DIMENSION_TITLES: dict[str, Label] = {
    "month": _("Maand"),
    "step": _("Verste stap"),
    "outcome": _("Stand"),
    "shelter": _("Opvang"),
    "region": _("Zorgregio"),
    "exploitation": _("Uitbuiting"),
    "gender": _("Gender"),
    "age_group": _("Leeftijd"),
    "nationality_group": _("Nationaliteit"),
    "track": _("Spoor"),
    "gap_profile": _("Profiel"),
    "national_gap": _("Landelijk gat"),
    "category": _("Categorie"),
    "outside_region": _("Buiten eigen regio"),
    "ad_hoc_kind": _("Soort ad hoc"),
    "duration": _("Duur"),
    "wait_result": _("Afloop"),
    "decline_reason": _("Reden"),
    "location": _("Locatie"),
    "route": _("Route"),
    "picked_up": _("Opgepakt"),
    "handed_over": _("Overgedragen"),
}
