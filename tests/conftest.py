"""Shared fixtures: one operation with two ombud, each with one client, a coordinator,
and a plan with one assignment, one task and one meeting; a neighbouring operation with
its own coordinator and ombud; a system failure. Every password is PASSWORD.

Every fixture used by more than one test file lives here (or in the conftest of the one
folder that uses it), once.

Fixtures that touch the database ask for `db`; inside a Django unittest-style class
(e.g. the browser tests' BrowserTestCase) pytest-django makes that a no-op, so an
autouse fixture method there can use these fixtures too.
"""

import copy
import csv
import datetime
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from channels.layers import get_channel_layer
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client
from django.utils import timezone
from PIL import Image

from portal.actions import intake
from portal.actions import letters as letter_actions
from portal.actions.failures import record_failure
from portal.actions.letters import add_letter
from portal.actions.plan import add_assignment, add_meeting, add_task
from portal.attachments import clean_upload
from portal.letters.understand import understand
from portal.models import (
    Assignment,
    Contact,
    FailureCategory,
    Letter,
    Level,
    LifeArea,
    Meeting,
    Operation,
    PriorityGround,
    Role,
    SystemFailure,
    Task,
    User,
    Who,
)
from tests.helpers import new_client

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
    contact = new_client(ombud, first_name=first_name)
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


@pytest.fixture
def meeting(contact, ombud) -> Meeting:
    """Anna and Maja at the library, the day after tomorrow at ten."""
    day = timezone.localdate() + datetime.timedelta(days=2)
    return add_meeting(
        contact,
        ombud,
        starts_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(10))),
        place="Biblioteket",
        with_whom="Budget- och skuldrådgivaren",
        about="Budgeten för våren",
    )


# Another operation: its people must never see ours, nor we theirs.


@pytest.fixture
def neighbouring_operation(db) -> Operation:
    return Operation.objects.create(name="Grannkommunens PO")


@pytest.fixture
def neighbour_coordinator(neighbouring_operation) -> User:
    """Eva, a coordinator of the neighbouring operation."""
    return _staff_user(
        neighbouring_operation, username="eva", first_name="Eva", role=Role.COORDINATOR
    )


@pytest.fixture
def neighbour_ombud(neighbouring_operation) -> User:
    """Olof, an ombud of the neighbouring operation."""
    return _staff_user(neighbouring_operation, username="olof", first_name="Olof", role=Role.OMBUD)


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


@pytest.fixture
def neighbour_coordinator_client(neighbour_coordinator) -> Client:
    return _logged_in(neighbour_coordinator)


@pytest.fixture
def neighbour_ombud_client(neighbour_ombud) -> Client:
    return _logged_in(neighbour_ombud)


# Everyone around Maja's contact, for the tests that try every door as each of them.

PEOPLE = ["ombud", "client", "other_ombud", "other_client", "coordinator"]


@pytest.fixture(params=PEOPLE)
def person(request) -> str:
    """Each of PEOPLE in turn: a test that asks for `person` runs once for each of them.
    A test that means only some of them parametrizes `person` itself."""
    return request.param


@pytest.fixture
def browsers(
    ombud_client, client_client, other_ombud_client, other_client_client, coordinator_client
) -> dict[str, Client]:
    """A logged-in browser for each of PEOPLE: Maja's ombud, Maja, another ombud, another
    client and a coordinator."""
    return {
        "ombud": ombud_client,
        "client": client_client,
        "other_ombud": other_ombud_client,
        "other_client": other_client_client,
        "coordinator": coordinator_client,
    }


# Live updates


@pytest.fixture
def published(monkeypatch) -> list[tuple[str, dict]]:
    """What went out through the channel layer, as (group, event), in the order sent.

    Actions publish after commit (realtime.events.publish_after_commit), so make the
    change inside `django_capture_on_commit_callbacks(execute=True)`, as a committed
    request would; a change that is rolled back must leave this empty. The layer is the
    real in-memory one: the events are recorded on their way in and still delivered.
    """
    layer = get_channel_layer()
    sent: list[tuple[str, dict]] = []
    deliver = layer.group_send

    async def group_send(group: str, message: dict) -> None:
        sent.append((group, copy.deepcopy(message)))
        await deliver(group, message)

    monkeypatch.setattr(layer, "group_send", group_send)
    return sent


# System failures


@pytest.fixture
def failure_by(db) -> Callable[..., SystemFailure]:
    """failure_by(actor, **changes): a failure recorded through the action by `actor`,
    the same as `failure` but for `changes`."""

    def record(actor: User, **changes) -> SystemFailure:
        fields = {
            "occurred_on": datetime.date(2025, 3, 3),
            "level": Level.CASE_OFFICER,
            "category": FailureCategory.HANDLING,
            "description": "Handläggarna svarar inte på mejl inom en månad.",
            "clients_affected": 2,
            "improvement": "En funktionsbrevlåda som läses varje dag.",
            "new_organisation": "Försäkringskassan",
            **changes,
        }
        return record_failure(actor, **fields)

    return record


@pytest.fixture
def failure(ombud, failure_by) -> SystemFailure:
    """Anna's draft of 3 March 2025: Försäkringskassan's case officers do not answer
    e-mail within a month (two clients)."""
    return failure_by(ombud)


# Files: the attachment folder and CSV downloads


@pytest.fixture
def private_files(settings) -> Callable[[], list[Path]]:
    """private_files(): every file in the attachment folder now."""

    def files() -> list[Path]:
        root = Path(settings.STORAGES["private"]["OPTIONS"]["location"])
        return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []

    return files


@pytest.fixture
def csv_rows() -> Callable[[HttpResponse], list[list[str]]]:
    """csv_rows(response): a CSV download read the way Excel in Sweden reads it (UTF-8
    with a byte order mark, `;` between cells), as rows of cells."""

    def read(response: HttpResponse) -> list[list[str]]:
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        text = response.content.decode("utf-8")
        assert text.startswith("\ufeff")
        return list(csv.reader(io.StringIO(text[1:], newline=""), delimiter=";"))

    return read


@pytest.fixture(autouse=True)
def _no_kept_page_parts():
    """Each test starts with no kept page parts: rolled-back tests reuse ids and contact
    numbers, so a part kept by an earlier test would have this test's key."""
    from portal import pagecache

    pagecache.forget_all()


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
            "BACKEND": "portal.storage.PrivateFileStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }


# Letters: one photographed and read, without running Tesseract (tests/letters/ does).

DECISION_LETTER = """Försäkringskassan
Box 1164, 621 22 Visby
Datum: 2026-11-03
Ärendenummer: 1234567-89
Maja Andersson
Storgatan 1
852 30 Sundsvall
Beslut om bostadstillägg
Försäkringskassan har beslutat att du inte får bostadstillägg.
Om du inte är nöjd med beslutet kan du överklaga. Ditt överklagande ska ha kommit in
till oss inom tre veckor från den dag du fick del av beslutet.
Med vänlig hälsning
Försäkringskassan"""


def small_photo(colour: str = "white") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 56), colour).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture
def letter_read(db) -> Callable[..., Letter]:
    """letter_read(contact, actor, text=DECISION_LETTER, received=3 Nov 2026 + 3 days):
    a letter added through the action (one small photo, its job queued) and read as the
    job would read it, from `text` (no Tesseract here)."""

    def make(
        contact: Contact,
        actor: User,
        text: str = DECISION_LETTER,
        received: datetime.date = datetime.date(2026, 11, 6),
    ) -> Letter:
        upload = SimpleUploadedFile("brev.jpg", small_photo(), content_type="image/jpeg")
        letter = add_letter(contact, actor, pages=[clean_upload(upload)])
        letter_actions.record_reading(
            letter, text=text, reading=understand(text, received=received)
        )
        letter.refresh_from_db()
        return letter

    return make


# The queue: a priority ground, and a caseload to fill.


@pytest.fixture
def ground(coordinator) -> PriorityGround:
    return intake.add_priority_ground(coordinator, "Ensamstående förälder")


@pytest.fixture
def give_clients(db) -> Callable[[User, int], None]:
    """give_clients(ombud, count): that many more clients for the ombud."""

    def give(ombud: User, count: int) -> None:
        for n in range(count):
            new_client(ombud, first_name=f"Klient {n}", override_reason="Testet fyller på.")

    return give


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
