"""The ombud's day (issue 12, part 8): the caseload puts first what needs attention,
with the reasons on the row, in a fixed number of queries; the unread chip on a row
changes live."""

import datetime
import re
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal.actions.consent import record_paper_consent
from portal.actions.messaging import mark_read, send_message
from portal.actions.plan import add_assignment, add_meeting, add_task
from portal.models import Letter, Organisation, Task, Who
from portal.templatetags.plain import plain_date
from tests.helpers import new_client

TODAY = timezone.localdate


def _client(ombud, name: str):
    return new_client(ombud, first_name=name, override_reason="Testet fyller på.")


def _names(html: str, section: str) -> list[str]:
    """The clients listed in a section of the caseload, in order."""
    part = html.split(section, 1)[1].split("</section>", 1)[0]
    return re.findall(r'<span class="client-name">([^<]+)</span>', part)


def _meeting_today_at(hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(TODAY(), datetime.time(hour)))


@pytest.fixture(autouse=True)
def _eleven_in_the_morning(monkeypatch):
    """The day is the ombud's working day, whenever the tests run: 11.00 local time."""
    eleven = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time(11)))
    monkeypatch.setattr(timezone, "now", lambda: eleven)


@pytest.fixture
def day(ombud):
    """Anna's clients, each with one kind of thing waiting, and two with nothing."""
    clients = {name: _client(ombud, name) for name in ("Bo", "Cia", "Dan", "Eva", "Fia", "Gun")}
    # Bo: a letter to answer within the week.
    Letter.objects.create(
        contact=clients["Bo"],
        status=Letter.Status.READ,
        sender="Försäkringskassan",
        deadline=TODAY() + datetime.timedelta(days=3),
    )
    # Cia: a task for Försäkringskassan without a consent; Dan has one with consent.
    for name in ("Cia", "Dan"):
        area = add_assignment(clients[name], ombud, title="Pengar", life_area="economy")
        add_task(
            area,
            ombud,
            what="Ring FK",
            who=Who.OMBUD,
            organisation=Organisation.FORSAKRINGSKASSAN,
        )
    record_paper_consent(
        clients["Dan"], ombud, organisation=Organisation.FORSAKRINGSKASSAN, covers="Allt"
    )
    # Eva: two unread messages and a meeting today.
    for text in ("Hej", "Är du där?"):
        send_message(clients["Eva"], clients["Eva"].client, text=text, client_uuid=uuid.uuid4())
    add_meeting(clients["Eva"], ombud, starts_at=_meeting_today_at(14), place="Hemma")
    # Fia: a together task past its day (her own late task is hers, not the ombud's).
    area = add_assignment(clients["Fia"], ombud, title="Bostad", life_area="housing")
    late = add_task(area, ombud, what="Skriv ansökan", who=Who.TOGETHER)
    Task.objects.filter(pk=late.pk).update(due=TODAY() - datetime.timedelta(days=2))
    area = add_assignment(clients["Gun"], ombud, title="Hälsa", life_area="health")
    hers = add_task(area, ombud, what="Boka tid", who=Who.CLIENT)
    Task.objects.filter(pk=hers.pk).update(due=TODAY() - datetime.timedelta(days=2))
    return clients


def test_what_needs_attention_comes_first_with_its_reasons(ombud_client, day):
    html = ombud_client.get(reverse("ombud_caseload")).content.decode()
    assert _names(html, "Behöver din uppmärksamhet") == ["Eva", "Fia", "Cia", "Bo"]
    eva = html.split(f'id="caseload-{day["Eva"].pk}"', 1)[1].split("</li>", 1)[0]
    assert "2 olästa meddelanden" in eva and "En träff i dag kl 14" in eva
    assert re.search(r"2 olästa meddelanden</span> · <span>En träff i dag", eva)
    assert "1 uppgift har passerat sitt datum" in html
    assert "Samtycke saknas för Försäkringskassan" in html
    deadline = plain_date(TODAY() + datetime.timedelta(days=3))
    assert f"Brev att svara på senast {deadline}" in html
    # The rest by phase, as before: Dan (consent given) and Gun (her own task is late).
    assert _names(html, "Fas 1: Kontakt och förtroende") == ["Dan", "Gun"]
    assert "6 av 5" in html  # the phase counts every client in it


def test_the_caseload_uses_the_same_queries_for_a_small_and_a_large_day(ombud, ombud_client):
    def grow(count: int) -> None:
        for n in range(count):
            contact = _client(ombud, f"K{n}-{uuid.uuid4().hex[:4]}")
            area = add_assignment(contact, ombud, title="Pengar", life_area="economy")
            task = add_task(
                area, ombud, what="Ring", who=Who.OMBUD, organisation=Organisation.KRONOFOGDEN
            )
            Task.objects.filter(pk=task.pk).update(due=TODAY() - datetime.timedelta(days=1))
            send_message(contact, contact.client, text="Hej", client_uuid=uuid.uuid4())
            add_meeting(contact, ombud, starts_at=_meeting_today_at(15), place="Hemma")
            Letter.objects.create(contact=contact, status=Letter.Status.READ, deadline=TODAY())

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert ombud_client.get(reverse("ombud_caseload")).status_code == 200
        return len(captured)

    grow(2)
    small = queries()
    grow(16)
    assert queries() == small
    assert small <= 6


def test_reading_the_messages_takes_the_reason_away(ombud, ombud_client, day):
    mark_read(day["Eva"], ombud)
    html = ombud_client.get(reverse("ombud_caseload")).content.decode()
    eva = html.split(f'id="caseload-{day["Eva"].pk}"', 1)[1].split("</li>", 1)[0]
    assert "oläst" not in eva and "En träff i dag" in eva
