"""The client is the principal (issue 11): the client writes assignments and tasks in
their own words, edits and removes their own, ticks any task, and the two agree on the
order. The client's words are theirs: the ombud changes the practical parts of them (who,
when, the decision), never the words, and never removes them."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from portal.actions import plan as actions
from portal.actions.network import add_person
from portal.models import Assignment, ContactEvent, LifeArea, Task, TaskStatus, Who
from portal.queries.audit import CHANGE_WORDS
from portal.queries.plan import load_plan, next_steps
from portal.templatetags.plain import decision_for, who_for, written_for

Verb = ContactEvent.Verb


@pytest.fixture
def own_assignment(contact, client_user) -> Assignment:
    """Maja's own: "Jag vill ha hjälp med att hitta en fritidsaktivitet"."""
    return actions.add_assignment(contact, client_user, title="Hitta en fritidsaktivitet")


@pytest.fixture
def own_task(assignment, client_user) -> Task:
    """Maja's own task, on the assignment Anna wrote."""
    return actions.add_task(assignment, client_user, what="Ringa mamma om pengarna", who="client")


# --- Writing -----------------------------------------------------------------------


def test_the_client_adds_an_assignment_in_their_own_words(contact, client_user, published):
    assignment = actions.add_assignment(contact, client_user, title="Få hjälp med tandläkaren")
    assert (assignment.created_by, assignment.life_area) == (client_user, LifeArea.OTHER)
    event = contact.events.first()
    assert (event.verb, event.actor, event.object_kind) == (
        Verb.ADDED_ASSIGNMENT,
        client_user,
        "assignment",
    )


def test_the_client_adds_a_task_on_any_assignment(assignment, own_task, client_user):
    assert own_task.assignment == assignment  # Anna wrote the assignment
    assert own_task.created_by == client_user
    assert own_task.written_by_client
    assert assignment.contact.events.first().verb == Verb.ADDED_TASK


def test_whatever_the_ombud_writes_is_the_ombuds(assignment, task, ombud):
    assert assignment.created_by == ombud and task.created_by == ombud
    assert not task.written_by_client


def test_the_client_edits_and_removes_their_own(own_assignment, own_task, client_user, contact):
    actions.edit_assignment(own_assignment, client_user, title="Börja simma igen")
    actions.edit_task(own_task, client_user, what="Ringa mamma i kväll", who=Who.TOGETHER)
    own_assignment.refresh_from_db()
    own_task.refresh_from_db()
    assert own_assignment.title == "Börja simma igen"
    assert (own_task.what, own_task.who) == ("Ringa mamma i kväll", Who.TOGETHER)
    actions.remove_task(own_task, client_user)
    actions.remove_assignment(own_assignment, client_user)
    assert not Task.objects.filter(pk=own_task.pk).exists()
    assert not Assignment.objects.filter(pk=own_assignment.pk).exists()
    verbs = list(contact.events.values_list("verb", flat=True)[:2])
    assert verbs == [Verb.REMOVED_ASSIGNMENT, Verb.REMOVED_TASK]


def test_the_client_cannot_edit_or_remove_what_the_ombud_wrote(assignment, task, client_user):
    with pytest.raises(PermissionDenied):
        actions.edit_task(task, client_user, what="Något annat", who=Who.CLIENT)
    with pytest.raises(PermissionDenied):
        actions.remove_task(task, client_user)
    with pytest.raises(PermissionDenied):
        actions.edit_assignment(assignment, client_user, title="Något annat")
    with pytest.raises(PermissionDenied):
        actions.remove_assignment(assignment, client_user)
    task.refresh_from_db()
    assert task.what == "Öppna posten från Kronofogden"


def test_the_client_removes_their_own_assignment_with_the_ombuds_tasks_in_it(
    own_assignment, ombud, client_user
):
    """The goal is the client's to drop, whoever wrote its tasks."""
    task = actions.add_task(own_assignment, ombud, what="Ta reda på öppettider", who=Who.OMBUD)
    actions.remove_assignment(own_assignment, client_user)
    assert not Task.objects.filter(pk=task.pk).exists()


def test_the_ombud_changes_who_and_when_but_not_the_clients_words(own_task, ombud):
    actions.edit_task(
        own_task,
        ombud,
        what=own_task.what,
        who=Who.TOGETHER,
        due=datetime.date(2030, 3, 2),
    )
    own_task.refresh_from_db()
    assert (own_task.who, own_task.updated_by) == (Who.TOGETHER, ombud)
    assert own_task.created_by == own_task.contact.client  # still hers
    with pytest.raises(PermissionDenied):
        actions.edit_task(own_task, ombud, what="Ringa mamma", who=Who.TOGETHER)
    with pytest.raises(PermissionDenied):
        actions.remove_task(own_task, ombud)


def test_the_ombud_sets_the_life_area_of_the_clients_assignment_not_its_words(
    own_assignment, ombud
):
    actions.edit_assignment(
        own_assignment, ombud, title=own_assignment.title, life_area=LifeArea.RELATIONS
    )
    own_assignment.refresh_from_db()
    assert own_assignment.life_area == LifeArea.RELATIONS
    with pytest.raises(PermissionDenied):
        actions.edit_assignment(own_assignment, ombud, title="Fritid", life_area="other")
    with pytest.raises(PermissionDenied):
        actions.remove_assignment(own_assignment, ombud)


def test_the_ombud_cannot_remove_an_assignment_holding_the_clients_tasks(
    assignment, own_task, ombud
):
    assert not assignment.may_remove(ombud)
    with pytest.raises(PermissionDenied):
        actions.remove_assignment(assignment, ombud)
    actions.remove_task(own_task, own_task.contact.client)
    assert Assignment.objects.get(pk=assignment.pk).may_remove(ombud)


def test_nobody_outside_the_contact_writes_in_it(assignment, other_ombud, other_client_user):
    for outsider in (other_ombud, other_client_user):
        with pytest.raises(PermissionDenied):
            actions.add_assignment(assignment.contact, outsider, title="x")
        with pytest.raises(PermissionDenied):
            actions.add_task(assignment, outsider, what="x", who=Who.CLIENT)
        with pytest.raises(PermissionDenied):
            actions.move_assignment(assignment, outsider, to="top")


# --- Together ----------------------------------------------------------------------


def test_together_reads_from_each_side(assignment, ombud, client_user):
    task = actions.add_task(assignment, ombud, what="Fylla i ansökan", who=Who.TOGETHER)
    task.contact = assignment.contact
    assert who_for(task, client_user) == "Du och Anna (ditt ombud)"
    assert who_for(task, ombud) == "Du och Maja"
    assert written_for(task, client_user) == "Anna (ditt ombud) skrev"
    assert written_for(task, ombud) == "Du skrev"


def test_the_client_counts_their_own_and_the_together_tasks_not_the_others(
    contact, assignment, ombud
):
    for who in (Who.CLIENT, Who.TOGETHER, Who.OMBUD, Who.OTHER):
        actions.add_task(assignment, ombud, what=f"Göra {who}", who=who, who_other="FK")
    done = actions.add_task(assignment, ombud, what="Klart redan", who=Who.TOGETHER)
    actions.set_task_done(done, ombud, done=True)
    assert next_steps(contact)["open_task_count"] == 2
    assert load_plan(contact)["open_task_count"] == 2


# --- The order ---------------------------------------------------------------------


def _titles(contact) -> list[str]:
    return list(contact.assignments.values_list("title", flat=True))


def test_new_assignments_come_last_and_either_party_moves_them(
    contact, assignment, ombud, client_user, published, django_capture_on_commit_callbacks
):
    second = actions.add_assignment(contact, ombud, title="Bostad", life_area=LifeArea.HOUSING)
    third = actions.add_assignment(contact, client_user, title="Träna")
    assert _titles(contact) == ["Få ordning på min ekonomi", "Bostad", "Träna"]
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.move_assignment(third, client_user, to="top")
    assert _titles(contact) == ["Träna", "Få ordning på min ekonomi", "Bostad"]
    event = contact.events.first()
    assert (event.verb, event.actor, event.subject) == (Verb.FIRST_ASSIGNMENT, client_user, "Träna")
    assert published[-1] == (
        contact.group_name,
        {"type": "contact.changed", "contact": contact.pk, "seq": event.seq},
    )
    actions.move_assignment(second, ombud, to="up")
    assert _titles(contact) == ["Träna", "Bostad", "Få ordning på min ekonomi"]
    assert contact.events.first().verb == Verb.MOVED_ASSIGNMENT
    actions.move_assignment(second, ombud, to="down")
    assert _titles(contact) == ["Träna", "Få ordning på min ekonomi", "Bostad"]
    positions = list(contact.assignments.values_list("position", flat=True))
    assert positions == [0, 1, 2]


def test_a_move_that_changes_nothing_records_nothing(contact, assignment, ombud):
    before = contact.events.count()
    assert not actions.move_assignment(assignment, ombud, to="top")
    assert not actions.move_assignment(assignment, ombud, to="down")  # the only one
    assert contact.events.count() == before
    with pytest.raises(ValueError):
        actions.move_assignment(assignment, ombud, to="sideways")


# --- The decision a task waits for ---------------------------------------------------


def test_a_task_names_who_decides_and_the_row_says_it_plainly(
    contact, assignment, ombud, client_user, settings
):
    lena = add_person(contact, client_user, role="case_officer", organisation="forsakringskassan")
    task = actions.add_task(
        assignment,
        ombud,
        what="Vänta på beslutet",
        who=Who.OTHER,
        who_other="Handläggaren",
        network_person_id=lena.pk,
        decision_expected_on=datetime.date(2099, 3, 2),
        appeal_weeks=3,
    )
    task.contact = contact
    assert task.organisation == "forsakringskassan"  # from the person who decides
    assert decision_for(task, client_user) == (
        "Beslut från Försäkringskassan väntas måndag 2 mars 2099; "
        "överklaga inom 3 veckor från att du fick beslutet."
    )
    assert decision_for(task, ombud).endswith("inom 3 veckor från att Maja fick beslutet.")
    assert task.appeal_last_day is None  # not until the day it came is known


def test_once_the_decision_has_come_the_last_day_to_appeal_is_counted_from_it(
    contact, assignment, ombud, client_user
):
    today = datetime.date.today()
    came = today - datetime.timedelta(days=7)
    task = actions.add_task(
        assignment,
        ombud,
        what="Överklaga?",
        who=Who.TOGETHER,
        organisation="socialtjansten",
        decision_received_on=came,
        appeal_weeks=3,
    )
    task.contact = contact
    assert task.appeal_last_day == came + datetime.timedelta(days=21)
    text = decision_for(task, client_user)
    assert text.startswith("Beslutet från Socialtjänsten kom ")
    assert "sista dagen att överklaga är " in text


def test_a_network_person_of_another_contact_cannot_be_named(
    assignment, ombud, other_contact, other_client_user
):
    stranger = add_person(other_contact, other_client_user, role="god_man", name="Sundin")
    with pytest.raises(PermissionDenied):
        actions.add_task(assignment, ombud, what="x", who=Who.CLIENT, network_person_id=stranger.pk)


def test_every_new_change_reads_plainly_in_who_looked():
    for verb in (
        Verb.REMOVED_ASSIGNMENT,
        Verb.FIRST_ASSIGNMENT,
        Verb.MOVED_ASSIGNMENT,
        Verb.ADDED_NETWORK,
        Verb.CHANGED_NETWORK,
        Verb.REMOVED_NETWORK,
    ):
        assert verb in CHANGE_WORDS, verb


def test_ticking_any_task_and_undoing_it_is_the_clients_too(task, assignment, ombud, client_user):
    theirs = actions.add_task(assignment, ombud, what="Ringa FK", who=Who.OMBUD)
    for item in (task, theirs):
        actions.set_task_done(item, client_user, done=True)
        actions.set_task_done(item, client_user, done=False)
        item.refresh_from_db()
        assert item.status == TaskStatus.TODO
