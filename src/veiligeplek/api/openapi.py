"""The OpenAPI document made complete (issue 12, defect 9): every answer an operation can give,
with its schema, and every closed set of values constrained, so that clients and fuzzers know
the 400/401/403/404/409/422/503 answers and generate requests the server accepts.

Done once for every operation, here, rather than per decorator: the error answers come from the
exception handlers of ``api.v1`` (one shape, ``Error``), and the closed sets are the reference
data (municipalities, countries, languages) and the enums the domain already has.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from veiligeplek.cases.workflow import CaseStatus
from veiligeplek.data.reference import municipality_rows
from veiligeplek.domain.countries import country_codes, language_codes

ERROR_ITEM = {
    "type": "object",
    "properties": {
        "loc": {"type": "array", "items": {"type": ["string", "integer"]}},
        "msg": {"type": "string"},
        "type": {"type": "string"},
    },
    "required": ["loc", "msg", "type"],
}
ERROR = {
    "type": "object",
    "properties": {
        "detail": {
            "anyOf": [
                {"type": "string"},
                {"type": "array", "items": {"$ref": "#/components/schemas/ErrorItem"}},
            ]
        }
    },
    "required": ["detail"],
}
ANSWERS = {
    "400": "Onleesbare aanvraag (geen geldige JSON)",
    "401": "Niet ingelogd of ongeldige token",
    "403": "Geen plaatsingsbevoegdheid voor deze plek, of alleen leesrecht (overgedragen casus)",
    "404": "Bestaat niet of valt buiten uw bevoegdheid",
    "409": "Iemand was u voor, of de casus staat niet in de juiste fase",
    "422": "Ongeldige invoer; het veld staat in loc",
    "503": "Auditlog niet beschikbaar; niets getoond of opgeslagen",
}
IDEMPOTENT_422 = (
    ", of dezelfde Idempotency-Key eerder gebruikt voor een andere aanvraag "
    '(loc ["header", "Idempotency-Key"])'
)
PUBLIC = ("/health", "/openapi.json", "/docs")
# Free text: no control characters (accounts.middleware refuses them, 422); with a minimum
# length, at least one visible character (the services strip and require one).
_CONTROL = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029"
TEXT = f"^[^{_CONTROL}]*$"
NONBLANK = f"^[^{_CONTROL}]*[^\\s{_CONTROL}][^{_CONTROL}]*$"
_DAY = "(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])"
FIELD_PATTERN = {
    "bsn": "^([0-9]{9})?$",  # and the elfproef, which no pattern can say
    "v_number": "^([0-9]{10})?$",
    "callback_phone": "^[+() -]*([0-9][+() -]*){8,}$",
    # domain.facts.EARLIEST_DATE … LATEST_DATE; a date of birth is not in the future either
    "identified_on": f"^(19[0-9]{{2}}|20[0-9]{{2}}|2100)-{_DAY}$",
    "date_of_birth": f"^(19[0-9]{{2}}|20[01][0-9]|202[0-4])-{_DAY}$",
}
CODE_PATTERN = {
    "place_group": "^[a-z0-9][a-z0-9-]{0,63}$",
    "number": "^VP-[0-9A-Z]{4}-[0-9A-Z]{4}$",
}


@cache
def closed_sets() -> dict[str, list[str]]:
    """Property name → the values it may take (the domain refuses any other with 422)."""
    municipalities = sorted(row.code for row in municipality_rows())
    return {
        "found_municipality": municipalities,
        "registered_municipality": municipalities,
        "municipality": municipalities,
        "nationality": sorted(country_codes()),
        "languages": sorted(language_codes()),
        "status": [str(s) for s in CaseStatus.values],
    }


def openapi_complete(schema: dict[str, Any]) -> dict[str, Any]:
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["ErrorItem"] = ERROR_ITEM
    components["Error"] = ERROR
    for name, body in components.items():
        if name.endswith("In"):  # request bodies; answers carry what the server wrote
            _constrain(body)
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            _document_answers(path, method, operation)
            for parameter in operation.get("parameters", []):
                _constrain_parameter(parameter)
                if parameter.get("name") == "Idempotency-Key":
                    operation["responses"]["422"]["description"] = ANSWERS["422"] + IDEMPOTENT_422
    return schema


def _document_answers(path: str, method: str, operation: dict[str, Any]) -> None:
    if path.endswith(PUBLIC):
        return
    codes = ["401", "404", "503"]
    if operation.get("parameters") or operation.get("requestBody"):
        codes.append("422")
    if method == "post":
        codes += ["400", "403", "409"]
    responses = operation.setdefault("responses", {})
    for code in codes:
        responses.setdefault(
            code,
            {
                "description": ANSWERS[code],
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
            },
        )


def _constrain(body: dict[str, Any]) -> None:
    for name, prop in body.get("properties", {}).items():
        values = closed_sets().get(name)
        if values is not None and name != "status":
            _restrict(prop, values)
        elif name in FIELD_PATTERN:
            _pattern(prop, FIELD_PATTERN[name])
        elif name in CODE_PATTERN and _is_plain_string(prop):
            prop["pattern"] = CODE_PATTERN[name]
        elif _is_plain_string(prop) and "pattern" not in prop:
            prop["pattern"] = NONBLANK if prop.get("minLength", 0) >= 1 else TEXT


def _pattern(prop: dict[str, Any], pattern: str) -> None:
    """Put ``pattern`` on the string inside ``prop`` (itself or the non-null branch). A date's
    pattern says the format too: with both, generators filter nearly everything they make."""
    if prop.get("type") == "string":
        prop["pattern"] = pattern
        if prop.pop("format", None) == "date":
            prop["description"] = "datum JJJJ-MM-DD"
    for branch in prop.get("anyOf", []):
        _pattern(branch, pattern)


def _constrain_parameter(parameter: dict[str, Any]) -> None:
    name, prop = parameter.get("name", ""), parameter.get("schema", {})
    if parameter.get("in") == "header" and not parameter.get("required"):
        # An optional header is absent, never null: its schema is the string branch.
        strings = [b for b in prop.get("anyOf", []) if b.get("type") == "string"]
        if strings:
            prop.pop("anyOf")
            prop.update(strings[0])
    if name in closed_sets():
        _restrict(prop, closed_sets()[name])
    elif name in CODE_PATTERN and _is_plain_string(prop):
        prop["pattern"] = CODE_PATTERN[name]


def _restrict(prop: dict[str, Any], values: list[str]) -> None:
    """Put ``enum`` on the string inside ``prop``: itself, an array's items, or the non-null
    branch of an optional value."""
    if prop.get("type") == "array":
        _restrict(prop.setdefault("items", {}), values)
    elif prop.get("type") == "string":
        prop["enum"] = values
    for branch in prop.get("anyOf", []):
        if branch.get("type") in ("string", "array"):
            _restrict(branch, values)


def _is_plain_string(prop: dict[str, Any]) -> bool:
    return prop.get("type") == "string" and "enum" not in prop and "format" not in prop
