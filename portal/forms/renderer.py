"""The form renderer (settings.FORM_RENDERER): Django's own, except that the widgets every
form here uses are written out in Python instead of through the template engine.

Django draws each widget with a template that includes another for its attributes, and a
select or a group of radio buttons with one more template per option: the ombud's plan
page rendered about 150 widget templates (issue 13, where a page's time went). The
functions below write the same HTML as Django's templates, byte for byte (the test in
tests/portal/test_form_renderer.py renders every kind of widget both ways and compares),
and an empty error list is no template at all. Anything else (another template, a widget
of a kind not handled here) goes to Django's templates as before.
"""

from collections.abc import Callable, Mapping
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe

WIDGETS = "django/forms/widgets/"
INPUT = {
    WIDGETS + name
    for name in (
        "input.html",
        "checkbox.html",
        "color.html",
        "date.html",
        "datetime.html",
        "email.html",
        "file.html",
        "hidden.html",
        "number.html",
        "password.html",
        "search.html",
        "tel.html",
        "text.html",
        "time.html",
        "url.html",
    )
}
OPTION = {WIDGETS + "input_option.html", WIDGETS + "radio_option.html"}
OPTION |= {WIDGETS + "checkbox_option.html"}
MULTIPLE = {WIDGETS + "multiple_input.html", WIDGETS + "radio.html"}
MULTIPLE |= {WIDGETS + "checkbox_select.html"}
ERRORS = {"django/forms/errors/list/default.html", "django/forms/errors/list/ul.html"}

_CONTEXT = Context(autoescape=True)


def _out(value: Any) -> str:
    """`{{ value }}`: localized, and escaped unless it is safe already."""
    return str(render_value_in_context(value, _CONTEXT))


def _as_s(value: Any) -> str:
    """`{{ value|stringformat:'s' }}` (a widget's value is never a tuple, the one case
    where "%s" % value and str(value) differ)."""
    text = str(value)
    return text if isinstance(value, SafeData) else str(conditional_escape(text))


def _attrs(attrs: Mapping[str, Any]) -> str:
    """django/forms/widgets/attrs.html."""
    parts = []
    for name, value in attrs.items():
        if value is not False:
            parts.append(" " + _out(name))
            if value is not True:
                parts.append('="' + _as_s(value) + '"')
    return "".join(parts)


def _input(widget: Mapping[str, Any]) -> str:
    value = widget["value"]
    shown = f' value="{_as_s(value)}"' if value is not None else ""
    return (
        f'<input type="{_out(widget["type"])}" name="{_out(widget["name"])}"{shown}'
        f"{_attrs(widget['attrs'])}>"
    )


def _input_option_raw(widget: Mapping[str, Any]) -> str:
    """input_option.html as an include writes it, with the newlines its files end in."""
    if not widget.get("wrap_label"):
        return _input(widget) + "\n\n"
    label_id = widget["attrs"].get("id")
    for_id = f' for="{_out(label_id)}"' if label_id else ""
    return f"<label{for_id}>{_input(widget)}\n {_out(widget['label'])}</label>\n"


def _input_option(widget: Mapping[str, Any]) -> str:
    return _input_option_raw(widget).strip()


def _select(widget: Mapping[str, Any]) -> str | None:
    html = [f'<select name="{_out(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            html.append(f'\n  <optgroup label="{_out(group_name)}">')
        for option in group_choices:
            if option["template_name"] != WIDGETS + "select_option.html":
                return None
            html.append(
                f'\n  <option value="{_as_s(option["value"])}"{_attrs(option["attrs"])}>'
                f"{_out(option['label'])}</option>\n"
            )
        if group_name:
            html.append("\n  </optgroup>")
    html.append("\n</select>")
    return "".join(html)


def _multiple(widget: Mapping[str, Any]) -> str | None:
    own_id = widget["attrs"].get("id")
    css = widget["attrs"].get("class")
    html = ["<div"]
    if own_id:
        html.append(f' id="{_out(own_id)}"')
    if css:
        html.append(f' class="{_out(css)}"')
    html.append(">")
    for group, options, _index in widget["optgroups"]:
        if group:
            html.append(f"\n  <div><label>{_out(group)}</label>")
        for option in options:
            if option["template_name"] not in OPTION:
                return None
            # radio_option.html and checkbox_option.html add a newline of their own.
            extra = "" if option["template_name"] == WIDGETS + "input_option.html" else "\n"
            html.append(f"<div>\n    {_input_option_raw(option)}{extra}</div>")
        if group:
            html.append("\n  </div>")
    html.append("\n</div>")
    return "".join(html)


def _textarea(widget: Mapping[str, Any]) -> str:
    value = widget["value"]
    return (
        f'<textarea name="{_out(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{_out(value) if value else ''}</textarea>"
    )


FAST: dict[str, Callable[[Mapping[str, Any]], str | None]] = {
    **dict.fromkeys(INPUT, _input),
    **dict.fromkeys(OPTION, _input_option),
    **dict.fromkeys(MULTIPLE, _multiple),
    WIDGETS + "select.html": _select,
    WIDGETS + "textarea.html": _textarea,
}


class FastWidgets(DjangoTemplates):
    def render(self, template_name: str, context: dict, request: Any = None) -> str:
        if template_name in ERRORS and not context.get("errors"):
            return ""
        fast = FAST.get(template_name)
        if fast is not None and "widget" in context:
            try:
                html = fast(context["widget"])
            except (KeyError, TypeError):  # a widget shaped unlike Django's: the template
                html = None
            if html is not None:
                return mark_safe(html)
        return super().render(template_name, context, request)
