"""Form fuzzing (issue 17, point 3): Hypothesis sends invalid and hostile input to every form —
signal, facts, availability, referral decline, placement, ad hoc, outflow, roster, import and
break-glass. Each example starts from a valid submission and replaces one or more fields with
hostile values (control characters, any Unicode, huge texts, impossible dates, numbers out of
range, markup, SQL, lists where one value is expected), or drops them. The properties:

- never a server error;
- when nothing was saved, the answer says why and names the field: a form error on a known
  field, or a message that carries the field's label or name;
- when something was saved, the example was a valid submission after all (free text may take
  almost anything); every example starts from the same world (a rolled-back savepoint), so
  an accepted one cannot change how the next is judged.

Depth: ``EXAMPLES`` per form (derandomized, the same examples every run); ``FUZZ_DEPTH=deep``
(``make test-slow``) runs ``DEEP_EXAMPLES`` with a random seed that Hypothesis prints on failure.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.cases.conftest import ctx, facts
from veiligeplek.accounts.models import User
from veiligeplek.accounts.roles import Role
from veiligeplek.cases import forms as case_forms
from veiligeplek.cases.models import Case, Placement, Referral
from veiligeplek.cases.services import placement
from veiligeplek.cases.services.intake import signal_submit
from veiligeplek.registry import forms as registry_forms
from veiligeplek.registry.models import Place, PlaceGroup

pytestmark = [pytest.mark.slow, pytest.mark.django_db]
DEEP = os.environ.get("FUZZ_DEPTH") == "deep"
EXAMPLES, DEEP_EXAMPLES = 25, 200

WEIRD = [
    "",
    " ",
    "\x00",
    "\x1b[31m",
    "\u202eNL",
    "9999-12-31",
    "0000-00-00",
    "2026-02-30",
    "2026-13-01T25:61",
    "-1",
    "0",
    "1e309",
    "NaN",
    "99999999999999999999999",
    "<script>alert(1)</script>",
    "'; DROP TABLE cases_case; --",
    "GM9999",
    "VP-0000-0000",
    "null",
    "[]",
    '{"a": 1}',
    "true",
    "ñandú 日本 ☃",
]
TEXT = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=60)
HOSTILE = st.one_of(
    st.sampled_from(WEIRD),
    TEXT,
    st.text(alphabet=st.characters(exclude_categories=["Cs"]), min_size=300, max_size=4000),
    st.integers(-(10**20), 10**20).map(str),
)


@dataclass
class Spec:
    """One form: who posts it, where, a valid submission, and the names it may be refused by."""

    user: str
    url: Callable[[dict[str, Any]], str]
    valid: Callable[[dict[str, Any]], dict[str, Any]]
    labels: Callable[[], dict[str, str]]
    upload: bool = False


def labels_of(form_class: type, **kwargs: Any) -> Callable[[], dict[str, str]]:
    """The form's field names and labels (read when the test runs: the choices need the DB)."""
    return lambda: {name: str(f.label) for name, f in form_class(**kwargs).fields.items()}


def fixed(labels: dict[str, str]) -> Callable[[], dict[str, str]]:
    return lambda: labels


SIGNAL = {
    "urgency": "crisis",
    "found_municipality": "GM0363",
    "exploitation": ["sexual"],
    "safety_risk": "normal",
    "callback_name": "Agent",
    "callback_phone": "06 1234 5678",
}
FACTS = {k: v for k, v in SIGNAL.items() if not k.startswith(("urgency", "callback"))}
CSV = "organisation,location\nYadeborg,Ergens\n"

SPECS = {
    "signal": Spec(
        "police",
        lambda w: reverse("cases:signal_new"),
        lambda w: dict(SIGNAL),
        labels_of(case_forms.SignalForm),
    ),
    "facts": Spec(
        "comensha",
        lambda w: reverse("cases:facts", args=[w["case"].number]),
        lambda w: dict(FACTS),
        labels_of(case_forms.CaseFactsForm),
    ),
    "availability": Spec(
        "ctm",
        lambda w: reverse("registry:place_status", args=[w["place"].pk]),
        lambda w: {"status": "occupied"},
        fixed({"status": "Status"}),
    ),
    "referral_decline": Spec(
        "ctm",
        lambda w: reverse("cases:referral_decline", args=[w["referral"].pk]),
        lambda w: {"decline_reason": Referral.DeclineReason.values[0], "decline_text": "vol"},
        labels_of(case_forms.DeclineForm),
    ),
    "placement": Spec(
        "comensha",
        lambda w: reverse("cases:place", args=[w["case"].number]),
        lambda w: {"group": str(w["group"].pk), "override_reason": ""},
        fixed({"group": "group", "override_reason": "reden"}),
    ),
    "ad_hoc": Spec(
        "comensha",
        lambda w: reverse("cases:ad_hoc", args=[w["case"].number]),
        lambda w: {"kind": "hotel", "municipality": "GM0363", "reason": "geen bed vrij"},
        labels_of(case_forms.AdHocForm),
    ),
    "outflow": Spec(
        "ctm",
        lambda w: reverse("cases:outflow", args=[w["placed"].number]),
        lambda w: {"outflow": "own_housing", "outflow_note": ""},
        fixed({"outflow": "Uitstroom", "outflow_note": "Toelichting"}),
    ),
    "roster": Spec(
        "flevoland",
        lambda w: reverse("cases:roster"),
        lambda w: {
            "user": str(w["people"]["flevoland"].pk),
            "starts_at": "2030-01-01T08:00",
            "ends_at": "2030-01-01T20:00",
        },
        labels_of(case_forms.ShiftForm, users=[]),
    ),
    "import": Spec(
        "admin",
        lambda w: reverse("registry:landscape"),
        lambda w: {"dry_run": "on"},
        labels_of(registry_forms.LandscapeUploadForm),
        upload=True,
    ),
    "break_glass": Spec(
        "flevoland",
        lambda w: reverse("cases:break_glass"),
        lambda w: {"number": w["case"].number, "reason": "levensgevaar, 112-melding"},
        fixed({"number": "number", "reason": "reason"}),
    ),
}


def snapshot() -> dict[str, Any]:
    """What a refused submission must leave as it was: the rows of the case and registry apps,
    the cases' state and the beds' status."""
    counts = {
        model._meta.label: model._default_manager.count()
        for label in ("cases", "registry")
        for model in apps.get_app_config(label).get_models()
        if model._meta.model_name not in ("matchsearch", "accessreason")
    }
    return {
        **counts,
        "cases": list(Case.objects.order_by("pk").values_list("status", "facts", "assigned_to")),
        "beds": list(Place.objects.order_by("pk").values_list("status", flat=True)),
    }


def named(response: Any, labels: dict[str, str], fields: set[str]) -> bool:
    """The refusal names a field: a form error on a known field, or a message or page text
    with one of the fields' labels or names."""
    context = getattr(response, "context", None)
    form = context.get("form") if context else None
    if form is not None and form.errors:
        return set(form.errors) <= set(labels) | set(form.fields) | {"__all__"}
    said = " ".join(str(m) for m in get_messages(response.wsgi_request))
    if response.status_code in (200, 422):
        said += response.content.decode(errors="replace")
    words = {*labels.values(), *labels, *fields}
    return any(w and w.lower() in said.lower() for w in words)


@pytest.fixture
def world(people: dict[str, User], make_user: Callable[..., User]) -> dict[str, Any]:
    people = {**people, "admin": make_user(Role.ADMINISTRATOR)}
    group = PlaceGroup.objects.get(external_id="cosm-ctm-v")

    def new_case() -> Case:
        return signal_submit(
            ctx=ctx(people["police"]),
            facts_data=facts("maria"),
            urgency="crisis",
            callback_name="Agent",
            callback_phone="06 1234 5678",
        )

    case, referred, placed = new_case(), new_case(), new_case()
    referral = placement.referral_create(ctx=ctx(people["comensha"]), case=referred, group=group)
    placement.placement_create(ctx=ctx(people["comensha"]), case=placed, group=group)
    assert Placement.objects.filter(case=placed).exists()
    place = Place.objects.filter(group=group, status=Place.Status.FREE).first()
    return {
        "people": people,
        "case": case,
        "referral": referral,
        "placed": placed,
        "group": group,
        "place": place,
    }


@st.composite
def submissions(draw: st.DrawFn, valid: dict[str, Any]) -> tuple[dict[str, Any], set[str]]:
    names = sorted(valid) or ["x"]
    spoiled = draw(st.sets(st.sampled_from(names), min_size=1, max_size=len(names)))
    data = dict(valid)
    for name in spoiled:
        choice = draw(st.integers(0, 3))
        if choice == 0:
            data.pop(name, None)
        elif choice == 1:
            data[name] = draw(st.lists(HOSTILE, min_size=2, max_size=3))
        else:
            data[name] = draw(HOSTILE)
    return data, spoiled


@pytest.mark.parametrize("name", list(SPECS))
def test_hostile_input_on_every_form_is_refused_naming_the_field(
    name: str, world: dict[str, Any], client_for: Callable[..., Client]
) -> None:
    spec = SPECS[name]
    user = world["people"][spec.user]
    client = client_for(user.role, user=user)
    url, valid, labels = spec.url(world), spec.valid(world), spec.labels()

    @settings(
        max_examples=DEEP_EXAMPLES if DEEP else EXAMPLES,
        derandomize=not DEEP,
        print_blob=DEEP,  # deep runs are random: print the blob that replays a failure
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(submission=submissions(valid), upload=st.binary(max_size=2000), upname=HOSTILE)
    def post(submission: tuple[dict[str, Any], set[str]], upload: bytes, upname: str) -> None:
        data, spoiled = submission
        if spec.upload:
            safe = "".join(c for c in upname if c.isalnum())[:40] or "x"
            data = {**data, "file": SimpleUploadedFile(f"{safe}.csv", upload or CSV.encode())}
        with transaction.atomic():  # every example starts from the same world
            before = snapshot()
            response = client.post(url, data)
            assert response.status_code < 500, (name, data)
            if snapshot() == before and response.status_code != 404:
                assert named(response, labels, spoiled | {"file"}), (
                    name,
                    data,
                    response.status_code,
                )
            transaction.set_rollback(True)

    post()
