"""The access policy as one table: every page and API operation, who may use it, on what.

The access-matrix test (test_access_matrix.py) runs every row for every role and every
relation to the object (own, another organisation's, a missing one), and fails when a URL or
API operation exists that has no row here. ``target`` names the kind of object in the URL;
"own" means in the user's need-to-know scope (DOMAIN.md, "Who uses it"; issue 6, item 1).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from veiligeplek.accounts.roles import MONITOR_ROLES, SIMULATION_ROLES, Role

S, RC, CM, NLA = Role.SIGNALLER, Role.REGIONAL_COORDINATOR, Role.COMENSHA, Role.NLA
SH, PO, AD, PR = Role.SHELTER_STAFF, Role.POLICY_OFFICER, Role.ADMINISTRATOR, Role.PRIVACY_OFFICER
ALL = frozenset(Role)
PLACING = frozenset({RC, CM, NLA})
CASES = PLACING | {SH}
OVERVIEW = PLACING | {SH, PO, AD}


@dataclass(frozen=True)
class Row:
    name: str  # URL name, e.g. "cases:detail" or "api-v1:case_get"
    method: str
    allowed: frozenset[Role]
    target: str = "none"  # none, case, placed_case, signal, bed, group, location, referral,
    #                       shift, placement, or a parameter: region, fmt, username, audit_case,
    #                       flagged_user
    data: dict[str, Any] = field(default_factory=dict)
    json: bool = False  # API: send ``data`` as a JSON body
    in_url: bool = True  # False: the object goes in the form data ("@case"), not the URL
    unscoped: frozenset[Role] = frozenset()  # roles that may act on any existing object


MATRIX: tuple[Row, ...] = (
    Row("accounts:home", "GET", ALL),
    Row("registry:overview", "GET", OVERVIEW),
    Row("registry:overview_map", "GET", OVERVIEW),
    Row("registry:my_availability", "GET", frozenset({SH})),
    Row("registry:place_status", "POST", frozenset({SH}), "bed", {"status": "occupied"}),
    Row("registry:group_other", "POST", frozenset({SH}), "group", {"count": "0"}),
    Row("registry:location_confirm", "POST", frozenset({SH}), "location"),
    Row("registry:regions", "GET", frozenset({AD})),
    Row("accounts:flag_clear", "POST", frozenset({AD}), "flagged_user"),
    Row("registry:region_revise", "GET", frozenset({AD}), "region"),
    Row("registry:landscape", "GET", frozenset({AD})),
    Row("registry:landscape_export", "GET", frozenset({AD}), "fmt"),
    Row("cases:routing", "GET", PLACING | {S}),
    Row("cases:search", "GET", PLACING),
    Row("cases:signal_new", "GET", PLACING | {S}),
    Row("cases:signal_done", "GET", frozenset({S}), "signal"),
    Row("cases:my_signals", "GET", PLACING | {S}),
    Row("cases:inbox", "GET", ALL),
    Row("cases:inbox_read", "POST", ALL),
    Row("cases:list", "GET", CASES),
    Row("cases:detail", "GET", CASES, "case"),
    Row("cases:identity", "GET", PLACING, "case"),
    Row("cases:facts", "GET", PLACING, "case"),
    Row("cases:pick_up", "POST", PLACING, "case"),
    Row("cases:refer", "POST", PLACING, "case", {"group": "@group"}),
    Row("cases:place", "POST", PLACING, "case", {"group": "@group"}),
    Row("cases:wait", "POST", PLACING, "case", {"category": "omm"}),
    Row("cases:unwait", "POST", PLACING, "case", {"category": "omm", "reason": "niet meer nodig"}),
    Row(
        "cases:ad_hoc",
        "POST",
        PLACING,
        "case",
        {"kind": "hotel", "municipality": "GM0363", "reason": "matrix"},
    ),
    Row("cases:outflow", "POST", CASES, "placed_case", {"outflow": "other"}),
    Row("cases:close", "POST", PLACING, "case", {"reason": "not_needed"}),
    Row("cases:address", "GET", PLACING, "placed_case"),
    Row("cases:break_glass", "GET", PLACING),
    Row("cases:referrals", "GET", frozenset({SH})),
    Row("cases:referral_accept", "POST", frozenset({SH}), "referral"),
    Row("cases:referral_decline", "POST", frozenset({SH}), "referral", {"decline_reason": "full"}),
    Row("cases:waiting_list", "GET", PLACING),
    Row(
        "cases:waiting_confirm",
        "POST",
        PLACING,
        "case",
        {"case": "@case", "group": "@group"},
        in_url=False,
    ),
    Row("cases:roster", "GET", PLACING | {AD}),
    Row("cases:roster_remove", "POST", PLACING | {AD}, "shift", unscoped=frozenset({AD})),
    Row("audit:home", "GET", frozenset({PR})),
    Row("audit:case", "GET", frozenset({PR}), "audit_case"),
    Row("audit:user", "GET", frozenset({PR}), "username"),
    Row("api-v1:me", "GET", ALL),
    Row("api-v1:place_groups", "GET", OVERVIEW),
    Row(
        "api-v1:decide",
        "POST",
        PLACING | {S},
        data={"found_municipality": "GM0363", "exploitation": ["sexual"]},
        json=True,
    ),
    Row(
        "api-v1:match",
        "POST",
        PLACING,
        data={"found_municipality": "GM0363", "exploitation": ["sexual"]},
        json=True,
    ),
    Row(
        "api-v1:signal_create",
        "POST",
        PLACING | {S},
        data={
            "facts": {"found_municipality": "GM0363", "exploitation": ["sexual"]},
            "urgency": "normal",
            "callback_name": "Matrix",
            "callback_phone": "06 1234 5678",
        },
        json=True,
    ),
    Row("api-v1:case_list", "GET", CASES),
    Row("api-v1:case_get", "GET", CASES, "case"),
    Row("api-v1:referral_create", "POST", PLACING, "case", {"place_group": "omm-ctm"}, json=True),
    Row(
        "api-v1:placement_create",
        "POST",
        PLACING,
        "case",
        {"place_group": "wmo-ctm-regulier"},
        json=True,
    ),
    Row("api-v1:waiting_add", "POST", PLACING, "case", {"category": "omm"}, json=True),
    Row(
        "api-v1:ad_hoc_create",
        "POST",
        PLACING,
        "case",
        {"kind": "hotel", "municipality": "GM0363", "reason": "matrix"},
        json=True,
    ),
    Row("api-v1:referral_accept", "POST", frozenset({SH}), "referral", json=True),
    Row(
        "api-v1:referral_decline",
        "POST",
        frozenset({SH}),
        "referral",
        {"reason": "full"},
        json=True,
    ),
    Row("api-v1:placement_end", "POST", CASES, "placement", {"outflow": "other"}, json=True),
    Row("api-v1:waiting_list", "GET", PLACING),
    Row("api-v1:case_close", "POST", PLACING, "case", {"reason": "not_needed"}, json=True),
    Row("infosheet:case", "GET", CASES, "case"),
    Row("infosheet:signal", "GET", frozenset({S}), "signal"),
    Row("api-v1:info_sheet", "GET", CASES, "case"),
    Row("monitor:dashboard", "GET", MONITOR_ROLES),
    Row("monitor:simulations", "GET", SIMULATION_ROLES),
    Row("monitor:reports", "GET", MONITOR_ROLES),
    Row("monitor:report", "GET", MONITOR_ROLES, "report_run"),
    Row("monitor:report_file", "GET", MONITOR_ROLES, "report_run"),
    Row("api-v1:statistics", "GET", MONITOR_ROLES, data={"period": "2026"}),
    Row("api-v1:report_ask", "POST", MONITOR_ROLES, data={"period": "2026"}, json=True),
    Row("api-v1:report_list", "GET", MONITOR_ROLES),
    Row("api-v1:report_progress", "GET", MONITOR_ROLES, "report_run"),
    Row("api-v1:report_file", "GET", MONITOR_ROLES, "report_run"),
    Row(
        "api-v1:htcds",
        "POST",
        frozenset({CM, AD}),
        json=True,
        data={"period": "2026", "purpose": "Jaarregistratie (test)"},
    ),  # fmt: skip
    Row("api-v1:opendata", "GET", MONITOR_ROLES, data={"period": "2026"}),
)

# Open to everyone, with the reason; no personal data behind them.
EXEMPT: dict[str, str] = {
    "accounts:login": "the login page",
    "accounts:logout": "logging out (POST only)",
    "accounts:mfa_verify": "second step of logging in",
    "accounts:mfa_enrol": "linking an authenticator, part of logging in",
    "accounts:account": "one's own account page",
    "accounts:password_change": "changing one's own password",
    "accounts:recovery_codes": "one's own recovery codes",
    "accounts:logout_everywhere": "ending one's own sessions",
    "api-v1:openapi-json": "the public API description (no data)",
    "api-v1:openapi-view": "the public API documentation (no data)",
    "api-v1:health": "health check for the load balancer (no data)",
    "api-v1:api-root": "the API's index (no data)",
    "set_language": "choosing the interface language",
    "infosheet:public_index": "the victim's general information, per language (no case)",
    "infosheet:public": "the victim's general information, per language (no case)",
}

# Targets that are parameters, not objects in someone's scope: tried with a valid value only.
PARAMETERS = frozenset({"region", "fmt", "username", "audit_case", "flagged_user"})
