"""The fixed catalogue of tables and figures that the monitoring publishes for one period and
scope. Aggregate-only roles see exactly this catalogue, nothing else (no free-form filters), so
that the disclosure check covers everything they can see together (ADR 0010, docs/monitoring.md).

Populations (what a count counts; tables of one population count the same units, and the
disclosure check links them through their shared margins):
- ``cases``: cases whose signal falls in the period, in the scope;
- ``suitable_placements``: cases whose first suitable placement started in the period;
- ``ad_hoc_placements``: ad hoc placements started in the period;
- ``waiting_entries``: waiting-list entries added in the period;
- ``declines``: referrals declined by a shelter in the period.
Dimensions that are functions of each other are never shown apart under different names: the
shelter a case got (suitable, ad hoc, none) is one dimension, shown with the furthest step and
with the route, in place of yes/no "placed" and "placed suitably" (whether a case was placed
is the shelter, whether it was placed suitably also the step). A route is a track and a
category; ``LINKS`` (in ``figures``) tells the disclosure check that every track is the sum of
its routes, so that the track tables and the route tables cannot be differenced either.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

CASES = "cases"
SUITABLE = "suitable_placements"
AD_HOC = "ad_hoc_placements"
WAITING = "waiting_entries"
DECLINES = "declines"


@dataclass(frozen=True)
class TableSpec:
    id: str
    population: str
    dimensions: tuple[str, ...]
    title: str | Promise


CATALOGUE: tuple[TableSpec, ...] = (
    TableSpec(
        "cases_by_month_and_step",
        CASES,
        ("month", "step"),
        _("Casussen per maand van signalering en verste stap"),
    ),
    TableSpec(
        "cases_by_step_and_outcome",
        CASES,
        ("step", "outcome"),
        _("Trechter: verste stap en waar de casus nu staat"),
    ),
    TableSpec(
        "cases_by_step_and_shelter",
        CASES,
        ("step", "shelter"),
        _("Verste stap en de opvang die de casus kreeg"),
    ),
    TableSpec(
        "cases_by_region_and_exploitation",
        CASES,
        ("region", "exploitation"),
        _("Casussen per zorgregio en vorm van uitbuiting"),
    ),
    TableSpec(
        "cases_by_region_and_step",
        CASES,
        ("region", "step"),
        _("Casussen per zorgregio en verste stap"),
    ),
    TableSpec(
        "cases_by_exploitation_and_step",
        CASES,
        ("exploitation", "step"),
        _("Casussen per vorm van uitbuiting en verste stap"),
    ),
    TableSpec(
        "cases_by_gender_and_age_group",
        CASES,
        ("gender", "age_group"),
        _("Casussen per gender en leeftijdsgroep"),
    ),
    TableSpec(
        "cases_by_nationality_group_and_track",
        CASES,
        ("nationality_group", "track"),
        _("Casussen per nationaliteitsgroep en spoor"),
    ),
    TableSpec(
        "cases_by_gap_profile_and_national_gap",
        CASES,
        ("gap_profile", "national_gap"),
        _("Landelijk gat: casussen zonder enige passende plek, per profiel"),
    ),
    TableSpec(
        "cases_by_route_and_picked_up",
        CASES,
        ("route", "picked_up"),
        _("Casussen per route (spoor/categorie) en of ze zijn opgepakt"),
    ),
    TableSpec(
        "cases_by_route_and_shelter",
        CASES,
        ("route", "shelter"),
        _("Casussen per route en de opvang die ze kregen (passend, ad hoc of geen)"),
    ),
    TableSpec(
        "cases_by_route_and_handed_over",
        CASES,
        ("route", "handed_over"),
        _("Casussen per route en of ze aan een andere casushouder zijn overgedragen"),
    ),
    TableSpec(
        "suitable_placements_by_category_and_outside_region",
        SUITABLE,
        ("category", "outside_region"),
        _("Passende plaatsingen per categorie en buiten de eigen regio"),
    ),
    TableSpec(
        "suitable_placements_by_region_and_outside_region",
        SUITABLE,
        ("region", "outside_region"),
        _("Passende plaatsingen per zorgregio en buiten de eigen regio"),
    ),
    TableSpec(
        "ad_hoc_placements_by_kind_and_duration",
        AD_HOC,
        ("ad_hoc_kind", "duration"),
        _("Ad-hocplaatsingen per soort en duur"),
    ),
    TableSpec(
        "waiting_entries_by_category_and_result",
        WAITING,
        ("category", "wait_result"),
        _("Wachtlijstplaatsingen per categorie en afloop"),
    ),
    TableSpec(
        "declines_by_reason_and_category",
        DECLINES,
        ("decline_reason", "category"),
        _("Afwijzingen door opvang per reden en categorie"),
    ),
    TableSpec(
        "declines_by_location_and_reason",
        DECLINES,
        ("location", "decline_reason"),
        _("Afwijzingen per opvanglocatie en reden"),
    ),
)


@dataclass(frozen=True)
class FigureSpec:
    """A derived figure; ``n_table`` is the catalogue table whose cells are the figure's n (so
    the n is covered by the disclosure check like every other count), and ``n_values`` the
    value(s) of that table's last dimension that together make up the n."""

    id: str
    title: str | Promise
    unit: str | Promise
    n_table: str = ""
    n_values: tuple[str, ...] = ()


FIGURES: tuple[FigureSpec, ...] = (
    FigureSpec(
        "days_signal_to_pickup",
        _("Dagen van signaal tot oppakken"),
        _("dagen"),
        "cases_by_route_and_picked_up",
        ("yes",),
    ),
    FigureSpec(
        "days_signal_to_first_placement",
        _("Dagen van signaal tot eerste plaatsing (ook ad hoc)"),
        _("dagen"),
        "cases_by_route_and_shelter",
        ("suitable", "ad_hoc"),
    ),
    FigureSpec(
        "days_signal_to_suitable_placement",
        _("Dagen van signaal tot passende plaatsing"),
        _("dagen"),
        "cases_by_route_and_shelter",
        ("suitable",),
    ),
    FigureSpec(
        "days_on_waiting_list",
        _("Dagen op de wachtlijst (afgerond)"),
        _("dagen"),
        "waiting_entries_by_category_and_result",
        ("placed", "removed"),
    ),
    FigureSpec(
        "km_found_to_placement",
        _("Afstand van vindplaats tot passende plek"),
        _("km"),
        "suitable_placements_by_category_and_outside_region",
        ("yes", "no"),
    ),
    FigureSpec(
        "share_placed_outside_region",
        _("Aandeel passend geplaatst buiten de eigen regio"),
        _("procent"),
        "suitable_placements_by_category_and_outside_region",
        ("yes", "no"),
    ),
)
FIGURE_SPECS = {f.id: f for f in FIGURES}
