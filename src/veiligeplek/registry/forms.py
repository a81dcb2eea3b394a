from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from veiligeplek.forms import StyledForm
from veiligeplek.registry.models import Municipality

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class RegionRevisionForm(StyledForm):
    name = forms.CharField(label=_("Naam"), max_length=100)
    central_municipality = forms.ModelChoiceField(
        label=_("Centrumgemeente"), queryset=Municipality.objects.all(), to_field_name="code"
    )
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Gemeenten"),
        queryset=Municipality.objects.all(),
        to_field_name="code",
        widget=forms.SelectMultiple(attrs={"size": 15}),
    )
    valid_from = forms.DateField(
        label=_("Geldig vanaf"), widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("Toelichting"), max_length=300, required=False)

    def clean_valid_from(self) -> dt.date:
        value: dt.date = self.cleaned_data["valid_from"]
        if value.year < 2000 or value.year > 2100:
            raise forms.ValidationError(_("Kies een datum van 2000 tot en met 2100."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        central, members = data.get("central_municipality"), data.get("municipalities")
        if central is not None and members is not None and central not in members:
            self.add_error(
                "central_municipality", _("De centrumgemeente moet een van de gemeenten zijn.")
            )
        return data


class LandscapeUploadForm(StyledForm):
    file = forms.FileField(label=_("Bestand (CSV of XLSX)"))
    dry_run = forms.BooleanField(label=_("Alleen controleren, niets opslaan"), required=False)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Het bestand is groter dan 5 MB."))
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Alleen .csv- of .xlsx-bestanden."))
        return upload
