"""``{% info_sheet_section case %}``: the case page's and signal-done page's section
"Informatie voor het slachtoffer" (choose a language, full-screen or PDF)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from veiligeplek.cases.models import Case
from veiligeplek.infosheet.texts import catalogue, language_for
from veiligeplek.infosheet.views import language_label

register = template.Library()


@register.inclusion_tag("infosheet/_case_section.html")
def info_sheet_section(case: Case, for_signaller: bool = False) -> dict[str, Any]:
    name = "infosheet:signal" if for_signaller else "infosheet:case"
    return {
        "action": reverse(name, args=[case.number]),
        "languages": [{"code": c, "label": language_label(c)} for c in catalogue()],
        "default": language_for(case.facts.get("languages") or ()).code,
    }
