"""The client shaping the plan, live on the other phone (issue 11): a task the client
wrote appears on the ombud's plan with "Maja skrev", a new order replaces the list (never
over someone editing in it), "together" counts as the client's."""

from portal.actions import plan as actions
from portal.models import Who
from realtime.frames import render_event

PLAN = {"assignment-list", "meeting-list", "comment-list", "change-list", "phase", "consent-list"}
MIN_PLAN = {"assignment-list", "comment-list", "change-list", "next"}


def test_the_clients_new_task_appears_on_the_ombuds_plan_with_who_wrote_it(
    contact, assignment, client_user, ombud
):
    task = actions.add_task(assignment, client_user, what="Ringa mamma", who=Who.CLIENT)
    html = render_event(contact.events.first(), ombud, on_page=True, parts=PLAN)
    assert f'hx-swap-oob="beforeend:#tasks-{assignment.pk}"' in html
    assert f'id="task-{task.pk}"' in html
    assert "Maja skrev" in html
    assert "Maja lade till uppgiften ”Ringa mamma”." in html


def test_the_clients_new_assignment_arrives_with_the_ombuds_quick_add(contact, client_user, ombud):
    assignment = actions.add_assignment(contact, client_user, title="Simma")
    html = render_event(contact.events.first(), ombud, on_page=True, parts=PLAN)
    assert 'hx-swap-oob="beforeend:#assignment-list"' in html
    assert f'action="/ombud/uppdrag/{assignment.pk}/uppgift/"' in html
    assert "Maja skrev" in html


def test_a_new_order_replaces_the_list_unless_someone_edits_in_it(
    contact, assignment, client_user, ombud
):
    first = actions.add_assignment(contact, client_user, title="Simma")
    actions.move_assignment(first, client_user, to="top")
    html = render_event(contact.events.first(), ombud, on_page=True, parts=PLAN)
    assert 'hx-swap-oob="outerHTML:#assignment-list:not(:has(.editing))"' in html
    assert html.index("Simma") < html.index("Få ordning på min ekonomi")
    assert "Maja satte överst, som det viktigaste nu: ”Simma”." in html
    # Anna's own forms in the list, not Maja's.
    assert f'action="/ombud/uppdrag/{first.pk}/flytta/"' in html


def test_the_ombud_marking_the_clients_task_together_reaches_her_with_the_new_count(
    contact, assignment, client_user, ombud
):
    task = actions.add_task(assignment, client_user, what="Ringa mamma", who=Who.OMBUD)
    actions.edit_task(task, ombud, who=Who.TOGETHER)
    html = render_event(contact.events.first(), client_user, on_page=True, parts=MIN_PLAN)
    assert f'hx-swap-oob="outerHTML:#task-{task.pk}:not(.editing)"' in html
    assert "Du och Anna (ditt ombud)" in html and "Du skrev" in html
    assert "Du har 1 sak kvar att göra." in html
    assert 'href="/min-plan/uppgift/' in html  # her own: she may still change it


def test_a_removed_assignment_leaves_both_pages(contact, client_user, ombud):
    mine = actions.add_assignment(contact, client_user, title="Simma")
    pk = mine.pk
    actions.remove_assignment(mine, client_user)
    html = render_event(contact.events.first(), ombud, on_page=True, parts=PLAN)
    assert f'hx-swap-oob="delete:#assignment-{pk}"' in html
    assert "Maja tog bort uppdraget ”Simma”." in html
