from __future__ import annotations

from django import template

from veiligeplek.monitor.labels import label

register = template.Library()


@register.filter
def vp_label(value: str, dimension: str) -> str:
    """The readable label of a dimension value: ``{{ code|vp_label:"region" }}``."""
    return str(label(dimension, str(value)))
