"""The consent pages: the client reads, ticks and confirms, or takes one back in one step;
the ombud records a consent signed on paper and sees which tasks lack one. Nobody else
gets near them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.actions.consent import give_consent, record_paper_consent
from portal.actions.plan import add_task
from portal.models import Consent, Organisation, Task, Who

HTMX = {"HTTP_HX_REQUEST": "true"}
FK = Organisation.FORSAKRINGSKASSAN
COVERS = "ansökan om aktivitetsersättning"


@pytest.fixture
def consent(contact, client_user):
    return give_consent(contact, client_user, organisation=FK, covers=COVERS)


def _give_data(**overrides) -> dict:
    return {"organisation": FK, "covers": COVERS, "valid_until": "", "confirm": "on", **overrides}


# The client's page


def test_mer_links_to_the_consents(client_client):
    body = client_client.get(reverse("client_more")).content.decode()
    assert reverse("client_consents") in body


def test_client_reads_each_consent_in_plain_words(client_client, contact, client_user, ombud):
    give_consent(
        contact,
        client_user,
        organisation=FK,
        covers=COVERS,
        valid_until=datetime.date(2099, 12, 31),
    )
    record_paper_consent(contact, ombud, organisation="kronofogden", covers="min skuld")
    body = client_client.get(reverse("client_consents")).content.decode()
    assert f"Anna får prata med Försäkringskassan om: {COVERS}" in body
    assert "Gäller till och med torsdag 31 december 2099." in body
    assert "Du sa ja i appen i dag." in body
    assert "Anna får prata med Kronofogden om: min skuld" in body
    assert "Gäller tills du tar tillbaka det." in body
    assert "Du sa ja på papper. Anna (ditt ombud) skrev in det i dag." in body


def test_client_gives_a_consent_by_ticking_and_confirming(client_client, contact):
    response = client_client.post(reverse("client_consents"), _give_data())
    assert response.status_code == 302
    assert response.url.startswith(reverse("client_consents"))
    consent = Consent.objects.get()
    assert (consent.contact, consent.organisation, consent.covers) == (contact, FK, COVERS)
    assert consent.given_via == Consent.Via.APP
    body = client_client.get(response.url).content.decode()
    assert "Tack. Nu får Anna prata med Försäkringskassan om det du skrev." in body


def test_with_htmx_the_section_comes_back_with_the_new_consent(client_client):
    response = client_client.post(reverse("client_consents"), _give_data(), **HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="consents"' in body and 'id="consent-list"' in body
    assert f"Anna får prata med Försäkringskassan om: {COVERS}" in body
    assert "Tack. Nu får Anna prata med Försäkringskassan" in body


@pytest.mark.parametrize("htmx", [True, False])
def test_without_the_tick_nothing_is_saved_and_what_was_typed_stays(client_client, htmx):
    data = _give_data(confirm="", covers="mitt bostadstillägg", valid_until="2099-06-30")
    response = client_client.post(reverse("client_consents"), data, **(HTMX if htmx else {}))
    assert response.status_code == 422
    body = response.content.decode()
    assert "Kryssa i rutan ”Jag förstår och säger ja” om du vill säga ja." in body
    assert "mitt bostadstillägg" in body
    assert 'value="2099-06-30"' in body
    assert f'<option value="{FK}" selected>' in body
    assert not Consent.objects.exists()


def test_a_last_day_that_has_passed_is_refused_in_plain_words(client_client):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = client_client.post(
        reverse("client_consents"), _give_data(valid_until=yesterday.isoformat()), **HTMX
    )
    assert response.status_code == 422
    assert "Den dagen har redan varit." in response.content.decode()
    assert not Consent.objects.exists()


def test_another_organisation_needs_its_name(client_client):
    response = client_client.post(
        reverse("client_consents"), _give_data(organisation="other"), **HTMX
    )
    assert response.status_code == 422
    assert "Skriv vem det gäller." in response.content.decode()


def test_client_takes_a_consent_back_in_one_step(client_client, consent):
    url = reverse("client_consent_withdraw", args=[consent.pk])
    response = client_client.post(url, **HTMX)
    assert response.status_code == 200
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    body = response.content.decode()
    assert (
        "Du har tagit tillbaka samtycket. Anna får inte längre prata med Försäkringskassan om dig."
        in body
    )
    assert 'id="consent-list"' in body
    assert "Taget tillbaka" in body
    assert url not in body  # no second "Ta tillbaka" on it


def test_taking_back_works_without_javascript_too(client_client, consent):
    response = client_client.post(reverse("client_consent_withdraw", args=[consent.pk]))
    assert response.status_code == 302
    body = client_client.get(response.url).content.decode()
    assert (
        "Du har tagit tillbaka samtycket. Anna får inte längre prata med Försäkringskassan om dig."
        in body
    )
    assert "Du tog tillbaka det i dag." in body


def test_taking_back_is_a_post(client_client, consent):
    response = client_client.get(reverse("client_consent_withdraw", args=[consent.pk]))
    assert response.status_code == 405
    consent.refresh_from_db()
    assert consent.withdrawn_at is None


# The ombud's side


def test_ombud_records_a_consent_signed_on_paper(ombud_client, contact, ombud):
    data = _give_data(organisation="kronofogden", covers="avbetalningsplan")
    response = ombud_client.post(reverse("ombud_consents", args=[contact.pk]), data)
    assert response.status_code == 302
    assert response.url == reverse("ombud_plan", args=[contact.pk]) + "#consents"
    consent = Consent.objects.get()
    assert (consent.given_via, consent.recorded_by, consent.organisation) == (
        Consent.Via.PAPER,
        ombud,
        Organisation.KRONOFOGDEN,
    )


def test_a_paper_consent_needs_the_tick_that_it_is_signed(ombud_client, contact):
    url = reverse("ombud_consents", args=[contact.pk])
    response = ombud_client.post(url, _give_data(confirm=""), **HTMX)
    assert response.status_code == 422
    body = response.content.decode()
    assert "Kryssa i rutan när klienten har skrivit under samtycket på papper." in body
    assert COVERS in body
    assert not Consent.objects.exists()


def test_the_ombuds_consent_page_chooses_the_organisation_from_the_link(ombud_client, contact):
    url = reverse("ombud_consents", args=[contact.pk]) + "?organisation=kronofogden"
    body = ombud_client.get(url).content.decode()
    assert '<option value="kronofogden" selected>' in body
    assert "Maja har skrivit under samtycket på papper" in body


def test_the_ombud_sees_the_consents_on_the_plan(ombud_client, contact, consent):
    body = ombud_client.get(reverse("ombud_plan", args=[contact.pk])).content.decode()
    assert 'id="consent-list"' in body
    assert f"Om: {COVERS}" in body
    assert "Maja sa ja i appen i dag." in body


def test_the_ombuds_task_row_flags_a_missing_consent_and_links_to_record_it(
    ombud_client, client_client, contact, assignment, ombud
):
    task = add_task(assignment, ombud, what="Ring om beslutet", who=Who.OMBUD, organisation=FK)
    body = ombud_client.get(reverse("ombud_plan", args=[contact.pk])).content.decode()
    assert "Samtycke saknas för Försäkringskassan." in body
    link = reverse("ombud_consents", args=[contact.pk]) + f"?organisation={FK}#consent-add"
    assert link in body
    client_body = client_client.get(reverse("client_plan")).content.decode()
    assert "Ring om beslutet" in client_body
    assert "Samtycke saknas" not in client_body
    assert task.organisation == FK


def test_no_flag_when_the_consent_is_in_force(ombud_client, contact, assignment, ombud, consent):
    add_task(assignment, ombud, what="Ring om beslutet", who=Who.OMBUD, organisation=FK)
    body = ombud_client.get(reverse("ombud_plan", args=[contact.pk])).content.decode()
    assert "Samtycke saknas" not in body


def test_the_task_form_asks_which_organisation_and_saves_it(ombud_client, assignment):
    body = ombud_client.get(reverse("ombud_plan", args=[assignment.contact_id])).content.decode()
    assert "Vilken organisation gäller det? (valfritt)" in body
    response = ombud_client.post(
        reverse("ombud_task_add", args=[assignment.pk]),
        {"what": "Ring KFM", "who": "ombud", "organisation": "kronofogden"},
    )
    assert response.status_code == 302
    assert Task.objects.get(what="Ring KFM").organisation == Organisation.KRONOFOGDEN


def test_editing_a_task_keeps_its_organisation_and_its_flag(ombud_client, assignment, ombud):
    task = add_task(assignment, ombud, what="Ring FK", who=Who.OMBUD, organisation=FK)
    url = reverse("ombud_task_edit", args=[task.pk])
    assert f'<option value="{FK}" selected>' in ombud_client.get(url, **HTMX).content.decode()
    response = ombud_client.post(
        url, {"what": "Ring FK i dag", "who": "ombud", "organisation": FK}, **HTMX
    )
    assert "Samtycke saknas för Försäkringskassan." in response.content.decode()
    response = ombud_client.post(reverse("ombud_task_done", args=[task.pk]), {"done": "0"}, **HTMX)
    assert "Samtycke saknas för Försäkringskassan." in response.content.decode()


# Who may


def _client_pages(consent):
    return [
        ("get", reverse("client_consents"), {}),
        ("post", reverse("client_consents"), _give_data()),
        ("post", reverse("client_consent_withdraw", args=[consent.pk]), {}),
    ]


def test_another_client_cannot_take_back_majas_consent(other_client_client, consent):
    url = reverse("client_consent_withdraw", args=[consent.pk])
    assert other_client_client.post(url).status_code == 404
    consent.refresh_from_db()
    assert consent.withdrawn_at is None


def test_another_client_sees_only_their_own_consents(other_client_client, consent):
    body = other_client_client.get(reverse("client_consents")).content.decode()
    assert COVERS not in body


@pytest.mark.parametrize("who", ["ombud", "other_ombud", "coordinator"])
def test_nobody_but_the_client_uses_the_clients_consent_pages(request, who, consent):
    browser = request.getfixturevalue(f"{who}_client")
    for method, url, data in _client_pages(consent):
        assert getattr(browser, method)(url, data).status_code == 404, url
    consent.refresh_from_db()
    assert consent.withdrawn_at is None
    assert Consent.objects.count() == 1


@pytest.mark.parametrize("who", ["client", "other_ombud", "other_client", "coordinator"])
def test_nobody_but_the_ombud_uses_the_ombuds_consent_page(request, who, contact, consent):
    browser = request.getfixturevalue(f"{who}_client")
    url = reverse("ombud_consents", args=[contact.pk])
    assert browser.get(url).status_code == 404
    assert browser.post(url, _give_data()).status_code == 404
    assert Consent.objects.count() == 1


def test_the_coordinator_never_sees_a_consent(coordinator_client, consent):
    body = coordinator_client.get(reverse("coordinator_home")).content.decode()
    assert COVERS not in body
    assert "Samtycke" not in body
