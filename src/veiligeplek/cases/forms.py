"""The case-facts form: the fields of the routing contract, in Dutch, on a phone.

The form only collects; ``parse_case_facts`` (domain) validates, so that the web, the API and
the CLI refuse the same input with the same message naming the same field.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from veiligeplek.cases.models import AdHocPlacement, Outflow, Referral
from veiligeplek.domain.countries import country_choices_nl
from veiligeplek.domain.enums import (
    CONTRA_INDICATION_LABELS_NL,
    EXPLOITATION_LABELS_NL,
    GENDER_LABELS_NL,
    ContraIndication,
    Exploitation,
    Gender,
)
from veiligeplek.domain.facts import InvalidFactsError
from veiligeplek.forms import StyledForm
from veiligeplek.registry.models import Municipality, PlaceGroup

YES_NO_UNKNOWN = [
    ("", _("Afleiden uit nationaliteit en vergunning")),
    ("yes", _("Ja")),
    ("no", _("Nee")),
]
PERMITS = [
    ("", _("Onbekend")),
    ("none", _("Geen verblijfsvergunning")),
    ("b8", _("B8-verblijfsvergunning (mensenhandel)")),
    ("other_valid", _("Andere geldige vergunning")),
]


def municipality_choices(*, optional: bool) -> list[tuple[str, str | Promise]]:
    choices: list[tuple[str, str | Promise]] = [
        (m.code, m.display_name) for m in Municipality.objects.only("code", "display_name")
    ]
    return (
        [("", _("— niet ingeschreven / onbekend —")), *choices]
        if optional
        else [("", _("— kies —")), *choices]
    )


class CaseFactsForm(StyledForm):
    found_municipality = forms.ChoiceField(label=_("Gemeente waar aangetroffen"))
    exploitation = forms.MultipleChoiceField(
        label=_("Vorm(en) van uitbuiting"),
        choices=[(e.value, EXPLOITATION_LABELS_NL[e]) for e in Exploitation],
        widget=forms.CheckboxSelectMultiple,
    )
    gender = forms.ChoiceField(
        label=_("Geslacht"),
        required=False,
        choices=[("", _("Onbekend"))] + [(g.value, GENDER_LABELS_NL[g]) for g in Gender],
    )
    age = forms.IntegerField(label=_("Leeftijd"), required=False, min_value=0, max_value=120)
    nationality = forms.ChoiceField(
        label=_("Nationaliteit"), required=False, choices=[("", _("Onbekend (geen documenten)"))]
    )
    registered_municipality = forms.ChoiceField(
        label=_("Ingeschreven in gemeente (BRP)"), required=False
    )
    residence_permit = forms.ChoiceField(
        label=_("Verblijfsvergunning"), required=False, choices=PERMITS
    )
    legal_residence = forms.ChoiceField(
        label=_("Rechtmatig verblijf"), required=False, choices=YES_NO_UNKNOWN
    )
    dublin_indication = forms.BooleanField(label=_("Dublinindicatie"), required=False)
    contra_indications = forms.MultipleChoiceField(
        label=_("Contra-indicaties"),
        required=False,
        choices=[(c.value, CONTRA_INDICATION_LABELS_NL[c]) for c in ContraIndication],
        widget=forms.CheckboxSelectMultiple,
    )
    multi_problem = forms.BooleanField(label=_("Multiproblematiek"), required=False)
    children = forms.IntegerField(
        label=_("Aantal kinderen mee"), required=False, min_value=0, max_value=20, initial=0
    )
    languages = forms.CharField(
        label=_("Talen (ISO-codes, bijv. es, en)"), required=False, max_length=100
    )
    safety_risk = forms.ChoiceField(
        label=_("Veiligheidsrisico"),
        choices=[("normal", _("Normaal")), ("high", _("Hoog: uitbuiters zoeken actief"))],
        initial="normal",
    )
    identified_on = forms.DateField(
        label=_("Geïdentificeerd op"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    report_filed = forms.BooleanField(label=_("Aangifte gedaan"), required=False)
    cannot_report = forms.BooleanField(
        label=_("Kan geen aangifte doen (beperking of ernstige bedreiging)"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["found_municipality"].choices = municipality_choices(optional=False)
        fields["registered_municipality"].choices = municipality_choices(optional=True)
        fields["nationality"].choices = [
            ("", _("Onbekend (geen documenten)")),
            *country_choices_nl(),
        ]

    def facts_data(self) -> dict[str, Any]:
        """The cleaned form as the contract's JSON object."""
        data = self.cleaned_data
        residence = {"yes": True, "no": False}.get(data["legal_residence"])
        return {
            "found_municipality": data["found_municipality"],
            "exploitation": data["exploitation"],
            "gender": data["gender"] or None,
            "age": data["age"],
            "nationality": data["nationality"] or None,
            "registered_municipality": data["registered_municipality"] or None,
            "residence_permit": data["residence_permit"] or None,
            "legal_residence": residence,
            "dublin_indication": data["dublin_indication"],
            "contra_indications": data["contra_indications"],
            "multi_problem": data["multi_problem"],
            "children": data["children"] or 0,
            "languages": [
                c.strip().lower()
                for c in data["languages"].replace(";", ",").split(",")
                if c.strip()
            ],
            "safety_risk": data["safety_risk"],
            "identified_on": data["identified_on"].isoformat() if data["identified_on"] else None,
            "report_filed": data["report_filed"],
            "cannot_report": data["cannot_report"],
        }

    def add_facts_error(self, error: InvalidFactsError) -> None:
        field = error.field.split("[")[0]
        self.add_error(field if field in self.fields else None, error.message)


class SignalForm(CaseFactsForm):
    """The 24/7 signal: what is known of the facts, urgency, a callback, identity if known."""

    urgency = forms.ChoiceField(
        label=_("Urgentie"),
        choices=[
            ("crisis", _("Direct gevaar: nu crisisopvang nodig")),
            ("normal", _("Geen direct gevaar")),
        ],
        widget=forms.RadioSelect,
        initial="crisis",
    )
    callback_name = forms.CharField(label=_("Uw naam (voor terugbellen)"), max_length=150)
    callback_phone = forms.CharField(
        label=_("Uw telefoonnummer (24/7 bereikbaar)"),
        max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    note = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=2000,
        help_text=_(
            "Geen namen of adressen van het slachtoffer hier: die horen in de identiteitsvelden."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    full_name = forms.CharField(
        label=_("Naam slachtoffer (indien bekend)"), required=False, max_length=200
    )
    date_of_birth = forms.DateField(
        label=_("Geboortedatum (indien bekend)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    bsn = forms.CharField(label=_("BSN (indien bekend)"), required=False, max_length=9)
    v_number = forms.CharField(label=_("V-nummer (indien bekend)"), required=False, max_length=10)


class AdHocForm(StyledForm):
    kind = forms.ChoiceField(label=_("Waar verblijft het slachtoffer nu?"), choices=[])
    municipality = forms.ChoiceField(label=_("Gemeente"))
    reason = forms.CharField(label=_("Waarom ad hoc"), max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["kind"].choices = AdHocPlacement.Kind.choices
        fields["municipality"].choices = municipality_choices(optional=False)


class DeclineForm(StyledForm):
    decline_reason = forms.ChoiceField(label=_("Reden van afwijzing"), choices=[])
    decline_text = forms.CharField(label=_("Toelichting"), required=False, max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["decline_reason"].choices = Referral.DeclineReason.choices


class OutflowForm(StyledForm):
    outflow = forms.ChoiceField(label=_("Uitstroom naar"), choices=[])
    outflow_note = forms.CharField(label=_("Toelichting"), required=False, max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["outflow"].choices = Outflow.choices


class ShiftForm(StyledForm):
    user = forms.ChoiceField(label=_("Wie"))
    starts_at = forms.DateTimeField(
        label=_("Van"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label=_("Tot"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )

    def __init__(self, *args: Any, users: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["user"].choices = users

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("starts_at"), data.get("ends_at")
        if start and end and end <= start:
            self.add_error("ends_at", _("Het einde moet na het begin liggen."))
        return data


def group_from_post(request: HttpRequest) -> PlaceGroup:
    """The place group named in a POST (``group`` = its id); anything else answers 404."""
    value = request.POST.get("group", "")
    if not value.isdigit():
        raise Http404
    return get_object_or_404(PlaceGroup, pk=int(value))
