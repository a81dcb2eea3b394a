"""Shared form behaviour: NL Design System classes on every widget."""

from __future__ import annotations

from typing import Any

from django import forms

WIDGET_CLASSES: tuple[tuple[type[forms.Widget], str], ...] = (
    (forms.CheckboxSelectMultiple, "utrecht-checkbox utrecht-checkbox--html-input"),
    (forms.RadioSelect, "utrecht-radio-button utrecht-radio-button--html-input"),
    (forms.CheckboxInput, "utrecht-checkbox utrecht-checkbox--html-input"),
    (forms.SelectMultiple, "utrecht-select utrecht-select--html-select vp-select-multiple"),
    (forms.Select, "utrecht-select utrecht-select--html-select"),
    (forms.Textarea, "utrecht-textarea utrecht-textarea--html-textarea"),
    (forms.ClearableFileInput, "utrecht-textbox utrecht-textbox--html-input"),
    (forms.widgets.Input, "utrecht-textbox utrecht-textbox--html-input"),
)


class StyledForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            css = next((c for kind, c in WIDGET_CLASSES if isinstance(widget, kind)), "")
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
            if field.help_text:
                widget.attrs["aria-describedby"] = f"id_{name}-help"
