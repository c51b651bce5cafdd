"""`manage.py demo`: a realistic demo operation, safe to run again."""

import datetime
import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.utils import timezone

from portal.models import (
    Assignment,
    Contact,
    ContactEvent,
    Meeting,
    Operation,
    Phase,
    PlanComment,
    Role,
    Task,
    User,
    Who,
)

PASSWORD = "demo-losenord-1"


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # The command hashes a dozen passwords; the real hasher is deliberately slow.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def run_demo() -> str:
    out = io.StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    models = [Operation, User, Contact, Assignment, Task, Meeting, PlanComment, ContactEvent]
    return {model.__name__: model.objects.count() for model in models}


def anna() -> User:
    return User.objects.get(username="anna")


def maja_contact() -> Contact:
    return Contact.objects.get(client__username="maja")


@pytest.mark.django_db
def test_demo_creates_the_operation_with_two_ombud_and_a_coordinator():
    run_demo()
    operation = Operation.objects.get(name="Personligt ombud Norrköping (demo)")
    assert operation.caseload_per_fte == 15
    johan = User.objects.get(username="johan")
    sara = User.objects.get(username="samordnare")
    assert (anna().role, anna().first_name, anna().fte) == (Role.OMBUD, "Anna", 1)
    assert (johan.role, johan.first_name, str(johan.fte)) == (Role.OMBUD, "Johan", "0.75")
    assert (sara.role, sara.first_name) == (Role.COORDINATOR, "Sara")
    assert all(u.operation == operation for u in User.objects.all())


@pytest.mark.django_db
def test_demo_creates_clients_in_all_three_phases():
    run_demo()
    contacts = Contact.objects.filter(ombud=anna(), status=Contact.Status.ACTIVE)
    assert {c.phase for c in contacts} == {Phase.TRUST, Phase.ACTIVE, Phase.ENDING}
    assert 6 <= contacts.count() <= 8
    assert all(c.client.role == Role.CLIENT for c in contacts)


@pytest.mark.django_db
def test_demo_gives_johan_clients_too():
    run_demo()
    assert Contact.objects.filter(ombud__username="johan").count() in (1, 2)


@pytest.mark.django_db
def test_demo_anna_stays_within_her_caseload():
    run_demo()
    assert Contact.objects.filter(ombud=anna()).count() <= anna().caseload_limit()


@pytest.mark.django_db
def test_demo_is_idempotent():
    first_output = run_demo()
    before = counts()
    second_output = run_demo()
    assert counts() == before
    assert "skapad" in first_output
    assert "finns redan" in second_output


@pytest.mark.django_db
def test_demo_logins_work():
    run_demo()
    for username in ["anna", "johan", "samordnare", "maja", "demo-klient-2"]:
        user = authenticate(username=username, password=PASSWORD)
        assert user is not None, username
        assert user.username == username
    assert authenticate(username="maja", password="fel-losenord") is None


@pytest.mark.django_db
def test_demo_prints_the_logins():
    output = run_demo()
    assert PASSWORD in output
    for username in ["anna", "johan", "samordnare", "maja"]:
        assert username in output


@pytest.mark.django_db
def test_demo_plan_mentions_forsakringskassan_and_kronofogden():
    run_demo()
    contact = maja_contact()
    named = set(contact.tasks.filter(who=Who.OTHER).values_list("who_other", flat=True))
    assert {"Försäkringskassan", "Kronofogden"} <= named
    titles = list(contact.assignments.values_list("title", flat=True))
    assert "Få ordning på ekonomin" in titles
    assert "Hitta en sysselsättning" in titles
    assert any("Försäkringskassan" in title for title in titles)


@pytest.mark.django_db
def test_demo_maja_has_done_late_and_upcoming_tasks():
    run_demo()
    today = timezone.localdate()
    tasks = list(maja_contact().tasks.all())
    assert any(t.is_done for t in tasks)
    assert any(t.is_late for t in tasks)
    assert any(not t.is_done and t.due is not None and t.due >= today for t in tasks)


@pytest.mark.django_db
def test_demo_maja_has_a_meeting_tomorrow_at_ten():
    run_demo()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    meetings = maja_contact().meetings.filter(starts_at__gt=timezone.now())
    starts = [timezone.localtime(m.starts_at) for m in meetings]
    assert any(s.date() == tomorrow and (s.hour, s.minute) == (10, 0) for s in starts)
    assert all(m.place for m in meetings)


@pytest.mark.django_db
def test_demo_maja_wrote_her_own_wish_on_the_plan():
    run_demo()
    comment = maja_contact().comments.get(text="Jag vill helst ha träffar på förmiddagen.")
    assert comment.author.username == "maja"


@pytest.mark.django_db
def test_demo_plans_are_written_through_the_actions():
    # Every assignment, task and meeting has its line in the history the client sees.
    run_demo()
    contact = maja_contact()
    verbs = list(contact.events.values_list("verb", flat=True))
    assert verbs.count(ContactEvent.Verb.ADDED_ASSIGNMENT) == contact.assignments.count()
    assert verbs.count(ContactEvent.Verb.ADDED_TASK) == contact.tasks.count()
    assert verbs.count(ContactEvent.Verb.ADDED_MEETING) == contact.meetings.count()
    seqs = sorted(contact.events.values_list("seq", flat=True))
    assert seqs == list(range(1, contact.last_seq + 1))


@pytest.mark.django_db
def test_demo_leaves_phase_one_clients_without_assignments():
    run_demo()
    for contact in Contact.objects.filter(phase=Phase.TRUST):
        assert not contact.assignments.exists()
