"""Property-based fuzzing of the whole API from its own OpenAPI schema (schemathesis).

Every operation in /api/openapi.json, whoever added it, is called with generated input,
both fitting the schema and not, signed in as an ombud, as a client and as a coordinator
(session cookie and CSRF token, as the app's own pages send them), through Django's WSGI
handler in this process, against the test database. Path ids are pointed at the fixtures'
real objects, so the operations do real work rather than only answering 404. Each answer
must:
- never be a server error (5xx);
- have a status code the schema documents for the operation;
- have the documented content type and a body that fits the documented schema.

Bounded: EXAMPLES per operation and person, derandomized so a run is repeatable. Push
notices are not sent (no request may leave this machine), and names never resolve.
"""

import datetime
import secrets
import socket

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from portal import public_address, push
from portal.actions.consent import give_consent
from portal.actions.ending import propose_ending
from portal.actions.failures import record_failure
from portal.actions.intake import register_intake
from portal.actions.network import add_person
from portal.actions.notes import add_note
from portal.actions.plan import add_meeting
from portal.actions.team import add_stand_in
from portal.models import FailureCategory, Level, Organisation

EXAMPLES = 12
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

application = get_wsgi_application()


@pytest.fixture
def api_schema(db):
    return schemathesis.openapi.from_wsgi("/api/openapi.json", application)


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture
def world(contact, ombud, other_ombud, coordinator, client_user, task, monkeypatch):
    """Real objects for the path ids, and no way out of this machine."""
    meeting = add_meeting(
        contact, ombud, starts_at=timezone.now() + datetime.timedelta(days=2), place="Hemma"
    )
    consent = give_consent(
        contact, client_user, organisation=Organisation.FORSAKRINGSKASSAN, covers="ansökan"
    )
    failure = record_failure(
        ombud,
        occurred_on=datetime.date(2025, 3, 3),
        level=Level.CASE_OFFICER,
        category=FailureCategory.HANDLING,
        description="Handläggarna svarar inte på mejl inom en månad.",
        clients_affected=2,
        new_organisation="Försäkringskassan",
    )

    person = add_person(
        contact, client_user, role="case_officer", organisation=Organisation.FORSAKRINGSKASSAN
    )
    note = add_note(contact, ombud, text="Minnesanteckning")
    stand_in = add_stand_in(
        contact,
        ombud,
        ombud=other_ombud,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + datetime.timedelta(days=7),
    )
    request = register_intake(
        coordinator, channel="phone", referrer="self", name="Kim", phone="070", gender="man"
    )
    note.disposition = "hand_over"
    note.save(update_fields=["disposition"])
    proposal = propose_ending(contact, ombud, reason="other_service")

    def no_dns(host: str, port: int) -> list[str]:
        raise socket.gaierror(socket.EAI_NONAME, "no DNS in tests")

    monkeypatch.setattr(public_address, "resolve", no_dns)
    monkeypatch.setattr(push, "_send", lambda *args, **kwargs: None)
    return {
        "contact_id": contact.pk,
        "assignment_id": task.assignment_id,
        "task_id": task.pk,
        "meeting_id": meeting.pk,
        "consent_id": consent.pk,
        "failure_id": failure.pk,
        "person_id": person.pk,
        "note_id": note.pk,
        "stand_in_id": stand_in.pk,
        "intake_id": request.pk,
        "proposal_id": proposal.pk,
    }


def _signed_in(user) -> dict[str, dict[str, str]]:
    """The session cookie of a fresh sign-in, and a CSRF token in cookie and header."""
    browser = Client()
    browser.force_login(user)
    token = secrets.token_hex(16)  # a CSRF secret: the same in the cookie and the header
    return {
        "cookies": {"sessionid": browser.cookies["sessionid"].value, "csrftoken": token},
        # GZipMiddleware answers gzip to a client that accepts it; the WSGI transport does
        # not unpack it, so ask for the plain body.
        "headers": {"X-CSRFToken": token, "Accept-Encoding": "identity"},
    }


def _call(case, world, user) -> None:
    for name in case.path_parameters or {}:
        if name in world:
            case.path_parameters[name] = world[name]
    case.call_and_validate(checks=CHECKS, **_signed_in(user))


FUZZ = hypothesis_settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
    database=None,
)


@schema.parametrize()
@FUZZ
def test_every_operation_as_the_ombud(case, world, ombud):
    _call(case, world, ombud)


@schema.parametrize()
@FUZZ
def test_every_operation_as_the_client(case, world, client_user):
    _call(case, world, client_user)


@schema.parametrize()
@FUZZ
def test_every_operation_as_the_coordinator(case, world, coordinator):
    _call(case, world, coordinator)
