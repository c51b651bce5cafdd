"""A malformed request gets 400 (or 422 for input that does not fit), never 500, on every
API operation in the schema, and every refusal has the documented shape."""

import re
import secrets

import pytest
from django.test import Client

from portal.api import api

BODY_OPERATIONS = [
    (method.upper(), path)
    for path, operations in api.get_openapi_schema()["paths"].items()
    for method, operation in operations.items()
    if "requestBody" in operation
]

MALFORMED = {
    "broken-json": ("application/json", b'{"what": "Ring'),
    "not-utf8": ("application/json", b'{"what": "\xff\xfe"}'),
    "wrong-content-type": ("text/plain", b"Ring hyresvarden"),
    "multipart-without-boundary": ("multipart/form-data", b"what=Ring"),
    "multipart-cut-off": (
        "multipart/form-data; boundary=gräns",
        b'--gr\xc3\xa4ns\r\nContent-Disposition: form-data; name="what"\r\n\r\nRi',
    ),
    "form-with-too-many-fields": (
        "application/x-www-form-urlencoded",
        b"&".join(b"f%d=1" % number for number in range(1500)),
    ),
}


@pytest.fixture
def signed_in(ombud, task):
    """The ombud, with a CSRF token in cookie and header as the app's pages send it."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(ombud)
    token = secrets.token_hex(16)
    browser.cookies["csrftoken"] = token
    browser.raise_request_exception = False
    return browser, {"HTTP_X_CSRFTOKEN": token}, {"id": task.pk}


def _url(path: str, task_id: int) -> str:
    return re.sub(r"\{[a-z_]+\}", str(task_id), path)


@pytest.mark.parametrize("kind", MALFORMED)
@pytest.mark.parametrize("method, path", BODY_OPERATIONS, ids=" ".join)
def test_a_malformed_body_gets_400_in_the_apis_shape(signed_in, method, path, kind):
    browser, headers, ids = signed_in
    content_type, body = MALFORMED[kind]
    response = browser.generic(
        method, _url(path, ids["id"]), body, content_type=content_type, **headers
    )
    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    assert set(response.json()) == {"detail"}
    assert response.json()["detail"].startswith("Det som skickades")


def test_a_cut_off_multipart_body_on_a_page_gets_the_400_page(client_user):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(client_user)
    browser.raise_request_exception = False
    content_type, body = MALFORMED["multipart-cut-off"]
    response = browser.post("/meddelanden/", body, content_type=content_type)
    assert response.status_code == 400
    assert "Det gick inte att läsa det som skickades" in response.content.decode()


def test_input_that_does_not_fit_the_schema_gets_422_with_errors_per_field(ombud_client, task):
    response = ombud_client.post(
        f"/api/assignments/{task.assignment_id}/tasks",
        {"what": 5, "due": "i morgon", "who": ["client"]},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json() == {
        "detail": "Uppgifterna gick inte att använda. Se vad som är fel.",
        "errors": {
            "what": ["Ska vara text."],
            "who": ["Ska vara text."],
            "due": ["Ska vara ett datum, till exempel 2026-03-01."],
        },
    }


def test_a_missing_field_and_a_nested_one_are_named(client_client):
    response = client_client.post(
        "/api/push/subscriptions", {"keys": {"auth": 7}}, content_type="application/json"
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors["endpoint"] == ["Det här fältet behövs."]
    assert errors["keys.p256dh"] == ["Det här fältet behövs."]
    assert errors["keys.auth"] == ["Ska vara text."]


def test_every_operation_documents_the_common_refusals():
    schema = api.get_openapi_schema()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = {str(status) for status in operation["responses"]}
            assert {"400", "401", "403", "404", "422"} <= responses, (method, path)
    form_errors = schema["components"]["schemas"]["FormErrors"]
    assert form_errors["required"] == ["detail", "errors"]


def test_too_many_outbox_items_are_named_plainly(client_client):
    items = [{"id": f"00000000-0000-4000-8000-{n:012d}", "kind": "message"} for n in range(51)]
    response = client_client.post("/api/outbox", {"items": items}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"]["items"] == ["Det är för långt, eller för många."]
