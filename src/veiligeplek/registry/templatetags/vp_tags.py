from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template
from django.utils.safestring import SafeString

from veiligeplek.accounts.roles import Role
from veiligeplek.cases.presenters import TRACK_LABELS
from veiligeplek.domain.enums import CATEGORY_LABELS_NL, PlaceCategory, Track
from veiligeplek.forms import is_choice_group
from veiligeplek.registry.models import Municipality
from veiligeplek.wording import say_html, say_text

register = template.Library()


@register.filter
def get_item(mapping: Mapping[Any, Any], key: Any) -> Any:
    return mapping.get(key, [])


@register.filter
def category_label(value: Any) -> str:
    try:
        return say_text(CATEGORY_LABELS_NL[PlaceCategory(str(value))])
    except ValueError:
        return str(value)


@register.filter
def say(value: Any) -> SafeString:
    """A text of the domain (a rule's explanation, a reason, a next step) in the page's
    language, or in Dutch marked "(Nederlands)" where it has no translation (ADR 0018)."""
    return say_html(value)


@register.filter
def make_list_words(value: str) -> list[str]:
    return value.split()


@register.filter
def field(form: Any, name: str) -> Any:
    return form[name]


@register.filter
def anchor(bound_field: Any) -> str:
    """The id of the input an error summary links to: the first option of a radio or checkbox
    group (whose own label points at no input), else the field's input."""
    if is_choice_group(bound_field.field.widget) and bound_field.subwidgets:
        return str(bound_field.subwidgets[0].id_for_label)
    return str(bound_field.id_for_label)


@register.filter
def has_errors_in(form: Any, names: str) -> bool:
    """Whether any of the space-separated fields has an error: a folded section opens then."""
    return any(form[name].errors for name in names.split() if name in form.fields)


@register.filter
def is_group(bound_field: Any) -> bool:
    """A radio or checkbox group: drawn as a fieldset whose legend is the field's label."""
    return is_choice_group(bound_field.field.widget)


@register.filter
def category_labels(values: Any) -> str:
    """A list of place-category codes as their labels, joined: "COSM (categorale opvang), ..."."""
    return ", ".join(category_label(v) for v in values or ())


@register.filter
def track_label(value: Any) -> str:
    try:
        return str(TRACK_LABELS[Track(str(value))])
    except (ValueError, KeyError):
        return str(value)


@register.filter
def municipality_name(code: Any) -> str:
    """A CBS code as the municipality's name ("GM0363" → "Amsterdam"); the code if unknown."""
    name = Municipality.objects.filter(code=str(code)).values_list("display_name", flat=True)
    return name.first() or str(code)


@register.filter
def role_label(value: Any) -> str:
    """A role code as its name ("shelter_staff" → "Medewerker opvanglocatie")."""
    try:
        return str(Role(str(value)).label)
    except ValueError:
        return str(value)
