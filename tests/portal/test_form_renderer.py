"""portal/forms/renderer.py writes the widgets in Python: the HTML must be what Django's
own templates make, byte for byte, for every kind of widget the forms use, bound and
unbound, with text that needs escaping, and on the real pages."""

import datetime
import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.test import override_settings
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from portal.forms.renderer import FastWidgets

CHOICES = [("a", 'Ett <a> & "b"'), ("b", gettext_lazy("Alla")), (3, 3)]
GROUPED = [("Grupp <1>", [("x", "X"), ("y", "Y")]), ("z", "Z")]


class Everything(forms.Form):
    text = forms.CharField(max_length=20, help_text="Hjälp", widget=forms.TextInput())
    optional = forms.CharField(required=False)
    email = forms.EmailField(required=False)
    number = forms.IntegerField(required=False, min_value=1, max_value=10000)
    day = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    secret = forms.CharField(required=False, widget=forms.PasswordInput(render_value=True))
    hidden = forms.CharField(required=False, widget=forms.HiddenInput())
    tick = forms.BooleanField(required=False)
    words = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "data-draft": True, "hidden": False}),
    )
    choice = forms.ChoiceField(choices=CHOICES, required=False)
    grouped = forms.ChoiceField(choices=GROUPED, required=False)
    many = forms.MultipleChoiceField(
        choices=CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )
    radio = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect)
    grouped_radio = forms.ChoiceField(
        choices=GROUPED, required=False, widget=forms.RadioSelect(attrs={"class": "choices"})
    )
    upload = forms.FileField(required=False)


BOUND = {
    "text": 'Ett "citat" <b>&',
    "number": "12",
    "day": "2026-13-40",
    "secret": "<hemligt>",
    "hidden": mark_safe("<i>säker</i>"),
    "tick": "on",
    "words": "rad ett\n<rad två>",
    "choice": "a",
    "grouped": "y",
    "many": ["a", "3"],
    "radio": "b",
    "grouped_radio": "z",
}


def _html(form: forms.Form) -> list[str]:
    rendered = [str(field) for field in form]
    rendered += [str(field.errors) for field in form]
    for name in ("radio", "grouped_radio", "many"):
        rendered += [choice.tag() for choice in form[name]]
    rendered += [str(choice) for choice in form["radio"]]
    rendered.append(str(form.non_field_errors()))
    return rendered


@pytest.mark.parametrize("data", [None, BOUND, {"text": ""}], ids=["unbound", "bound", "errors"])
@pytest.mark.parametrize("auto_id", ["id_%s", "t-7-%s", False])
def test_every_widget_is_what_djangos_templates_make(data, auto_id):
    initial = {"optional": 0, "number": 5, "day": datetime.date(2026, 3, 1), "choice": 3}
    fast = Everything(data, auto_id=auto_id, initial=initial, renderer=FastWidgets())
    slow = Everything(data, auto_id=auto_id, initial=initial, renderer=DjangoTemplates())
    assert _html(fast) == _html(slow)
    if data is BOUND:
        assert not fast.is_valid() and "&lt;b&gt;&amp;" in str(fast["text"])


def _without_tokens(html: str) -> str:
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    html = re.sub(r'"X-CSRFToken": "[^"]+"', "", html)
    html = re.sub(r'name="client_uuid" value="[^"]+"', "", html)  # a new one each time
    html = re.sub(r'data-left="[0-9]+"', "", html)  # the session's seconds left
    return re.sub(r'datetime="[^"]+"', "", html)  # when the page was made


@pytest.mark.parametrize("page", ["ombud_plan", "client_plan", "ombud_messages", "ombud_caseload"])
def test_the_pages_are_the_same_with_either_renderer(page, contact, ombud_client, client_client):
    browser = client_client if page == "client_plan" else ombud_client
    url = reverse(page, args=[contact.pk] if page in ("ombud_plan", "ombud_messages") else [])
    pages = []
    for renderer in ("django.forms.renderers.DjangoTemplates", "portal.forms.renderer.FastWidgets"):
        with override_settings(FORM_RENDERER=renderer):
            response = browser.get(url)
            assert response.status_code == 200
            pages.append(_without_tokens(response.content.decode()))
    assert pages[0].splitlines() == pages[1].splitlines()
    assert "<select" in pages[1] or page != "ombud_plan"
