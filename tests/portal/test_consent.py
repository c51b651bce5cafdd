"""Consent: the client gives it in the app, the ombud records one signed on paper, only the
client takes it back; which consents are in force; and the flag on a task whose
organisation has none."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal.actions import consent as actions
from portal.actions.plan import add_task, edit_task, set_task_done
from portal.models import Consent, ContactEvent, Organisation, Who
from portal.queries.consent import (
    active_consents,
    consent_lists,
    consented_organisations,
    organisation_named,
)
from portal.queries.plan import load_plan, task_rows

Verb = ContactEvent.Verb
FK = Organisation.FORSAKRINGSKASSAN


def _give(contact, client_user, organisation=FK, **fields):
    fields.setdefault("covers", "ansökan om aktivitetsersättning")
    return actions.give_consent(contact, client_user, organisation=organisation, **fields)


def _paper(contact, ombud, organisation=FK, **fields):
    fields.setdefault("covers", "ansökan om aktivitetsersättning")
    return actions.record_paper_consent(contact, ombud, organisation=organisation, **fields)


# Giving and recording


def test_client_gives_consent_in_the_app_and_the_change_is_recorded(contact, client_user):
    consent = _give(contact, client_user, valid_until=datetime.date(2099, 12, 31))
    assert consent.given_via == Consent.Via.APP
    assert consent.recorded_by == client_user
    assert consent.is_active
    event = contact.events.first()
    assert (event.verb, event.subject, event.actor) == (
        Verb.GAVE_CONSENT,
        "Försäkringskassan",
        client_user,
    )
    assert (event.object_kind, event.object_id) == ("consent", consent.pk)


def test_ombud_records_a_consent_signed_on_paper(contact, ombud):
    consent = _paper(contact, ombud)
    assert consent.given_via == Consent.Via.PAPER
    assert consent.recorded_by == ombud
    event = contact.events.first()
    assert (event.verb, event.actor, event.object_kind) == (Verb.RECORDED_CONSENT, ombud, "consent")


def test_only_the_client_gives_consent_in_the_app(contact, ombud, other_client_user):
    for outsider in (ombud, other_client_user):
        with pytest.raises(PermissionDenied):
            _give(contact, outsider)
    assert not Consent.objects.exists()
    assert not contact.events.exists()


def test_only_the_contacts_ombud_records_a_paper_consent(
    contact, client_user, other_ombud, coordinator
):
    for outsider in (client_user, other_ombud, coordinator):
        with pytest.raises(PermissionDenied):
            _paper(contact, outsider)
    assert not Consent.objects.exists()


def test_other_organisation_keeps_its_name_and_others_drop_it(contact, client_user):
    other = _give(
        contact, client_user, Organisation.OTHER, organisation_other=" Hyresgästföreningen "
    )
    assert other.organisation_name == "Hyresgästföreningen"
    assert contact.events.first().subject == "Hyresgästföreningen"
    named = _give(contact, client_user, organisation_other="Struntar i det")
    assert named.organisation_other == ""


def test_a_consent_needs_an_organisation_and_what_it_covers(contact, client_user):
    with pytest.raises(ValueError):
        _give(contact, client_user, "nasa")
    with pytest.raises(ValueError):
        _give(contact, client_user, Organisation.OTHER)
    with pytest.raises(ValueError):
        _give(contact, client_user, covers="   ")
    assert not Consent.objects.exists()


# Taking it back


def test_client_takes_a_consent_back_in_one_step_and_the_row_is_kept(contact, client_user, ombud):
    consent = _paper(contact, ombud)
    actions.withdraw_consent(consent, client_user)
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert not consent.is_active
    event = contact.events.first()
    assert (event.verb, event.subject, event.actor, event.object_id) == (
        Verb.WITHDREW_CONSENT,
        "Försäkringskassan",
        client_user,
        consent.pk,
    )


def test_taking_it_back_twice_changes_nothing_the_second_time(contact, client_user):
    consent = _give(contact, client_user)
    actions.withdraw_consent(consent, client_user)
    first = Consent.objects.get().withdrawn_at
    actions.withdraw_consent(consent, client_user)
    assert Consent.objects.get().withdrawn_at == first
    assert contact.events.filter(verb=Verb.WITHDREW_CONSENT).count() == 1


def test_only_the_client_takes_a_consent_back(contact, client_user, ombud, other_client_user):
    consent = _give(contact, client_user)
    for outsider in (ombud, other_client_user):
        with pytest.raises(PermissionDenied):
            actions.withdraw_consent(consent, outsider)
    assert Consent.objects.get().withdrawn_at is None


# Events: giving, recording and taking back each publish the contact's next number


def test_each_consent_change_publishes_the_contacts_next_number_once(
    contact, client_user, ombud, published, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        given = _give(contact, client_user)
        _paper(contact, ombud, Organisation.KRONOFOGDEN)
        actions.withdraw_consent(given, client_user)
        actions.withdraw_consent(given, client_user)  # already taken back: nothing sent
    group = f"contact-{contact.pk}"
    assert published == [
        (group, {"type": "contact.changed", "contact": contact.pk, "seq": 1}),
        (group, {"type": "contact.changed", "contact": contact.pk, "seq": 2}),
        (group, {"type": "contact.changed", "contact": contact.pk, "seq": 3}),
    ]


# In force or not


def test_active_expired_and_withdrawn(contact, client_user, ombud):
    today = timezone.localdate()
    open_ended = _give(contact, client_user)
    last_day_today = _give(contact, client_user, Organisation.KRONOFOGDEN, valid_until=today)
    expired = _paper(contact, ombud, Organisation.PSYKIATRIN)
    Consent.objects.filter(pk=expired.pk).update(valid_until=today - datetime.timedelta(days=1))
    withdrawn = _give(contact, client_user, Organisation.VARDCENTRAL)
    actions.withdraw_consent(withdrawn, client_user)

    assert set(active_consents(contact)) == {open_ended, last_day_today}
    assert consented_organisations(contact) == {FK, Organisation.KRONOFOGDEN}
    lists = consent_lists(contact)
    assert {c.pk for c in lists["active_consents"]} == {open_ended.pk, last_day_today.pk}
    assert {c.pk for c in lists["ended_consents"]} == {expired.pk, withdrawn.pk}


def test_one_contacts_consent_does_not_count_for_another(
    contact, client_user, other_contact, other_client_user
):
    _give(contact, client_user)
    assert consented_organisations(other_contact) == set()


# The task's organisation


def test_a_task_keeps_the_organisation_it_involves(assignment, ombud):
    task = add_task(assignment, ombud, what="Ring om beslutet", who=Who.OMBUD, organisation=FK)
    assert task.organisation == FK


def test_the_organisation_is_filled_in_when_it_does_the_task_by_name(assignment, ombud):
    task = add_task(
        assignment, ombud, what="Skicka beslut", who=Who.OTHER, who_other="försäkringskassan"
    )
    assert task.organisation == FK
    edit_task(task, ombud, what="Skicka beslut", who=Who.OTHER, who_other="Kronofogdemyndigheten")
    task.refresh_from_db()
    assert task.organisation == Organisation.KRONOFOGDEN


def test_a_name_that_is_no_known_organisation_fills_in_nothing(assignment, ombud):
    task = add_task(assignment, ombud, what="Ringa", who=Who.OTHER, who_other="Mamma")
    assert task.organisation == ""
    task = add_task(assignment, ombud, what="Ringa", who=Who.CLIENT, who_other="Försäkringskassan")
    assert task.organisation == ""


def test_a_chosen_organisation_wins_over_the_name(assignment, ombud):
    task = add_task(
        assignment,
        ombud,
        what="Ringa",
        who=Who.OTHER,
        who_other="Försäkringskassan",
        organisation=Organisation.SOCIALTJANSTEN,
    )
    assert task.organisation == Organisation.SOCIALTJANSTEN


def test_organisation_named_knows_labels_and_common_names():
    assert organisation_named("  Försäkringskassan ") == FK
    assert organisation_named("VÅRDCENTRALEN") == Organisation.VARDCENTRAL
    assert organisation_named("socialtjänst") == Organisation.SOCIALTJANSTEN
    assert organisation_named("Annan") == ""
    assert organisation_named("") == ""


# The flag


def test_a_task_is_flagged_when_its_organisation_has_no_consent_in_force(
    contact, assignment, ombud, client_user
):
    task = add_task(assignment, ombud, what="Ring FK", who=Who.OMBUD, organisation=FK)
    plain = add_task(assignment, ombud, what="Handla", who=Who.CLIENT)
    task_rows(contact, [task, plain])
    assert task.consent_missing and task.organisation_name == "Försäkringskassan"
    assert not plain.consent_missing

    consent = _give(contact, client_user)
    task_rows(contact, [task])
    assert not task.consent_missing

    actions.withdraw_consent(consent, client_user)
    task_rows(contact, [task])
    assert task.consent_missing


def test_a_done_task_is_not_flagged(contact, assignment, ombud):
    task = add_task(assignment, ombud, what="Ring FK", who=Who.OMBUD, organisation=FK)
    set_task_done(task, ombud, done=True)
    task.refresh_from_db()
    task_rows(contact, [task], consented=set())
    assert not task.consent_missing


def test_load_plan_flags_every_task_from_one_look_at_the_consents(
    contact, assignment, ombud, client_user
):
    flagged = add_task(
        assignment, ombud, what="Ring KFM", who=Who.OMBUD, organisation="kronofogden"
    )
    covered = add_task(assignment, ombud, what="Ring FK", who=Who.OMBUD, organisation=FK)
    _give(contact, client_user)
    plan = load_plan(contact)
    tasks = {t.pk: t for a in plan["assignments"] for t in a.tasks.all()}
    assert tasks[flagged.pk].consent_missing
    assert not tasks[covered.pk].consent_missing
    assert plan["consented"] == {FK}


def _plan_queries(browser, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert browser.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("side", ["ombud", "client"])
def test_plan_pages_need_the_same_queries_however_many_consents_and_flags(
    side, contact, assignment, ombud, client_user, ombud_client, client_client
):
    browser, url = (
        (ombud_client, reverse("ombud_plan", args=[contact.pk]))
        if side == "ombud"
        else (client_client, reverse("client_plan"))
    )
    organisations = [o for o in Organisation.values if o != Organisation.OTHER]
    add_task(assignment, ombud, what="Ring", who=Who.OMBUD, organisation=organisations[0])
    _give(contact, client_user, organisations[1])
    small = _plan_queries(browser, url)
    for n, organisation in enumerate(organisations):
        add_task(assignment, ombud, what=f"Ring {n}", who=Who.OMBUD, organisation=organisation)
        if n % 2:
            _paper(contact, ombud, organisation)
        else:
            actions.withdraw_consent(_give(contact, client_user, organisation), client_user)
    assert _plan_queries(browser, url) == small
