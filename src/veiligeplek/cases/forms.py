"""The case-facts form: the fields of the routing contract, in Dutch, on a phone.

The form only collects; ``parse_case_facts`` (domain) validates, so that the web, the API and
the CLI refuse the same input with the same message naming the same field.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from django import forms
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from veiligeplek.cases.models import AdHocPlacement, Outflow, Referral
from veiligeplek.cases.services.intake import IdentityIn, signal_errors
from veiligeplek.domain.countries import country_choices_nl, language_choices_nl
from veiligeplek.domain.enums import (
    CONTRA_INDICATION_LABELS_NL,
    EXPLOITATION_LABELS_NL,
    GENDER_LABELS_NL,
    ContraIndication,
    Exploitation,
    Gender,
)
from veiligeplek.domain.facts import MAX_AGE, MIN_AGE, InvalidFactsError, parse_case_facts
from veiligeplek.forms import CheckboxGroup, StyledForm
from veiligeplek.registry.models import Municipality, PlaceGroup
from veiligeplek.wording import say_text

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

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


class LanguageList(CheckboxGroup):
    """The languages as a checkbox list of Dutch names (the codes are the values), with a filter
    box that ``forms.js`` shows; without JavaScript the whole list scrolls. Chosen languages
    come first, so that a correction shows them without scrolling."""

    def __init__(self, *args: Any, filter_label: str | Promise, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filter_label = filter_label

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["class"] += " vp-choices--long"
        context["widget"]["optgroups"].sort(key=lambda group: not group[1][0]["selected"])
        return context


class LanguagesField(forms.MultipleChoiceField):
    """Codes go through as given: the domain refuses an unknown one with the message the API
    and the CLI give too ("onbekende taalcode …")."""

    def valid_value(self, value: str) -> bool:
        return True


class CaseFactsForm(StyledForm):
    found_municipality = forms.ChoiceField(label=_("Gemeente waar aangetroffen"))
    exploitation = forms.MultipleChoiceField(
        label=_("Vorm(en) van uitbuiting"),
        choices=[(e.value, _(EXPLOITATION_LABELS_NL[e])) for e in Exploitation],
        widget=forms.CheckboxSelectMultiple,
    )
    gender = forms.ChoiceField(
        label=_("Geslacht"),
        required=False,
        choices=[("", _("Onbekend"))] + [(g.value, _(GENDER_LABELS_NL[g])) for g in Gender],
    )
    # The range is the domain's (MIN_AGE, MAX_AGE): its message says why 0 is refused.
    age = forms.IntegerField(
        label=_("Leeftijd"),
        required=False,
        widget=forms.NumberInput(attrs={"min": MIN_AGE, "max": MAX_AGE, "inputmode": "numeric"}),
    )
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
        choices=[(c.value, _(CONTRA_INDICATION_LABELS_NL[c])) for c in ContraIndication],
        widget=forms.CheckboxSelectMultiple,
    )
    multi_problem = forms.BooleanField(label=_("Multiproblematiek"), required=False)
    children = forms.IntegerField(
        label=_("Aantal kinderen mee"), required=False, min_value=0, max_value=20, initial=0
    )
    languages = LanguagesField(
        label=_("Talen die de persoon spreekt"),
        required=False,
        choices=language_choices_nl,
        widget=LanguageList(filter_label=_("Zoek een taal")),
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

    def clean(self) -> dict[str, Any]:
        """The domain's checks of the facts, on every field at once: the form shows all its
        refusals in one go (a field that Django already refused keeps that message)."""
        data = super().clean() or {}
        found: Any = self.fields["found_municipality"]
        municipalities = {code for code, _label in found.choices}
        try:
            parse_case_facts(
                self.facts_data(), municipalities=municipalities, today=timezone.localdate()
            )
        except InvalidFactsError as error:
            for refusal in error.errors:
                if refusal.field.split("[")[0] not in self.errors:
                    self.add_facts_error(refusal)
        return data

    def facts_data(self) -> dict[str, Any]:
        """The cleaned form as the contract's JSON object (fields that failed left out)."""
        data: dict[str, Any] = defaultdict(lambda: None, self.cleaned_data)
        residence = {"yes": True, "no": False}.get(data["legal_residence"])
        return {
            "found_municipality": data["found_municipality"],
            "exploitation": data["exploitation"] or [],
            "gender": data["gender"] or None,
            "age": data["age"],
            "nationality": data["nationality"] or None,
            "registered_municipality": data["registered_municipality"] or None,
            "residence_permit": data["residence_permit"] or None,
            "legal_residence": residence,
            "dublin_indication": bool(data["dublin_indication"]),
            "contra_indications": data["contra_indications"] or [],
            "multi_problem": bool(data["multi_problem"]),
            "children": data["children"] or 0,
            "languages": data["languages"] or [],
            "safety_risk": data["safety_risk"] or "normal",
            "identified_on": data["identified_on"].isoformat() if data["identified_on"] else None,
            "report_filed": bool(data["report_filed"]),
            "cannot_report": bool(data["cannot_report"]),
        }

    def add_facts_error(self, error: InvalidFactsError) -> None:
        """Every refusal of the domain, each under its field (the summary links to it)."""
        for refusal in error.errors:
            field = refusal.field.split("[")[0]
            target = field if field in self.fields else None
            message = say_text(refusal.message)  # the domain's Dutch, in the page's language
            if target is None or message not in self.errors.get(target, []):
                self.add_error(target, message)


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

    def identity(self) -> IdentityIn:
        data = self.cleaned_data
        return IdentityIn(
            full_name=data.get("full_name", "").strip(),
            date_of_birth=data.get("date_of_birth"),
            bsn=data.get("bsn", "").strip(),
            v_number=data.get("v_number", "").strip(),
        )

    def clean(self) -> dict[str, Any]:
        """The signal's own checks (callback, identity) beside the facts', all at once."""
        data = super().clean()
        refusals = signal_errors(
            urgency=data.get("urgency", ""),
            callback_name=data.get("callback_name", ""),
            callback_phone=data.get("callback_phone", ""),
            identity=self.identity(),
        )
        for refusal in refusals:
            if refusal.field not in self.errors:
                self.add_error(refusal.field, say_text(refusal.message))
        return data


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


# The value format of <input type="datetime-local"> (a browser shows nothing for any other).
LOCAL_DATETIME = "%Y-%m-%dT%H:%M"
MAX_SHIFT = dt.timedelta(hours=24)


def _local_datetime_field(label: StrOrPromise) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        input_formats=[LOCAL_DATETIME, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        widget=forms.DateTimeInput(format=LOCAL_DATETIME, attrs={"type": "datetime-local"}),
    )


class ShiftForm(StyledForm):
    user = forms.ChoiceField(label=_("Wie"))
    starts_at = _local_datetime_field(_("Van"))
    ends_at = _local_datetime_field(_("Tot"))

    def __init__(self, *args: Any, users: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["user"].choices = users

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("starts_at"), data.get("ends_at")
        if start and end and end <= start:
            self.add_error("ends_at", _("Het einde moet na het begin liggen."))
        elif start and end and end - start > MAX_SHIFT:
            self.add_error(
                "ends_at", _("Een dienst duurt hoogstens 24 uur; voeg een volgende dienst toe.")
            )
        return data


def group_from_post(request: HttpRequest) -> PlaceGroup:
    """The place group named in a POST (``group`` = its id); anything else answers 404."""
    value = request.POST.get("group", "")
    if not value.isdigit():
        raise Http404
    return get_object_or_404(PlaceGroup, pk=int(value))
