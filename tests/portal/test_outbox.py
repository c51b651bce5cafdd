"""The outbox API: what a phone queued offline is applied exactly once, however it retries."""

import uuid
from unittest import mock

from django.db import IntegrityError
from django.test import Client

from portal.actions import outbox
from portal.actions.messaging import send_message
from portal.models import ContactEvent, Message, OutboxReceipt, TaskStatus


def _send(browser, items):
    return browser.post("/api/outbox", {"items": items}, content_type="application/json")


def _message(contact, text="Skrivet i tunnelbanan", item_id=None):
    return {
        "id": str(item_id or uuid.uuid4()),
        "kind": "message",
        "contact": contact.pk,
        "text": text,
    }


def test_a_queued_message_is_stored(client_client, contact):
    item = _message(contact)
    response = _send(client_client, [item])
    assert response.status_code == 200
    assert response.json() == {"applied": [item["id"]], "refused": []}
    assert Message.objects.get().text == "Skrivet i tunnelbanan"


def test_repeated_retries_store_the_message_once(client_client, contact):
    item = _message(contact)
    for _ in range(3):
        assert _send(client_client, [item]).json()["applied"] == [item["id"]]
    assert Message.objects.count() == 1
    assert contact.events.filter(verb=ContactEvent.Verb.SENT_MESSAGE).count() == 1


def test_a_queued_tick_is_applied_once(client_client, contact, task):
    item = {"id": str(uuid.uuid4()), "kind": "task_done", "contact": contact.pk, "task": task.pk}
    _send(client_client, [item])
    _send(client_client, [item])
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    assert OutboxReceipt.objects.count() == 1
    assert contact.events.filter(verb=ContactEvent.Verb.DONE_TASK).count() == 1


def test_items_are_applied_in_order_and_a_bad_one_does_not_stop_the_rest(
    client_client, contact, other_contact
):
    items = [
        _message(contact, "Ett"),
        _message(other_contact, "Inte min kontakt"),
        _message(contact, "   "),
        _message(contact, "Två"),
    ]
    body = _send(client_client, items).json()
    assert body["applied"] == [items[0]["id"], items[3]["id"]]
    reasons = {r["id"]: r["reason"] for r in body["refused"]}
    assert reasons == {
        items[1]["id"]: "Det här finns inte längre.",
        items[2]["id"]: "Meddelandet är tomt.",
    }
    assert list(Message.objects.values_list("text", flat=True)) == ["Ett", "Två"]


def test_the_client_ticks_the_ombuds_task_from_the_outbox_too(
    client_client, contact, assignment, ombud
):
    """Either party may tick any task (issue 11); the outbox follows the same rule."""
    from portal.actions.plan import add_task

    task = add_task(assignment, ombud, what="Ringa FK", who="ombud")
    item = {"id": str(uuid.uuid4()), "kind": "task_done", "contact": contact.pk, "task": task.pk}
    body = _send(client_client, [item]).json()
    assert body["refused"] == []
    task.refresh_from_db()
    assert task.is_done


def test_the_outbox_needs_a_session_and_the_csrf_token(contact, client_user, password):
    assert _send(Client(), [_message(contact)]).status_code == 401
    browser = Client(enforce_csrf_checks=True)
    browser.login(username=client_user.username, password=password)
    assert _send(browser, [_message(contact)]).status_code == 403
    assert not Message.objects.exists()


def test_a_retry_that_loses_the_race_returns_the_stored_message(contact, client_user):
    """Two retries can both pass the "already stored?" check; the database's unique
    constraint stops the second, which then answers with the first one's message.
    (Truly concurrent retries run against PostgreSQL in tests/production/.)"""
    item_id = uuid.uuid4()
    first, created = send_message(contact, client_user, text="Hej", client_uuid=item_id)
    assert created
    with mock.patch("portal.actions.messaging.Message.objects.filter") as check:
        check.return_value.first.return_value = None  # as if the first had not committed yet
        again, created = send_message(contact, client_user, text="Hej", client_uuid=item_id)
    assert (again, created) == (first, False)
    assert Message.objects.count() == 1


def test_a_tick_that_loses_the_race_changes_nothing(contact, client_user):
    task = _client_task(contact)
    item = outbox.Item(id=uuid.uuid4(), kind="task_done", contact=contact, task=task)
    outbox.apply(item, client_user)
    with mock.patch(
        "portal.actions.outbox.OutboxReceipt.objects.get_or_create", side_effect=IntegrityError
    ):
        outbox.apply(item, client_user)
    assert contact.events.filter(verb=ContactEvent.Verb.DONE_TASK).count() == 1


def _client_task(contact):
    from portal.actions.plan import add_assignment, add_task

    assignment = add_assignment(contact, contact.ombud, title="Ekonomi", life_area="economy")
    return add_task(assignment, contact.ombud, what="Öppna posten", who="client")
