"""Counts say "1 klient" and "2 klienter" (issue 12): every number next to a noun goes
through `{% blocktranslate count %}` or `ngettext`, on every role's pages.

The pages are rendered with 1 and with 2; and a scan of the templates and the code goes
red if a count is written next to a plural noun without them."""

import ast
import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from portal import throttle
from portal.actions.plan import add_task
from portal.models import Who
from tests.helpers import new_client

ROOT = Path(settings.BASE_DIR)

# Nouns that are counted somewhere in the app, in their plural and singular forms.
NOUNS = (
    r"klienter|klient|uppgifter|uppgift|meddelanden|meddelande|saker|sak|dagar|dag|veckor|"
    r"vecka|minuter|minut|gånger|gång|förfrågningar|förfrågan|sidor|sida|reservkoder|"
    r"reservkod|platser|plats|anteckningar|anteckning|träffar|träff|timmar|timme"
)


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_the_clients_count_of_what_is_left(client_client, task, assignment, ombud):
    assert "Du har 1 sak kvar att göra." in _text(client_client.get(reverse("client_plan")))
    add_task(assignment, ombud, what="Fylla i ansökan", who=Who.TOGETHER)
    assert "Du har 2 saker kvar att göra." in _text(client_client.get(reverse("client_plan")))


@pytest.mark.parametrize(("days", "said"), [(1, "i 1 dag."), (2, "i 2 dagar.")])
def test_the_days_to_fetch_the_copy(client_client, contact, settings, days, said):
    settings.COPY_WINDOW_DAYS = days
    text = _text(client_client.get(reverse("client_end")))
    assert f"Du kan hämta kopian här i appen {said}" in text


@pytest.mark.parametrize(("minutes", "said"), [(1, "1 minut och"), (2, "2 minuter och")])
def test_the_minutes_to_wait_after_too_many_tries(settings, minutes, said):
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=minutes)
    assert f"Vänta {said} försök igen." in throttle.tried_too_often()


def test_the_ombuds_caseload_counts_clients(ombud_client, contact, ombud):
    assert "1 klient ·" in _text(ombud_client.get(reverse("ombud_caseload")))
    new_client(ombud, first_name="Lina")
    assert "2 klienter ·" in _text(ombud_client.get(reverse("ombud_caseload")))


# --- The scan ----------------------------------------------------------------------------

BLOCK = re.compile(r"{%\s*blocktranslate([^%]*)%}(.*?){%\s*endblocktranslate\s*%}", re.S)
COUNTED = re.compile(rf"{{{{\s*[\w.|]+\s*}}}}\s+(?:{NOUNS})\b")


def uncounted_in_templates() -> list[str]:
    found = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        for options, body in BLOCK.findall(path.read_text()):
            if re.search(r"\bcount\b", options):
                continue
            found += [f"{path.relative_to(ROOT)}: {m}" for m in COUNTED.findall(body)]
    return found


GETTEXT = {"_", "gettext", "gettext_lazy", "pgettext", "pgettext_lazy"}
COUNTED_PY = re.compile(rf"%\(\w+\)[sd]\s+(?:{NOUNS})\b|%d\s+(?:{NOUNS})\b")


def uncounted_in_code() -> list[str]:
    found = []
    for folder in ("portal", "client_ui", "ombud_ui", "coordinator_ui", "realtime"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if not isinstance(node, ast.Call) or not node.args:
                    continue
                func = node.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
                if name not in GETTEXT:
                    continue
                text = node.args[-1] if name.startswith("pgettext") else node.args[0]
                if (
                    isinstance(text, ast.Constant)
                    and isinstance(text.value, str)
                    and COUNTED_PY.search(text.value)
                ):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {text.value}")
    return found


def test_no_count_in_a_template_without_its_plural():
    assert uncounted_in_templates() == []


def test_no_count_in_the_code_without_its_plural():
    assert uncounted_in_code() == []


def test_the_scan_finds_a_count_without_its_plural():
    assert COUNTED.search("{% blocktranslate %}{{ more }} klienter till{% endblocktranslate %}")
    assert COUNTED_PY.search("Vänta %(minutes)s minuter och försök igen.")
    assert not COUNTED_PY.search("Sida %(n)s av brevet")
