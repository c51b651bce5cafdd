""" "Du har ett brev att svara på snart": a week and two days before a letter's deadline,
each once, content-free, and never for a letter whose tasks are done."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from portal.management.commands.send_letter_reminders import requeue_stuck, send_reminders
from portal.models import Letter, TaskStatus
from portal.push import payload


@pytest.fixture
def pushed(monkeypatch):
    sent = []
    monkeypatch.setattr(
        "portal.management.commands.send_letter_reminders.notify",
        lambda user, kind: sent.append((user.username, kind)),
    )
    return sent


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


DEADLINE = datetime.date(2026, 11, 24)


def test_a_week_before_and_two_days_before_each_once(contact, client_user, letter_read, pushed):
    letter = letter_read(contact, client_user)
    assert letter.deadline == DEADLINE
    assert send_reminders(_at(DEADLINE - datetime.timedelta(days=8))) == 0
    assert send_reminders(_at(DEADLINE - datetime.timedelta(days=7))) == 1
    assert send_reminders(_at(DEADLINE - datetime.timedelta(days=6))) == 0  # once
    assert send_reminders(_at(DEADLINE - datetime.timedelta(days=2))) == 1
    assert send_reminders(_at(DEADLINE - datetime.timedelta(days=1))) == 0
    assert pushed == [("maja", "letter_deadline"), ("maja", "letter_deadline")]


def test_a_letter_added_late_gets_only_the_reminder_that_fits(
    contact, client_user, letter_read, pushed
):
    letter_read(contact, client_user)
    assert send_reminders(_at(DEADLINE - datetime.timedelta(days=1))) == 1
    assert send_reminders(_at(DEADLINE - datetime.timedelta(days=1), 15)) == 0
    letter = Letter.objects.get()
    assert letter.reminded_week_at and letter.reminded_two_days_at


def test_no_reminder_when_the_letters_tasks_are_done(
    client_client, contact, client_user, letter_read, pushed
):
    letter = letter_read(contact, client_user)
    from portal.actions.letters import add_letter_tasks

    add_letter_tasks(
        letter,
        client_user,
        tasks=[{"what": "Överklaga", "who": "client", "due": DEADLINE}],
        new_assignment_title="Brev",
    )
    letter.tasks.update(status=TaskStatus.DONE)
    assert send_reminders(_at(DEADLINE - datetime.timedelta(days=2))) == 0


def test_the_push_says_nothing_about_the_letter(client_user):
    body = payload(client_user, "letter_deadline")
    assert '"body": "Du har ett brev att svara på snart"' in body
    assert "Försäkringskassan" not in body


def test_the_command_keeps_to_daytime_and_requeues_a_lost_reading(
    contact, client_user, letter_read, pushed
):
    from django_tasks_db.models import DBTaskResult

    letter_read(contact, client_user)
    stuck = Letter.objects.create(contact=contact, added_by=client_user)
    Letter.objects.filter(pk=stuck.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=1)
    )
    before = DBTaskResult.objects.count()
    out = io.StringIO()
    call_command("send_letter_reminders", "--from-hour", "0", "--until-hour", "1", stdout=out)
    assert DBTaskResult.objects.count() == before + 1
    assert requeue_stuck() == 1  # still reading until a worker runs it
