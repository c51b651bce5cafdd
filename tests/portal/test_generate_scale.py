"""manage.py generate_scale: data shaped like the actions write it, so the benchmarks
measure what real use would."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import models, transaction
from django.db.models import Count, Max
from django.test import Client
from django.urls import reverse

from portal.models import (
    Consent,
    Contact,
    ContactEvent,
    Intake,
    Message,
    Operation,
    StatisticsRecord,
    SystemFailure,
    User,
    WorkingNote,
)


def _generate(**sizes) -> Operation:
    call_command("generate_scale", stdout=io.StringIO(), **sizes)
    return Operation.objects.get(name="Skalprov (genererad)")


def test_it_makes_what_was_asked_for(db):
    operation = _generate(ombud=3, clients=12, messages=240)
    assert User.objects.filter(operation=operation, role="ombud").count() == 3
    contacts = Contact.objects.filter(operation=operation)
    assert contacts.count() == 12
    assert Message.objects.filter(contact__operation=operation).count() == 240
    assert all(c.intake and c.ombud_periods.count() == 1 for c in contacts)
    waiting = Intake.objects.filter(operation=operation, status=Intake.Status.WAITING)
    assert waiting.count() == 1  # one for every twentieth client, at least one
    assert Consent.objects.filter(contact__operation=operation).exists()
    assert WorkingNote.objects.filter(contact__operation=operation).exists()
    assert SystemFailure.objects.filter(operation=operation).count() == 9
    assert StatisticsRecord.objects.filter(operation=operation).count() == 12


def test_every_contacts_events_are_numbered_without_gaps_up_to_its_last_seq(db):
    operation = _generate(ombud=2, clients=6, messages=60)
    for contact in Contact.objects.filter(operation=operation):
        seqs = list(contact.events.order_by("seq").values_list("seq", flat=True))
        assert seqs == list(range(1, len(seqs) + 1))
        assert contact.last_seq == seqs[-1]
    sent = ContactEvent.objects.filter(verb=ContactEvent.Verb.SENT_MESSAGE).count()
    assert sent == Message.objects.count()


def test_the_same_seed_gives_the_same_data(db):
    def texts() -> list[str]:
        with transaction.atomic():
            operation = _generate(ombud=2, clients=4, messages=20)
            made = Message.objects.filter(contact__operation=operation).order_by("pk")
            found = list(made.values_list("text", flat=True))
            transaction.set_rollback(True)
        return found

    first = texts()
    assert first and texts() == first


def test_a_generated_client_and_ombud_can_open_their_pages(db):
    operation = _generate(ombud=2, clients=4, messages=40)
    contact = Contact.objects.filter(operation=operation).first()
    client, ombud = Client(), Client()
    client.force_login(contact.client)
    ombud.force_login(contact.ombud)
    assert client.get(reverse("client_plan")).status_code == 200
    assert ombud.get(reverse("ombud_plan", args=[contact.pk])).status_code == 200
    assert ombud.get(reverse("ombud_caseload")).status_code == 200


def test_it_refuses_to_run_twice_on_the_same_operation(db):
    _generate(ombud=1, clients=1, messages=1)
    with pytest.raises(CommandError):
        _generate(ombud=1, clients=1, messages=1)


def test_unread_messages_are_few_and_recent(db):
    operation = _generate(ombud=2, clients=6, messages=120)
    per_contact = (
        Message.objects.filter(contact__operation=operation, read_at__isnull=True)
        .values("contact")
        .annotate(n=Count("pk"), last=Max("created_at"))
    )
    assert all(row["n"] <= 4 for row in per_contact)


def test_a_prefix_lets_a_second_operation_share_the_database(db):
    call_command("generate_scale", stdout=io.StringIO(), ombud=1, clients=2, messages=4)
    sizes = {"ombud": 1, "clients": 2, "messages": 4}
    call_command("generate_scale", stdout=io.StringIO(), name="B", prefix="b-", **sizes)
    assert User.objects.filter(username="b-klient-2", operation__name="B").exists()
    assert User.objects.filter(username="klient-2").exclude(operation__name="B").exists()


def test_the_country_is_shared_among_operations(db):
    """--operations: the ombud, clients and messages split among operations of their own,
    each with its coordinator, and nobody in an operation that is not theirs."""
    sizes = {"ombud": 5, "clients": 12, "messages": 48}
    call_command("generate_scale", stdout=io.StringIO(), operations=2, **sizes)
    first, second = Operation.objects.order_by("pk")
    assert (first.name, second.name) == ("Skalprov (genererad) 1", "Skalprov (genererad) 2")
    ombud = [User.objects.filter(operation=o, role="ombud").count() for o in (first, second)]
    clients = [Contact.objects.filter(operation=o).count() for o in (first, second)]
    assert (ombud, clients) == ([3, 2], [6, 6])
    assert Message.objects.count() == 48
    assert User.objects.filter(operation=second, role="coordinator").count() == 1
    assert not Contact.objects.exclude(ombud__operation_id=models.F("operation_id")).exists()
    assert User.objects.filter(username="v2-klient-1", operation=second).exists()
