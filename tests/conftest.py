"""Shared fixtures: one operation with two ombud, each with one client, a coordinator,
and a plan with one assignment and one task. Every password is PASSWORD.

Fixtures that touch the database ask for `db`; inside a Django unittest-style class
(e.g. the browser tests' BrowserTestCase) pytest-django makes that a no-op, so an
autouse fixture method there can use these fixtures too.
"""

import pytest
from django.test import Client

from portal.actions.contacts import create_client_contact
from portal.actions.plan import add_assignment, add_task
from portal.models import Assignment, Contact, LifeArea, Operation, Role, Task, User, Who

PASSWORD = "test-losenord-1"


def _staff_user(operation: Operation, *, username: str, first_name: str, role: str) -> User:
    return User.objects.create_user(
        username=username,
        password=PASSWORD,
        first_name=first_name,
        role=role,
        operation=operation,
    )


def _client_contact(ombud: User, *, username: str, first_name: str) -> Contact:
    """A client of `ombud`, as if the invite had been redeemed: a username and PASSWORD."""
    contact = create_client_contact(ombud, first_name=first_name)
    client = contact.client
    client.username = username
    client.set_password(PASSWORD)
    client.save(update_fields=["username", "password"])
    return contact


def _logged_in(user: User) -> Client:
    browser = Client()
    browser.force_login(user)
    return browser


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def operation(db) -> Operation:
    return Operation.objects.create(name="Testkommunens PO")


@pytest.fixture
def ombud(operation) -> User:
    return _staff_user(operation, username="anna", first_name="Anna", role=Role.OMBUD)


@pytest.fixture
def other_ombud(operation) -> User:
    return _staff_user(operation, username="johan", first_name="Johan", role=Role.OMBUD)


@pytest.fixture
def coordinator(operation) -> User:
    return _staff_user(operation, username="sara", first_name="Sara", role=Role.COORDINATOR)


@pytest.fixture
def contact(ombud) -> Contact:
    """Maja, client of Anna."""
    return _client_contact(ombud, username="maja", first_name="Maja")


@pytest.fixture
def client_user(contact) -> User:
    return contact.client


@pytest.fixture
def other_contact(other_ombud) -> Contact:
    """Omar, client of Johan: someone Anna and Maja must never see."""
    return _client_contact(other_ombud, username="omar", first_name="Omar")


@pytest.fixture
def other_client_user(other_contact) -> User:
    return other_contact.client


@pytest.fixture
def assignment(contact, ombud) -> Assignment:
    return add_assignment(
        contact, ombud, title="Få ordning på min ekonomi", life_area=LifeArea.ECONOMY
    )


@pytest.fixture
def task(assignment, ombud) -> Task:
    return add_task(assignment, ombud, what="Öppna posten från Kronofogden", who=Who.CLIENT)


# Django test clients, already logged in as each person.


@pytest.fixture
def ombud_client(ombud) -> Client:
    return _logged_in(ombud)


@pytest.fixture
def other_ombud_client(other_ombud) -> Client:
    return _logged_in(other_ombud)


@pytest.fixture
def client_client(client_user) -> Client:
    return _logged_in(client_user)


@pytest.fixture
def other_client_client(other_client_user) -> Client:
    return _logged_in(other_client_user)


@pytest.fixture
def coordinator_client(coordinator) -> Client:
    return _logged_in(coordinator)


@pytest.fixture(autouse=True)
def _fast_passwords(request):
    """Hashing with PBKDF2 costs most of a test's time; these tests are not about it.

    Not for browser tests: their live server runs in another process with the real hasher.
    """
    if request.node.get_closest_marker("browser"):
        return
    settings = request.getfixturevalue("settings")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _private_media(request, tmp_path):
    """Attachments of each test go to a folder of its own, removed with the test."""
    if request.node.get_closest_marker("browser") or request.node.get_closest_marker("production"):
        return
    settings = request.getfixturevalue("settings")
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }


# Signing in (issue 10). django-axes keeps its failed tries in the database, so the
# rollback after each test resets every lockout; the staff's second factor is in
# tests/signin_helpers.py.


@pytest.fixture
def new_contact(contact) -> Contact:
    """Maja before her first sign-in: no usable password yet, so her ombud may invite her."""
    client = contact.client
    client.set_unusable_password()
    client.save(update_fields=["password"])
    return contact
