"""Issue 12, defect 9 and issue 10, point 3: the OpenAPI document names every answer of every
operation with its schema, constrains every closed set, and its choices are the domain's own
enums and TextChoices (compared here, so that a new value cannot be added in one place only)."""

from __future__ import annotations

from enum import Enum
from typing import Any

import pytest
from django.db import models
from django.test import Client

from veiligeplek.cases.models import AdHocPlacement, Outflow, Referral, Urgency
from veiligeplek.cases.services.closing import CloseReason
from veiligeplek.cases.workflow import CaseStatus
from veiligeplek.data.reference import municipality_rows
from veiligeplek.domain.countries import country_codes
from veiligeplek.domain.enums import (
    ContraIndication,
    Exploitation,
    Gender,
    LegalBasis,
    PlaceCategory,
    PlacementAuthority,
    ReasonCode,
    ResidencePermit,
    SafetyRisk,
    Track,
)

CHOICES: dict[tuple[str, str], type[Enum] | type[models.Choices]] = {
    ("CaseFactsIn", "gender"): Gender,
    ("CaseFactsIn", "residence_permit"): ResidencePermit,
    ("CaseFactsIn", "exploitation"): Exploitation,
    ("CaseFactsIn", "contra_indications"): ContraIndication,
    ("CaseFactsIn", "safety_risk"): SafetyRisk,
    ("RoutingDecisionOut", "track"): Track,
    ("RoutingDecisionOut", "legal_basis"): LegalBasis,
    ("RoutingDecisionOut", "placement_authority"): PlacementAuthority,
    ("RoutingDecisionOut", "case_owner"): PlacementAuthority,
    ("ReasonOut", "code"): ReasonCode,
    ("SignalIn", "urgency"): Urgency,
    ("WaitingIn", "category"): PlaceCategory,
    ("AdHocIn", "kind"): AdHocPlacement.Kind,
    ("CloseIn", "reason"): CloseReason,
    ("DeclineIn", "reason"): Referral.DeclineReason,
    ("OutflowIn", "outflow"): Outflow,
}


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    document: dict[str, Any] = response.json()
    return document


def enum_of(prop: dict[str, Any]) -> set[str]:
    """The enum of a property: itself, an array's items, or the branches of an optional."""
    found = set(prop.get("enum", []))
    found |= enum_of(prop.get("items", {})) if "items" in prop else set()
    for branch in prop.get("anyOf", []):
        found |= enum_of(branch)
    if "$ref" in prop:
        found |= {"$ref"}
    return found


@pytest.mark.parametrize(("where", "choices"), CHOICES.items(), ids=lambda w: str(w))
def test_the_schemas_choices_are_the_domains(
    schema: dict[str, Any], where: tuple[str, str], choices: type[Enum]
) -> None:
    component, prop = where
    declared = enum_of(schema["components"]["schemas"][component]["properties"][prop])
    assert declared == {str(member.value) for member in choices}


def test_every_operation_documents_every_answer_with_its_schema(schema: dict[str, Any]) -> None:
    for path, operations in schema["paths"].items():
        if path.endswith(("/health", "/openapi.json", "/docs")):
            continue
        for method, operation in operations.items():
            answers = operation["responses"]
            expected = {"401", "404", "503"} | (
                {"400", "403", "409", "422"} if method == "post" else set()
            )
            assert expected <= set(answers), f"{method} {path}: {sorted(answers)}"
            for code in expected:
                ref = answers[code]["content"]["application/json"]["schema"]["$ref"]
                assert ref == "#/components/schemas/Error"


def test_closed_sets_of_requests_are_constrained(schema: dict[str, Any]) -> None:
    facts = schema["components"]["schemas"]["CaseFactsIn"]["properties"]
    codes = {row.code for row in municipality_rows()}
    assert (
        enum_of(facts["found_municipality"]) == codes == enum_of(facts["registered_municipality"])
    )
    assert enum_of(facts["nationality"]) == country_codes()
    assert "es" in enum_of(facts["languages"])
    placement = schema["components"]["schemas"]["PlacementIn"]
    assert "place_group" in placement["required"]  # issue 10: required in the code, so here too
    assert placement["properties"]["place_group"]["pattern"]
    listing = schema["paths"]["/api/v1/cases"]["get"]["parameters"]
    status = next(p for p in listing if p["name"] == "status")
    assert enum_of(status["schema"]) == {str(s) for s in CaseStatus.values}


def test_case_workflow_operations_keep_their_operation_ids(schema: dict[str, Any]) -> None:
    """The case workflow's operations live in several modules (cases, referrals, placements,
    waiting) but keep the operationIds they were published with: client code generated from
    the schema depends on them."""
    ids = {
        (method, path): op["operationId"]
        for path, ops in schema["paths"].items()
        for method, op in ops.items()
    }
    assert len(set(ids.values())) == len(ids)
    published = {
        ("post", "/api/v1/cases/{number}/referrals"): "referral_create",
        ("post", "/api/v1/cases/{number}/placements"): "placement_create",
        ("post", "/api/v1/cases/{number}/waiting-list"): "waiting_add",
        ("post", "/api/v1/cases/{number}/ad-hoc"): "ad_hoc_create",
        ("post", "/api/v1/referrals/{referral_id}/accept"): "referral_accept",
        ("post", "/api/v1/referrals/{referral_id}/decline"): "referral_decline",
        ("post", "/api/v1/placements/{placement_id}/end"): "placement_end",
        ("get", "/api/v1/waiting-list"): "waiting_list",
    }
    for operation, name in published.items():
        assert ids[operation] == f"veiligeplek_api_cases_{name}", operation
