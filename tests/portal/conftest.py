"""Fixtures shared by tests/portal only: calling the JSON API the way a phone does."""

from collections.abc import Callable

import pytest
from django.http import HttpResponse
from django.test import Client


@pytest.fixture
def call_api() -> Callable[..., HttpResponse]:
    """call_api(browser, method, url, body=None): one call with a JSON body."""

    def call(browser: Client, method: str, url: str, body: dict | None = None) -> HttpResponse:
        if method == "get":
            return browser.get(url)
        return getattr(browser, method)(url, body or {}, content_type="application/json")

    return call


@pytest.fixture
def schema_of() -> Callable[[dict], str]:
    """schema_of(content): the name of the schema an OpenAPI body or answer refers to."""

    def name(content: dict) -> str:
        return content["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]

    return name
