"""The API on consent: the list for both parties, the client's yes (with the tick that
they understood), the ombud recording one signed on paper, the client taking one back.
Tried by Maja's ombud, Maja, another ombud, another client and a coordinator."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from portal.actions import consent as consent_actions
from portal.models import AuditEntry, Consent, ContactEvent, Organisation

Verb = ContactEvent.Verb
JSON = "application/json"
FK = Organisation.FORSAKRINGSKASSAN
COVERS = "ansökan om aktivitetsersättning"


@pytest.fixture
def consent(contact, client_user):
    return consent_actions.give_consent(contact, client_user, organisation=FK, covers=COVERS)


# --- Who may do what -----------------------------------------------------------------

# (name, method, url, body, status for Maja's ombud, status for Maja); everyone else 404.
OPERATIONS = [
    ("list", "get", lambda c, k: f"/api/contacts/{c.pk}/consents", None, 200, 200),
    (
        "give",
        "post",
        lambda c, k: f"/api/contacts/{c.pk}/consents",
        {"organisation": "kronofogden", "covers": "skulderna", "understood": True},
        403,
        201,
    ),
    (
        "record_paper",
        "post",
        lambda c, k: f"/api/contacts/{c.pk}/consents/paper",
        {"organisation": "kronofogden", "covers": "skulderna", "signed_on_paper": True},
        201,
        403,
    ),
    ("withdraw", "post", lambda c, k: f"/api/consents/{k.pk}/withdraw", None, 403, 200),
]


@pytest.mark.parametrize(
    "name,method,url,body,ombud_status,client_status", OPERATIONS, ids=[op[0] for op in OPERATIONS]
)
def test_each_consent_operation_follows_the_pages_access_rules(
    name,
    method,
    url,
    body,
    ombud_status,
    client_status,
    person,
    browsers,
    contact,
    consent,
    call_api,
):
    contact.refresh_from_db()
    seq_before = contact.last_seq
    count_before = Consent.objects.count()

    response = call_api(browsers[person], method, url(contact, consent), body)

    expected = {"ombud": ombud_status, "client": client_status}.get(person, 404)
    assert response.status_code == expected, (name, person, response.content)
    contact.refresh_from_db()
    allowed_write = method != "get" and expected < 300
    assert (contact.last_seq != seq_before) == allowed_write, (name, person)
    if expected >= 400:
        consent.refresh_from_db()
        assert consent.withdrawn_at is None
        assert Consent.objects.count() == count_before
    if expected == 404:
        assert COVERS not in response.content.decode()


# --- Listing -------------------------------------------------------------------------


@pytest.mark.parametrize("person", ["ombud", "client"])
def test_both_parties_list_every_consent_also_those_taken_back(
    person, browsers, contact, client_user, ombud, consent
):
    paper = consent_actions.record_paper_consent(
        contact,
        ombud,
        organisation=Organisation.OTHER,
        organisation_other="Hyresgästföreningen",
        covers="hyran",
    )
    consent_actions.withdraw_consent(consent, client_user)
    body = browsers[person].get(f"/api/contacts/{contact.pk}/consents").json()
    by_id = {c["id"]: c for c in body}
    assert set(by_id) == {consent.pk, paper.pk}
    assert by_id[consent.pk]["is_active"] is False
    assert by_id[consent.pk]["withdrawn_at"] is not None
    assert by_id[consent.pk]["given_via"] == "app"
    assert by_id[consent.pk]["recorded_by"]["name"] == "Maja"
    assert by_id[paper.pk]["organisation_name"] == "Hyresgästföreningen"
    assert (by_id[paper.pk]["given_via"], by_id[paper.pk]["is_active"]) == ("paper", True)


def test_the_ombud_opening_consents_is_in_who_looked(ombud_client, client_client, contact):
    ombud_client.get(f"/api/contacts/{contact.pk}/consents")
    client_client.get(f"/api/contacts/{contact.pk}/consents")
    entries = AuditEntry.objects.filter(contact=contact)
    assert [(e.actor, e.action, e.what) for e in entries] == [
        (contact.ombud, AuditEntry.Action.VIEWED_CONSENTS, "api")
    ]


# --- Giving, recording, withdrawing --------------------------------------------------


def test_client_gives_consent_having_understood(client_client, contact, client_user):
    response = client_client.post(
        f"/api/contacts/{contact.pk}/consents",
        {
            "organisation": "forsakringskassan",
            "covers": COVERS,
            "valid_until": "2099-12-31",
            "understood": True,
        },
        content_type=JSON,
    )
    assert response.status_code == 201
    body = response.json()
    consent = Consent.objects.get(pk=body["id"])
    assert (consent.contact, consent.organisation, consent.given_via, consent.recorded_by) == (
        contact,
        FK,
        Consent.Via.APP,
        client_user,
    )
    assert consent.valid_until == datetime.date(2099, 12, 31)
    assert (body["organisation_name"], body["valid_until"], body["is_active"]) == (
        "Försäkringskassan",
        "2099-12-31",
        True,
    )
    event = contact.events.first()
    assert (event.verb, event.object_id) == (Verb.GAVE_CONSENT, consent.pk)


@pytest.mark.parametrize("understood", [False, None])
def test_consent_without_the_tick_is_refused(understood, client_client, contact):
    data = {"organisation": "forsakringskassan", "covers": COVERS}
    if understood is not None:
        data["understood"] = understood
    response = client_client.post(f"/api/contacts/{contact.pk}/consents", data, content_type=JSON)
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Samtycket sparades inte. Rätta det som står nedan."
    assert body["errors"] == {
        "understood": ["Kryssa i rutan ”Jag förstår och säger ja” om du vill säga ja."]
    }
    assert not Consent.objects.exists()


def test_consent_errors_are_the_forms_in_swedish(client_client, contact):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = client_client.post(
        f"/api/contacts/{contact.pk}/consents",
        {
            "organisation": "other",
            "organisation_other": "",
            "covers": "",
            "valid_until": yesterday.isoformat(),
            "understood": True,
        },
        content_type=JSON,
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "covers": ["Fyll i det här fältet."],
        "valid_until": ["Den dagen har redan varit. Välj en senare dag, eller lämna rutan tom."],
        "organisation_other": ["Skriv vem det gäller."],
    }
    response = client_client.post(
        f"/api/contacts/{contact.pk}/consents",
        {"organisation": "nasa", "covers": COVERS, "valid_until": "31/12", "understood": True},
        content_type=JSON,
    )
    assert response.json()["errors"] == {
        "organisation": ["Välj vem det gäller."],
        "valid_until": ["Skriv dagen som år-månad-dag, till exempel 2026-12-31."],
    }
    assert not Consent.objects.exists()


def test_ombud_records_a_consent_signed_on_paper(ombud_client, contact, ombud):
    url = f"/api/contacts/{contact.pk}/consents/paper"
    data = {"organisation": "kronofogden", "covers": "skulderna"}
    response = ombud_client.post(url, data, content_type=JSON)
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "signed_on_paper": ["Kryssa i rutan när klienten har skrivit under samtycket på papper."]
    }
    assert not Consent.objects.exists()

    response = ombud_client.post(url, {**data, "signed_on_paper": True}, content_type=JSON)
    assert response.status_code == 201
    consent = Consent.objects.get(pk=response.json()["id"])
    assert (consent.given_via, consent.recorded_by, consent.organisation) == (
        Consent.Via.PAPER,
        ombud,
        Organisation.KRONOFOGDEN,
    )
    assert response.json()["recorded_by"]["name"] == "Anna"
    event = contact.events.first()
    assert (event.verb, event.actor) == (Verb.RECORDED_CONSENT, ombud)


def test_client_takes_a_consent_back_in_one_step(client_client, contact, consent):
    url = f"/api/consents/{consent.pk}/withdraw"
    response = client_client.post(url)
    assert response.status_code == 200
    assert response.json()["is_active"] is False
    consent.refresh_from_db()
    withdrawn_at = consent.withdrawn_at
    assert withdrawn_at is not None
    event = contact.events.first()
    assert (event.verb, event.object_id) == (Verb.WITHDREW_CONSENT, consent.pk)
    # A second tap changes nothing.
    contact.refresh_from_db()
    seq = contact.last_seq
    assert client_client.post(url).status_code == 200
    consent.refresh_from_db()
    contact.refresh_from_db()
    assert (consent.withdrawn_at, contact.last_seq) == (withdrawn_at, seq)


# --- CSRF and the schema -------------------------------------------------------------


def test_consent_writes_need_the_csrf_token(client_user, contact, consent, password):
    browser = Client(enforce_csrf_checks=True)
    browser.login(username=client_user.username, password=password)
    url = f"/api/consents/{consent.pk}/withdraw"
    assert browser.post(url).status_code == 403
    consent.refresh_from_db()
    assert consent.withdrawn_at is None
    browser.get("/min-plan/")  # any page sets the CSRF cookie
    token = browser.cookies["csrftoken"].value
    assert browser.post(url, HTTP_X_CSRFTOKEN=token).status_code == 200
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None


def test_the_schema_lists_the_consent_operations(client, schema_of):
    schema = client.get("/api/openapi.json").json()
    paths = schema["paths"]
    listing = paths["/api/contacts/{contact_id}/consents"]["get"]
    items = listing["responses"]["200"]["content"]["application/json"]["schema"]["items"]
    assert items["$ref"].endswith("/ConsentOut")
    give = paths["/api/contacts/{contact_id}/consents"]["post"]
    assert schema_of(give["requestBody"]["content"]) == "ConsentIn"
    assert schema_of(give["responses"]["201"]["content"]) == "ConsentOut"
    assert schema_of(give["responses"]["422"]["content"]) == "FormErrors"
    paper = paths["/api/contacts/{contact_id}/consents/paper"]["post"]
    assert schema_of(paper["requestBody"]["content"]) == "PaperConsentIn"
    assert schema_of(paper["responses"]["201"]["content"]) == "ConsentOut"
    withdraw = paths["/api/consents/{consent_id}/withdraw"]["post"]
    assert schema_of(withdraw["responses"]["200"]["content"]) == "ConsentOut"
    for operation in (listing, give, paper, withdraw):
        assert operation["tags"] == ["consents"] and operation["summary"]
    components = schema["components"]["schemas"]
    assert "understood" in components["ConsentIn"]["properties"]
    assert "signed_on_paper" in components["PaperConsentIn"]["properties"]
    assert "other" in components["ConsentIn"]["properties"]["organisation"]["enum"]
