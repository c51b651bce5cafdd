"""Fixtures shared by tests/portal only: the queue's priority ground, a caseload to fill,
and calling the JSON API the way a phone does."""

from collections.abc import Callable

import pytest
from django.http import HttpResponse
from django.test import Client

from portal.actions import intake
from portal.actions.contacts import create_client_contact
from portal.models import PriorityGround, User


@pytest.fixture
def ground(coordinator) -> PriorityGround:
    return intake.add_priority_ground(coordinator, "Ensamstående förälder")


@pytest.fixture
def give_clients(db) -> Callable[[User, int], None]:
    """give_clients(ombud, count): that many more clients for the ombud."""

    def give(ombud: User, count: int) -> None:
        for n in range(count):
            create_client_contact(ombud, first_name=f"Klient {n}")

    return give


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
