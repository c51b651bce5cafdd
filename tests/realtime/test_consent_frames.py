"""Consent changes live: the consent list on both phones, and on the ombud's plan the
rows of the tasks that involve the organisation, flagged or not."""

from portal.actions.consent import give_consent, record_paper_consent, withdraw_consent
from portal.actions.plan import add_task, edit_task
from portal.models import Organisation, Who
from realtime.frames import render_event

FK = Organisation.FORSAKRINGSKASSAN
PLAN = {"assignment-list", "meeting-list", "comment-list", "change-list", "phase", "consent-list"}


def _withdrawn(contact, client_user, ombud, assignment):
    task = add_task(assignment, ombud, what="Ring om beslutet", who=Who.OMBUD, organisation=FK)
    consent = record_paper_consent(contact, ombud, organisation=FK, covers="aktivitetsersättning")
    withdraw_consent(consent, client_user)
    return task, contact.events.first()


def test_the_ombuds_plan_gets_the_list_and_the_flagged_row(contact, client_user, ombud, assignment):
    task, event = _withdrawn(contact, client_user, ombud, assignment)
    html = render_event(event, ombud, on_page=True, parts=PLAN)
    assert 'id="consent-list" class="consent-list" hx-swap-oob="true"' in html
    assert f'hx-swap-oob="outerHTML:#task-{task.pk}:not(.editing)"' in html
    assert "Samtycke saknas för Försäkringskassan." in html
    assert "Maja tog tillbaka samtycket för ”Försäkringskassan”." in html


def test_a_consent_given_clears_the_flag_live(contact, client_user, ombud, assignment):
    task = add_task(assignment, ombud, what="Ring om beslutet", who=Who.OMBUD, organisation=FK)
    give_consent(contact, client_user, organisation=FK, covers="aktivitetsersättning")
    html = render_event(contact.events.first(), ombud, on_page=True, parts=PLAN)
    assert f"#task-{task.pk}" in html
    assert "Samtycke saknas" not in html


def test_the_clients_consent_page_gets_the_list_but_never_a_flag(
    contact, client_user, ombud, assignment
):
    _, event = _withdrawn(contact, client_user, ombud, assignment)
    html = render_event(event, client_user, on_page=True, parts={"consent-list"})
    assert 'id="consent-list"' in html
    assert "Anna får inte längre prata med Försäkringskassan om dig." in html
    assert "Samtycke saknas" not in html and "#task-" not in html


def test_a_page_without_the_list_gets_none_of_it(contact, client_user, ombud, assignment):
    _, event = _withdrawn(contact, client_user, ombud, assignment)
    html = render_event(event, client_user, on_page=True, parts={"assignment-list", "next"})
    assert "consent-list" not in html


def test_the_ombuds_consent_page_gets_no_task_rows(contact, client_user, ombud, assignment):
    _, event = _withdrawn(contact, client_user, ombud, assignment)
    html = render_event(event, ombud, on_page=True, parts={"consent-list"})
    assert 'id="consent-list"' in html
    assert "#task-" not in html


def test_a_changed_task_keeps_its_flag_when_it_arrives_live(contact, ombud, assignment):
    task = add_task(assignment, ombud, what="Ring om beslutet", who=Who.OMBUD, organisation=FK)
    edit_task(task, ombud, what="Ring om beslutet i dag", who=Who.OMBUD, organisation=FK)
    html = render_event(contact.events.first(), ombud, on_page=True, parts=PLAN)
    assert "Ring om beslutet i dag" in html
    assert "Samtycke saknas för Försäkringskassan." in html
