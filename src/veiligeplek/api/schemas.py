"""Typed request and response schemas of the API (they make the OpenAPI document)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Field, Schema
from pydantic import ConfigDict

from veiligeplek.domain.facts import MAX_AGE, MIN_AGE


class StrictIn(Schema):
    """Request bodies refuse unknown keys (422 naming the key), like the CLI does."""

    model_config = ConfigDict(extra="forbid")


class Me(Schema):
    username: str
    role: str
    organisation: str


class PlaceGroupOut(Schema):
    id: str
    organisation: str
    location: str
    municipality: str
    region: str
    category: str
    capacity_min: int
    capacity_max: int
    beds_free: int
    beds_occupied: int
    beds_other_target_group: int
    beds_out_of_service: int
    multi_labelled: bool
    availability_updated_at: dt.datetime | None
    stale: bool


class CaseFactsIn(Schema):
    """Case facts (ARCHITECTURE.md). All keys optional except found_municipality and
    exploitation; unknown keys are refused."""

    model_config = ConfigDict(extra="forbid")

    gender: Literal["female", "male", "other"] | None = None
    age: int | None = Field(default=None, ge=MIN_AGE, le=MAX_AGE)
    nationality: str | None = Field(default=None, description="ISO 3166-1 alpha-2, e.g. NL")
    legal_residence: bool | None = Field(default=None, description="null: derive")
    residence_permit: Literal["none", "b8", "other_valid"] | None = None
    dublin_indication: bool = False
    registered_municipality: str | None = Field(default=None, description="CBS code, GM0363")
    found_municipality: str = Field(description="CBS code, GM0599")
    exploitation: list[
        Literal[
            "sexual",
            "labour",
            "criminal",
            "organ_removal",
            "forced_marriage",
            "illegal_adoption",
            "surrogacy",
            "other",
        ]
    ] = Field(min_length=1)
    contra_indications: list[Literal["addiction", "psychiatric", "lvb"]] = []
    multi_problem: bool = False
    children: int = Field(default=0, ge=0, le=20)
    languages: list[str] = Field(default=[], description="ISO 639-1 codes, e.g. es")
    safety_risk: Literal["normal", "high"] = "normal"
    identified_on: dt.date | None = None
    report_filed: bool = False
    cannot_report: bool = False

    def as_facts_data(self) -> dict[str, Any]:
        data = self.model_dump()
        data["identified_on"] = self.identified_on.isoformat() if self.identified_on else None
        return data


class ReflectionPeriodOut(Schema):
    days: int
    starts_on: dt.date
    ends_on: dt.date


class RoutingDecisionOut(Schema):
    track: Literal["municipal", "aliens_law"]
    legal_basis: Literal["wmo", "jeugdwet", "reflection_period"]
    responsible_municipality: str | None
    central_municipality: str | None
    care_region: str | None
    placement_authority: Literal["regional_coordinator", "comensha", "nla"]
    case_owner: Literal["regional_coordinator", "comensha", "nla"]
    place_categories: list[str]
    gap_categories: list[str]
    reflection_period: ReflectionPeriodOut | None
    legal_residence: bool
    flags: list[str]
    rules: list[str]
    explanation: list[str]
    sources: list[str]
    ruleset_version: str
