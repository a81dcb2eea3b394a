"""Shared form behaviour: NL Design System classes on every widget.

Radio and checkbox groups (``RadioSelect``, ``CheckboxSelectMultiple``) get the NL DS control
class on each input only; their wrapper is a layout (``vp-choices``), so that a group reads as a
list of options. (With the control class on the wrapper too, the whole group was drawn as one
24-pixel radio button with its labels running over the next section.)
"""

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
CHOICE_GROUP_CLASS = "vp-choices"


class _ChoiceGroup:
    """A radio or checkbox group: the wrapper is a layout, each input an NL DS control."""

    input_class = ""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context(name, value, attrs)  # type: ignore[misc]
        wrapper = context["widget"]["attrs"]
        extra = wrapper.get("class", "").replace(self.input_class, "").split()
        wrapper["class"] = " ".join([CHOICE_GROUP_CLASS, *extra])
        for _group, options, _index in context["widget"]["optgroups"]:
            for option in options:
                option["attrs"]["class"] = self.input_class
        return context


class RadioGroup(_ChoiceGroup, forms.RadioSelect):
    input_class = "utrecht-radio-button utrecht-radio-button--html-input"


class CheckboxGroup(_ChoiceGroup, forms.CheckboxSelectMultiple):
    input_class = "utrecht-checkbox utrecht-checkbox--html-input"


def is_choice_group(widget: forms.Widget) -> bool:
    return isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple)


class StyledForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            if type(widget) is forms.RadioSelect:
                widget.__class__ = RadioGroup
            elif type(widget) is forms.CheckboxSelectMultiple:
                widget.__class__ = CheckboxGroup
            if not isinstance(widget, _ChoiceGroup):
                css = next((c for kind, c in WIDGET_CLASSES if isinstance(widget, kind)), "")
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
            if field.help_text:
                widget.attrs["aria-describedby"] = f"id_{name}-help"
