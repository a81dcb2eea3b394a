"""The signal form and the facts forms on a phone (issue 11, points 1-5): choice groups laid out
as options, languages by Dutch name, one "unknown" gender, fields grouped by what they are,
event dates not in the future, age 0 refused, all errors at once with the sections opened."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.api.test_routing_api import URL as API
from tests.api.test_routing_api import bearer
from tests.conftest import run_cli
from veiligeplek.accounts.models import User
from veiligeplek.accounts.roles import Role
from veiligeplek.cases.forms import CaseFactsForm, SignalForm
from veiligeplek.cases.models import Case
from veiligeplek.domain.facts import FUTURE_TOLERANCE, InvalidFactsError, parse_case_facts

pytestmark = pytest.mark.django_db

SIGNAL = {
    "urgency": "crisis",
    "found_municipality": "GM0363",
    "exploitation": ["sexual"],
    "callback_name": "Agent Fictief",
    "callback_phone": "06 1234 5678",
    "safety_risk": "normal",
}
CONTROL_CLASSES = ("utrecht-radio-button", "utrecht-checkbox")


class Node:
    def __init__(self, tag: str, attrs: dict[str, str], parent: Node | None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node] = []
        self.text = ""

    def ancestors(self) -> list[Node]:
        node, result = self.parent, []
        while node is not None:
            result.append(node)
            node = node.parent
        return result

    def all_text(self) -> str:
        return self.text + "".join(child.all_text() for child in self.children)

    def walk(self) -> list[Node]:
        return [self, *(n for child in self.children for n in child.walk())]


class Tree(HTMLParser):
    VOID = frozenset({"input", "br", "meta", "link", "img", "hr", "source"})

    def __init__(self, html: str) -> None:
        super().__init__()
        self.root = Node("#root", {}, None)
        self.current = self.root
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(node)
        if tag not in self.VOID:
            self.current = node

    def handle_endtag(self, tag: str) -> None:
        node: Node | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.text += data

    def find(self, **attrs: str) -> list[Node]:
        return [n for n in self.root.walk() if all(n.attrs.get(k) == v for k, v in attrs.items())]


def page(client: Client, url: str, data: dict[str, Any] | None = None) -> Tree:
    response = client.post(url, data) if data is not None else client.get(url)
    assert response.status_code in (200, 422), response.status_code
    return Tree(response.content.decode())


def police(client_for: Callable[..., Client]) -> Client:
    return client_for(Role.SIGNALLER)


# Point 1: radio and checkbox groups are options, not one squeezed control.


def control_class_misplaced(tree: Tree) -> list[str]:
    """Elements other than inputs that carry an NL DS radio/checkbox control class: such a
    wrapper is drawn as one 24-pixel control with all its options squeezed into it."""
    return [
        f"<{n.tag} id={n.attrs.get('id')}>"
        for n in tree.root.walk()
        if n.tag != "input" and any(c in n.attrs.get("class", "").split() for c in CONTROL_CLASSES)
    ]


@pytest.mark.parametrize(
    ("role", "url"),
    [
        (Role.SIGNALLER, "cases:signal_new"),
        (Role.REGIONAL_COORDINATOR, "cases:routing"),
        (Role.REGIONAL_COORDINATOR, "cases:search"),
    ],
)
def test_choice_groups_are_lists_of_options(
    client_for: Callable[..., Client], role: Role, url: str
) -> None:
    tree = page(client_for(role), reverse(url))
    assert control_class_misplaced(tree) == []
    groups = [n for n in tree.root.walk() if "vp-choices" in n.attrs.get("class", "").split()]
    assert groups, "no radio or checkbox group on the page"
    for group in groups:
        # each group sits in a fieldset whose legend names it (a label cannot point at a div)
        fieldset = next(a for a in group.ancestors() if a.tag == "fieldset")
        assert any(c.tag == "legend" and c.all_text().strip() for c in fieldset.children)
        inputs = [n for n in group.walk() if n.tag == "input"]
        assert inputs and all(
            "utrecht-radio-button" in i.attrs["class"] or "utrecht-checkbox" in i.attrs["class"]
            for i in inputs
        )


def test_every_styled_form_keeps_control_classes_on_the_inputs() -> None:
    from django import forms as django_forms

    from veiligeplek.forms import StyledForm

    class Sample(StyledForm):
        one = django_forms.ChoiceField(
            choices=[("a", "A"), ("b", "B")], widget=django_forms.RadioSelect
        )
        many = django_forms.MultipleChoiceField(
            choices=[("a", "A"), ("b", "B")], widget=django_forms.CheckboxSelectMultiple
        )
        flag = django_forms.BooleanField(required=False)

    html = str(Sample()["one"]) + str(Sample()["many"]) + str(Sample()["flag"])
    assert control_class_misplaced(Tree(html)) == []
    assert 'class="utrecht-checkbox utrecht-checkbox--html-input"' in str(Sample()["flag"])


def test_every_form_of_the_app_renders_its_groups_as_options(
    make_user: Callable[..., User],
) -> None:
    from veiligeplek.cases import forms as case_forms
    from veiligeplek.cases.views.search import SearchFilterForm
    from veiligeplek.monitor.views import MonitorForm, SimulationForm
    from veiligeplek.registry.forms import LandscapeUploadForm, RegionRevisionForm

    forms = [
        case_forms.SignalForm(),
        case_forms.CaseFactsForm(),
        case_forms.AdHocForm(),
        case_forms.DeclineForm(),
        case_forms.OutflowForm(),
        case_forms.ShiftForm(users=[("1", "Een")]),
        SearchFilterForm(regions=[]),
        MonitorForm(user=make_user(Role.POLICY_OFFICER)),
        SimulationForm(),
        RegionRevisionForm(),
        LandscapeUploadForm(),
    ]
    for form in forms:
        for bound in form:
            html = render_to_string("includes/field.html", {"field": bound})
            assert control_class_misplaced(Tree(html)) == [], (type(form).__name__, bound.name)


# Point 2: languages by Dutch name, codes underneath.


def test_languages_are_a_list_of_dutch_names_storing_codes(
    client_for: Callable[..., Client],
) -> None:
    client = police(client_for)
    tree = page(client, reverse("cases:signal_new"))
    assert "ISO-codes" not in tree.root.all_text()
    spanish = tree.find(type="checkbox", name="languages", value="es")
    assert len(spanish) == 1
    assert spanish[0].parent is not None and "Spaans" in spanish[0].parent.all_text()
    greek = tree.find(type="checkbox", name="languages", value="el")[0].parent
    assert greek is not None and greek.all_text().strip() == "Grieks"
    # the filter box is there for JavaScript to show; it is no form field of its own
    box = tree.find(**{"data-filter-for": "id_languages"})
    assert len(box) == 1 and "name" not in box[0].attrs
    response = client.post(reverse("cases:signal_new"), {**SIGNAL, "languages": ["es", "en"]})
    assert response.status_code == 302
    assert Case.objects.get().facts["languages"] == ["es", "en"]


def test_an_unknown_language_code_is_refused_naming_the_field(
    client_for: Callable[..., Client],
) -> None:
    response = police(client_for).post(
        reverse("cases:signal_new"), {**SIGNAL, "languages": ["es", "xx"]}
    )
    errors = response.context["form"].errors
    assert "onbekende taalcode 'xx'" in " ".join(errors["languages"])
    assert Case.objects.count() == 0


def test_the_correction_form_shows_the_chosen_languages_first(
    client_for: Callable[..., Client],
) -> None:
    form = CaseFactsForm(initial={"languages": ["pl", "es"]})
    html = str(form["languages"])
    values = [n.attrs["value"] for n in Tree(html).find(type="checkbox")]
    assert values[:2] == ["pl", "es"] and len(values) > 150  # chosen first (Pools, Spaans)
    assert all("checked" in n.attrs for n in Tree(html).find(type="checkbox")[:2])


def api_post(make_user: Callable[..., User], body: object) -> Any:
    headers = bearer(make_user(Role.REGIONAL_COORDINATOR))
    return Client().post(API, json.dumps(body), content_type="application/json", headers=headers)


def test_the_api_keeps_taking_language_codes(make_user: Callable[..., User]) -> None:
    body = {"found_municipality": "GM0363", "exploitation": ["labour"], "languages": ["es", "qq"]}
    response = api_post(make_user, body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "languages[1]"]
    assert api_post(make_user, {**body, "languages": ["es"]}).status_code == 200


# Point 3: one "unknown" gender; fields grouped by what they are.


def test_the_gender_list_has_one_unknown(client_for: Callable[..., Client]) -> None:
    gender: Any = SignalForm().fields["gender"]
    labels = [str(label) for _value, label in gender.choices]
    assert [label for label in labels if "onbekend" in label.lower()] == ["Onbekend"]
    assert len(set(labels)) == len(labels) == 4


def legend_of(tree: Tree, input_id: str) -> str:
    node = tree.find(id=input_id)[0]
    fieldset = next(
        a
        for a in node.ancestors()
        if a.tag == "fieldset" and "vp-choice-group" not in a.attrs.get("class", "")
    )
    legend = next(c for c in fieldset.children if c.tag == "legend")
    return legend.all_text().strip()


@pytest.mark.parametrize(
    ("role", "url"),
    [(Role.SIGNALLER, "cases:signal_new"), (Role.REGIONAL_COORDINATOR, "cases:routing")],
)
def test_dublin_and_report_are_not_contra_indications(
    client_for: Callable[..., Client], role: Role, url: str
) -> None:
    tree = page(client_for(role), reverse(url))
    assert legend_of(tree, "id_contra_indications_0") == "Zorg"
    assert legend_of(tree, "id_multi_problem") == "Zorg"
    for field in ("dublin_indication", "report_filed", "cannot_report", "identified_on"):
        assert legend_of(tree, f"id_{field}") == "Verblijf en aangifte", field


# Point 4: event dates not in the future; age 0 refused; the same rule everywhere.


def test_the_domain_refuses_event_dates_in_the_future() -> None:
    today = dt.date(2026, 12, 1)
    base = {"found_municipality": "GM0363", "exploitation": ["sexual"]}
    known = {"GM0363"}
    tolerated = (today + FUTURE_TOLERANCE).isoformat()
    assert parse_case_facts({**base, "identified_on": tolerated}, municipalities=known, today=today)
    with pytest.raises(InvalidFactsError) as refused:
        parse_case_facts({**base, "identified_on": "2099-01-01"}, municipalities=known, today=today)
    assert refused.value.field == "identified_on"
    assert "toekomst" in refused.value.message and "2026-12-01" in refused.value.message
    # issue 12's range stays the first check (an impossible year is a typing error)
    with pytest.raises(InvalidFactsError) as refused:
        parse_case_facts({**base, "identified_on": "2999-01-01"}, municipalities=known, today=today)
    assert refused.value.message.startswith("datum buiten het bereik")


def test_age_zero_is_refused_one_is_accepted() -> None:
    base = {"found_municipality": "GM0363", "exploitation": ["sexual"]}
    with pytest.raises(InvalidFactsError) as refused:
        parse_case_facts({**base, "age": 0}, municipalities={"GM0363"})
    assert refused.value.field == "age" and "leeg" in refused.value.message
    assert parse_case_facts({**base, "age": 1}, municipalities={"GM0363"}).age == 1


def future() -> str:
    return (timezone.localdate() + dt.timedelta(days=2)).isoformat()


def test_the_routing_page_refuses_a_future_identification(
    client_for: Callable[..., Client],
) -> None:
    response = client_for(Role.REGIONAL_COORDINATOR).post(
        reverse("cases:routing"), {**SIGNAL, "identified_on": future(), "age": "0"}
    )
    errors = response.context["form"].errors
    assert "toekomst" in " ".join(errors["identified_on"])
    assert "tussen 1 en 120" in " ".join(errors["age"])
    assert response.context["view"] is None


def test_the_api_refuses_a_future_identification_naming_the_field(
    make_user: Callable[..., User],
) -> None:
    body: dict[str, object] = {
        "found_municipality": "GM0363",
        "exploitation": ["labour"],
        "identified_on": future(),
    }
    response = api_post(make_user, body)
    assert response.status_code == 422
    [detail] = response.json()["detail"]
    assert detail["loc"] == ["body", "identified_on"] and "toekomst" in detail["msg"]
    body = {"found_municipality": "GM0363", "exploitation": ["labour"], "age": 0}
    response = api_post(make_user, body)
    assert response.status_code == 422
    assert [d["loc"][-1] for d in response.json()["detail"]] == ["age"]


def test_the_cli_refuses_a_future_identification(cli_env: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "facts.json"
    facts = {"found_municipality": "GM0363", "exploitation": ["labour"], "age": 0}
    path.write_text(json.dumps({**facts, "identified_on": future()}), encoding="utf-8")
    result = run_cli(["route", str(path)], cli_env)
    assert result.returncode == 2
    assert "veld identified_on: datum in de toekomst" in result.stderr
    assert "veld age: moet tussen 1 en 120 liggen" in result.stderr


def test_a_future_date_of_birth_is_refused(client_for: Callable[..., Client]) -> None:
    response = police(client_for).post(
        reverse("cases:signal_new"), {**SIGNAL, "date_of_birth": future()}
    )
    assert "toekomst" in " ".join(response.context["form"].errors["date_of_birth"])
    assert Case.objects.count() == 0


# Point 5: all errors at once; folded sections with an error open; the summary links to inputs.


def test_all_errors_show_at_once_and_their_sections_open(
    client_for: Callable[..., Client],
) -> None:
    data = {
        **SIGNAL,
        "exploitation": [],
        "callback_phone": "onbekend",
        "age": "0",
        "identified_on": future(),
        "languages": ["xx"],
        "bsn": "123",
    }
    response = police(client_for).post(reverse("cases:signal_new"), data)
    errors = response.context["form"].errors
    assert set(errors) == {
        "exploitation",
        "callback_phone",
        "age",
        "identified_on",
        "languages",
        "bsn",
    }
    tree = Tree(response.content.decode())
    details = [n for n in tree.root.walk() if n.tag == "details"]
    assert len(details) == 2 and all("open" in d.attrs for d in details)
    links = {
        a.attrs["href"]
        for a in tree.root.walk()
        if a.tag == "a" and a.parent and a.parent.tag == "li"
    }
    for anchor in (
        "#id_exploitation_0",
        "#id_callback_phone",
        "#id_age",
        "#id_identified_on",
        "#id_languages_0",
        "#id_bsn",
    ):
        assert anchor in links, anchor
        assert tree.find(id=anchor[1:]), f"{anchor} links to no element"
    assert Case.objects.count() == 0


def test_sections_without_errors_stay_folded(client_for: Callable[..., Client]) -> None:
    response = police(client_for).post(
        reverse("cases:signal_new"), {**SIGNAL, "callback_phone": "x"}
    )
    tree = Tree(response.content.decode())
    assert [("open" in n.attrs) for n in tree.root.walk() if n.tag == "details"] == [False, False]


def test_the_service_still_refuses_the_first_error(people: dict[str, User]) -> None:
    from veiligeplek.cases.services.common import CaseError
    from veiligeplek.cases.services.intake import IdentityIn, signal_errors

    errors = signal_errors(
        urgency="crisis", callback_name="", callback_phone="1", identity=IdentityIn(bsn="1")
    )
    assert [e.field for e in errors] == ["callback_name", "callback_phone", "bsn"]
    assert all(isinstance(e, CaseError) for e in errors)
