"""The messaging actions: what sending and reading publish, after commit, to the contact's
group. Only numbers travel; the consumer reads the message from the database."""

import uuid

from portal.actions.messaging import mark_read, send_message


def test_a_message_publishes_the_contacts_next_number_and_its_retry_nothing(
    contact, ombud, client_user, published, django_capture_on_commit_callbacks
):
    once = uuid.uuid4()
    with django_capture_on_commit_callbacks(execute=True):
        send_message(contact, ombud, text="Hej Maja", client_uuid=once)
        send_message(contact, ombud, text="Hej Maja", client_uuid=once)  # the phone retried
        send_message(contact, client_user, text="Hej Anna", client_uuid=uuid.uuid4())
    group = f"contact-{contact.pk}"
    assert published == [
        (group, {"type": "contact.changed", "contact": contact.pk, "seq": 1}),
        (group, {"type": "contact.changed", "contact": contact.pk, "seq": 2}),
    ]


def test_reading_publishes_the_contacts_next_number_only_when_something_was_unread(
    contact, ombud, client_user, published, django_capture_on_commit_callbacks
):
    send_message(contact, ombud, text="Hej Maja", client_uuid=uuid.uuid4())  # change 1
    with django_capture_on_commit_callbacks(execute=True):
        assert mark_read(contact, client_user) == 1
        assert mark_read(contact, client_user) == 0
        assert mark_read(contact, ombud) == 0  # Anna's own message is not hers to read
    assert published == [
        (f"contact-{contact.pk}", {"type": "contact.changed", "contact": contact.pk, "seq": 2})
    ]
