from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template

from veiligeplek.domain.enums import CATEGORY_LABELS_NL, PlaceCategory

register = template.Library()


@register.filter
def get_item(mapping: Mapping[Any, Any], key: Any) -> Any:
    return mapping.get(key, [])


@register.filter
def category_label(value: Any) -> str:
    try:
        return CATEGORY_LABELS_NL[PlaceCategory(str(value))]
    except ValueError:
        return str(value)


@register.filter
def make_list_words(value: str) -> list[str]:
    return value.split()


@register.filter
def field(form: Any, name: str) -> Any:
    return form[name]
