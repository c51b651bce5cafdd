"""Every CSV download, with text a spreadsheet would run as a formula in every field that
reaches it: no cell may start with = + - @, a tab or a carriage return, and each such
text comes back as plain text, behind an apostrophe (portal/csv.py).

The downloads are found by walking the URL patterns, so a new one fails
test_every_csv_download_is_one_this_file_knows_how_to_fill until it is added to DOWNLOADS
below, with the texts that reach it.
"""

import inspect
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from portal.actions.failures import mark_sent, record_answer, record_failure
from portal.models import FailureCategory, FailureOrganisation, Level, Operation, SystemFailure

# What a spreadsheet runs as a formula when a cell starts with it. Stated here, not taken
# from portal.csv, so that a shorter list there turns this file red.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Something a person could type that starts with each of them.
FORMULAS = {
    "=": '=HYPERLINK("http://x","y")',
    "+": "+SUMMA(1;1)",
    "-": "-1+1",
    "@": "@SUMMA(1;1)",
    "\t": "\t=1+1",
    "\r": "\r=1+1",
}

# Each CSV download by URL name: its address, and the typed texts that reach it.
DOWNLOADS: dict[str, tuple[Callable[[], str], list[str]]] = {
    "coordinator_failures_csv": (
        lambda: reverse("coordinator_failures_csv"),
        ["organisation", "description", "improvement", "answer"],
    ),
    "coordinator_report_csv": (
        # "Systemfel efter organisation" lists the organisations by name.
        lambda: reverse("coordinator_report_csv", args=[timezone.localdate().year]),
        ["organisation", "operation"],
    ),
}


# Finding the downloads


def _patterns(resolver: URLResolver, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern


def _ours(function: Callable) -> bool:
    """Written in this project (portal, the three UIs...), not in Django or a library."""
    package = getattr(function, "__module__", None) or ""
    return bool(package) and (Path(settings.BASE_DIR) / package.split(".")[0]).is_dir()


def _functions_behind(view: Callable) -> list[Callable]:
    """The view, and for an API operation the endpoint functions behind django-ninja's
    wrapper (which holds its PathView as `self`)."""
    view = inspect.unwrap(view)
    try:
        path_view = inspect.getclosurevars(view).nonlocals.get("self")
    except TypeError:  # not a plain function (a partial, a class instance)
        return [view]
    return [view, *(inspect.unwrap(op.view_func) for op in getattr(path_view, "operations", []))]


def _writes_csv(view: Callable) -> bool:
    sources = [inspect.getsource(f) for f in _functions_behind(view) if _ours(f)]
    return any("csv_response" in source or "text/csv" in source for source in sources)


def _csv_urls(browsers: list[Client]) -> set[str]:
    """The names of the URLs that are CSV downloads: named `*_csv`, ending in `.csv`, a
    view of ours that writes CSV, or a page of ours without parameters that answers
    any of `browsers` with text/csv."""
    found = set()
    for route, pattern in _patterns(get_resolver()):
        name = pattern.name or route
        if (
            name.endswith("_csv")
            or route.rstrip("$").endswith(".csv")
            or _writes_csv(pattern.callback)
        ):
            found.add(name)
        elif pattern.name and not pattern.pattern.regex.groups and _ours(pattern.callback):
            answers = [browser.get(reverse(pattern.name)) for browser in browsers]
            if any(a.get("Content-Type", "").startswith("text/csv") for a in answers):
                found.add(name)
    return found


def test_every_csv_download_is_one_this_file_knows_how_to_fill(
    coordinator_client, ombud_client, client_client
):
    found = _csv_urls([coordinator_client, ombud_client, client_client])
    assert found - set(DOWNLOADS) == set(), "a CSV download this file does not fill"
    assert set(DOWNLOADS) - found == set(), "DOWNLOADS names a URL that is gone"


# Filling them


@pytest.fixture(params=FORMULA_STARTS, ids=["equals", "plus", "minus", "at", "tab", "return"])
def typed(request, operation, ombud, coordinator) -> dict[str, str]:
    """A failure of this year whose organisation, description, improvement and answer, and
    an operation whose name, start with one formula character. Returns them by field.

    Through the actions where they keep the text; the ORM only for what they cannot:
    an organisation name starting with a tab or a carriage return (the action folds
    white space; the admin does not), and the operation's name (set in the admin).
    """
    formula = FORMULAS[request.param]
    texts = {
        "organisation": formula,
        "description": f"{formula} beskrivning",
        "improvement": f"{formula} förbättring",
        "answer": f"{formula} svar",
        "operation": f"{formula} PO",
    }
    today = timezone.localdate()
    organisation = {"new_organisation": texts["organisation"]}
    if formula != " ".join(formula.split()):
        chosen = FailureOrganisation.objects.create(operation=operation, name=formula)
        organisation = {"organisation_id": chosen.pk}
    failure = record_failure(
        ombud,
        occurred_on=today,
        level=Level.LOCAL,
        category=FailureCategory.ACCESS,
        description=texts["description"],
        clients_affected=1,
        improvement=texts["improvement"],
        **organisation,
    )
    mark_sent(failure, coordinator, sent_to=SystemFailure.SentTo.STEERING, sent_on=today)
    record_answer(failure, coordinator, answer=texts["answer"], answered_on=today)
    Operation.objects.filter(pk=operation.pk).update(name=texts["operation"])
    failure.refresh_from_db()
    assert (failure.organisation.name, failure.answer) == (texts["organisation"], texts["answer"])
    return texts


@pytest.mark.parametrize("download", DOWNLOADS)
def test_no_cell_of_a_csv_download_starts_a_formula(download, typed, coordinator_client, csv_rows):
    url, fields = DOWNLOADS[download]
    cells = [cell for row in csv_rows(coordinator_client.get(url())) for cell in row]
    assert [cell for cell in cells if cell.startswith(FORMULA_STARTS)] == []
    for field in fields:
        assert "'" + typed[field] in cells, field
