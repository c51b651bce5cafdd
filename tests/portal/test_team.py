"""The same ombud over time, and the exceptions with the client's word on each: a move to
another ombud (the client's yes, decided notes, the new ombud's caseload), and a stand-in
for a period (access only during it, never to the notes, not in their caseload)."""

import datetime
import uuid

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from portal import access
from portal.actions import ending, messaging, proposals, team
from portal.actions.consent import record_paper_consent
from portal.actions.errors import WrongStatus
from portal.actions.intake import CaseloadFull, assign, register_intake
from portal.actions.notes import MoveProposed, add_note, set_disposition
from portal.actions.plan import add_assignment
from portal.models import Contact, OmbudPeriod, Proposal, WorkingNote
from portal.queries.caseload import caseload
from portal.templatetags.plain import plain_span

TODAY = timezone.localdate


def _days(n: int) -> datetime.date:
    return TODAY() + datetime.timedelta(days=n)


# --- A move to another ombud ------------------------------------------------------------


def test_a_move_needs_the_clients_yes(contact, ombud, other_ombud, client_user):
    proposal = team.propose_move(contact, ombud, to=other_ombud, words="Jag slutar i maj.")
    contact.refresh_from_db()
    assert contact.ombud == ombud  # nothing moves before the client has answered
    proposals.answer(proposal, client_user, yes=False)
    contact.refresh_from_db()
    assert contact.ombud == ombud
    again = team.propose_move(contact, ombud, to=other_ombud)
    proposals.answer(again, client_user, yes=True)
    contact.refresh_from_db()
    assert contact.ombud == other_ombud
    assert contact.events.first().verb == "ombud_changed"


def test_the_old_ombud_loses_access_and_the_new_one_gains_it(
    contact, ombud, other_ombud, client_user, task, ombud_client, other_ombud_client
):
    plan = reverse("ombud_plan", args=[contact.pk])
    assert other_ombud_client.get(plan).status_code == 404
    proposals.answer(team.propose_move(contact, ombud, to=other_ombud), client_user, yes=True)
    assert ombud_client.get(plan).status_code == 404
    assert ombud_client.get(f"/api/contacts/{contact.pk}/plan").status_code == 404
    assert ombud_client.get(reverse("ombud_task_edit", args=[task.pk])).status_code == 404
    assert contact.pk not in [c["id"] for c in ombud_client.get("/api/contacts").json()]
    assert other_ombud_client.get(plan).status_code == 200
    assert other_ombud_client.get(f"/api/contacts/{contact.pk}/plan").status_code == 200
    with pytest.raises(Http404):
        access.get_contact(ombud, contact.pk)


def test_a_move_needs_every_note_decided_and_hands_them_over_at_the_move(
    contact, ombud, other_ombud, client_user, client_client
):
    handed = add_note(contact, ombud, text="Majas önskemål om boendet")
    destroyed = add_note(contact, ombud, text="Min egen minnesregel")
    with pytest.raises(ending.NotesUndecided):
        team.propose_move(contact, ombud, to=other_ombud)
    set_disposition(handed, ombud, disposition="hand_over")
    set_disposition(destroyed, ombud, disposition="destroy")
    proposal = team.propose_move(contact, ombud, to=other_ombud)
    # While the move waits, Anna writes no new note (it could not be decided in time).
    with pytest.raises(MoveProposed):
        add_note(contact, ombud, text="Ny")
    proposals.answer(proposal, client_user, yes=True)
    assert not WorkingNote.objects.filter(pk=destroyed.pk).exists()
    handed.refresh_from_db()
    assert handed.handed_over_at is not None
    # The note is Maja's now: in her copy, no longer Anna's to open; Johan never sees it.
    copy = client_client.get(reverse("client_copy_download", args=["json"])).json()
    assert [n["text"] for n in copy["notes_handed_over"]] == ["Majas önskemål om boendet"]
    for person in (ombud, other_ombud):
        with pytest.raises(Http404):
            access.get_note(person, handed.pk)
    more = client_client.get(reverse("client_more")).content.decode()
    assert "Du har fått 1 anteckning från ett tidigare ombud." in more


def test_a_yes_is_refused_kindly_if_a_note_became_undecided_and_nothing_moves(
    contact, ombud, other_ombud, client_user, client_client
):
    proposal = team.propose_move(contact, ombud, to=other_ombud)
    WorkingNote.objects.create(contact=contact, author=ombud, text="Skriven förbi regeln")
    url = reverse("client_proposal_answer", args=[proposal.pk])
    response = client_client.post(url, {"answer": "yes"}, HTTP_HX_REQUEST="true")
    assert "Anna behöver göra klart en sak först" in response.content.decode()
    contact.refresh_from_db()
    proposal.refresh_from_db()
    assert contact.ombud == ombud and proposal.status == "open"


def test_the_new_ombuds_caseload_is_checked_and_an_override_is_recorded(
    contact, ombud, other_ombud, client_user, give_clients
):
    give_clients(other_ombud, other_ombud.caseload_limit())
    with pytest.raises(CaseloadFull) as full:
        team.propose_move(contact, ombud, to=other_ombud)
    assert "Johan har redan 15 klienter" in full.value.message
    proposal = team.propose_move(
        contact, ombud, to=other_ombud, override_reason="Johan tar över Annas klienter."
    )
    assert proposal.override_reason == "Johan tar över Annas klienter."
    proposals.answer(proposal, client_user, yes=True)
    contact.refresh_from_db()
    assert contact.ombud == other_ombud


def test_a_proposed_move_holds_a_place_in_the_new_ombuds_caseload(
    contact, ombud, other_ombud, coordinator, give_clients
):
    give_clients(other_ombud, other_ombud.caseload_limit() - 1)
    team.propose_move(contact, ombud, to=other_ombud)
    request = register_intake(
        coordinator, channel="phone", referrer="self", name="Kim", phone="070", gender="man"
    )
    # assign counts the contacts Johan has; the proposal counts for the next move.
    second = Contact.objects.filter(ombud=ombud).exclude(pk=contact.pk)
    assert not second.exists()
    other = assign(request, coordinator, ombud=ombud)
    with pytest.raises(CaseloadFull):
        team.propose_move(other, ombud, to=other_ombud)


def test_history_and_since_when(contact, ombud, other_ombud, client_user, client_client):
    contact.started_on = datetime.date(2025, 3, 3)
    contact.save(update_fields=["started_on"])
    OmbudPeriod.objects.filter(contact=contact).update(started_on=contact.started_on)
    more = client_client.get(reverse("client_more")).content.decode()
    assert "Anna är ditt ombud sedan 3 mars 2025." in more
    proposals.answer(team.propose_move(contact, ombud, to=other_ombud), client_user, yes=True)
    periods = list(OmbudPeriod.objects.filter(contact=contact).values_list("ombud", "ended_on"))
    assert periods == [(ombud.pk, TODAY()), (other_ombud.pk, None)]
    more = client_client.get(reverse("client_more")).content.decode()
    today = f"{TODAY().day} "
    assert "Johan är ditt ombud sedan " + today in more
    assert "Anna: 3 mars 2025 –" in more


def test_the_client_sees_the_move_with_both_names_and_no_tells_the_proposer(
    contact, ombud, other_ombud, client_client, ombud_client
):
    team.propose_move(contact, ombud, to=other_ombud)
    plan = client_client.get(reverse("client_plan")).content.decode()
    assert "Anna slutar. Vill du att Johan blir ditt ombud?" in plan
    assert "Ja, Johan blir mitt ombud" in plan
    proposal = Proposal.objects.get()
    client_client.post(reverse("client_proposal_answer", args=[proposal.pk]), {"answer": "not_yet"})
    ombud_page = ombud_client.get(reverse("ombud_plan", args=[contact.pk])).content.decode()
    assert "Maja sa nej till att Johan blir nytt ombud" in ombud_page
    assert "Samordnaren bestämmer vad som händer sedan." in ombud_page


def test_who_may_propose_a_move(
    contact, ombud, other_ombud, coordinator, neighbour_coordinator, client_user, neighbour_ombud
):
    for actor in (client_user, other_ombud, neighbour_coordinator):
        with pytest.raises(PermissionDenied):
            team.propose_move(contact, actor, to=other_ombud)
    with pytest.raises(team.NotAColleague):
        team.propose_move(contact, ombud, to=neighbour_ombud)
    with pytest.raises(team.NotAColleague):
        team.propose_move(contact, ombud, to=ombud)
    proposal = team.propose_move(contact, coordinator, to=other_ombud)
    assert proposal.proposed_by == coordinator
    proposals.withdraw(proposal, coordinator)


def test_the_coordinator_proposes_a_move_without_seeing_a_name(
    contact, ombud, other_ombud, coordinator_client, task
):
    listing = coordinator_client.get(reverse("coordinator_ombud_contacts", args=[ombud.pk]))
    assert listing.status_code == 200
    body = listing.content.decode()
    assert f"Kontakt {contact.pk}" in body and "Maja" not in body
    page = coordinator_client.get(reverse("coordinator_team", args=[contact.pk]))
    assert page.status_code == 200
    assert "Maja" not in page.content.decode() and task.what not in page.content.decode()
    response = coordinator_client.post(
        reverse("coordinator_move", args=[contact.pk]), {"ombud": other_ombud.pk}
    )
    assert response.status_code == 302
    assert Proposal.objects.get().to_ombud == other_ombud


def test_the_coordinator_of_another_operation_gets_404(contact, neighbour_coordinator_client):
    for url in (
        reverse("coordinator_team", args=[contact.pk]),
        reverse("coordinator_ombud_contacts", args=[contact.ombud_id]),
    ):
        assert neighbour_coordinator_client.get(url).status_code == 404


def test_over_the_limit_the_move_page_asks_why(
    contact, ombud, other_ombud, ombud_client, give_clients
):
    give_clients(other_ombud, other_ombud.caseload_limit())
    url = reverse("ombud_move", args=[contact.pk])
    response = ombud_client.post(url, {"ombud": other_ombud.pk})
    assert response.status_code == 422
    assert "Varför går ni över taket?" in response.content.decode()
    response = ombud_client.post(url, {"ombud": other_ombud.pk, "override_reason": "Annas sista"})
    assert response.status_code == 302
    assert Proposal.objects.get().override_reason == "Annas sista"


# --- A stand-in for a period -------------------------------------------------------------


@pytest.fixture
def stand_in(contact, ombud, other_ombud):
    """Johan stands in for Anna from today for a week."""
    return team.add_stand_in(contact, ombud, ombud=other_ombud, starts_on=TODAY(), ends_on=_days(7))


def test_a_stand_in_belongs_only_during_the_period(contact, stand_in, other_ombud):
    assert access.get_contact(other_ombud, contact.pk) == contact
    stand_in.starts_on, stand_in.ends_on = _days(1), _days(3)  # not yet
    stand_in.save()
    with pytest.raises(Http404):
        access.get_contact(other_ombud, contact.pk)
    stand_in.starts_on, stand_in.ends_on = _days(-7), _days(-1)  # over: no event needed
    stand_in.save()
    with pytest.raises(Http404):
        access.get_contact(other_ombud, contact.pk)


def test_a_stand_in_acts_as_an_ombud_of_the_contact(
    contact, stand_in, other_ombud, client_user, task, other_ombud_client
):
    assert other_ombud_client.get(reverse("ombud_plan", args=[contact.pk])).status_code == 200
    add_assignment(contact, other_ombud, title="Bostad", life_area="housing")
    record_paper_consent(contact, other_ombud, organisation="vardcentral", covers="Intyg")
    message, _ = messaging.send_message(
        contact, other_ombud, text="Hej, jag ersätter Anna", client_uuid=uuid.uuid4()
    )
    assert message.sender == other_ombud
    done = other_ombud_client.post(reverse("ombud_task_done", args=[task.pk]), {"done": "1"})
    assert done.status_code == 302
    caseload = other_ombud_client.get(reverse("ombud_caseload")).content.decode()
    assert "Maja" in caseload and "Du ersätter" in caseload


def test_the_caseload_keeps_own_clients_and_stand_ins_apart(
    contact, other_contact, stand_in, other_ombud, ombud
):
    """One query reads both (issue 13): the stand-in's own client is a row of their own
    caseload, the contact they stand in on is in "Du ersätter" only, with its last day and
    what it has unread; Anna's caseload is as before."""
    messaging.send_message(contact, contact.client, text="Hej", client_uuid=uuid.uuid4())
    johan = caseload(other_ombud)
    own = [row.contact for group in johan["groups"] for row in group.rows]
    own += [row.contact for row in johan["attention"]]
    assert own == [other_contact] and johan["total"] == 1
    assert johan["standing_in"] == [contact]
    assert johan["standing_in"][0].stand_in_until == stand_in.ends_on
    assert johan["standing_in"][0].unread == 1
    anna = caseload(ombud)
    assert anna["standing_in"] == [] and [row.contact for row in anna["attention"]] == [contact]


def test_a_stand_in_never_reads_the_notes(
    contact, ombud, stand_in, other_ombud, other_ombud_client
):
    note = add_note(contact, ombud, text="Annas hemliga minnesanteckning")
    with pytest.raises(Http404):
        access.get_note(other_ombud, note.pk)
    assert other_ombud_client.get(reverse("ombud_notes", args=[contact.pk])).status_code == 404
    assert other_ombud_client.get(f"/api/contacts/{contact.pk}/notes").status_code == 403
    assert other_ombud_client.get(f"/api/notes/{note.pk}").status_code in (404, 405)
    plan = other_ombud_client.get(reverse("ombud_plan", args=[contact.pk])).content.decode()
    assert note.text not in plan and "Mina arbetsanteckningar" not in plan
    with pytest.raises(PermissionDenied):
        add_note(contact, other_ombud, text="Johans")


def test_a_stand_in_does_not_count_in_their_caseload(
    contact, stand_in, other_ombud, coordinator, give_clients
):
    give_clients(other_ombud, other_ombud.caseload_limit() - 1)
    request = register_intake(
        coordinator, channel="phone", referrer="self", name="Kim", phone="070", gender="man"
    )
    assign(request, coordinator, ombud=other_ombud)  # the fifteenth: Maja does not count


def test_the_client_is_told_and_can_say_no(contact, stand_in, other_ombud, client_client):
    plan = client_client.get(reverse("client_plan")).content.decode()
    assert f"Johan ersätter Anna {plain_span(stand_in)}" in plan
    more = client_client.get(reverse("client_more")).content.decode()
    assert "Johan ersätter Anna" in more
    response = client_client.post(reverse("client_stand_in_decline", args=[stand_in.pk]))
    assert response.status_code == 302
    with pytest.raises(Http404):
        access.get_contact(other_ombud, contact.pk)
    stand_in.refresh_from_db()
    assert stand_in.declined and stand_in.removed_at is not None


def test_who_may_add_and_remove_a_stand_in(
    contact, stand_in, ombud, other_ombud, client_user, coordinator, operation
):
    from tests.conftest import _staff_user

    lisa = _staff_user(operation, username="lisa", first_name="Lisa", role="ombud")
    for actor in (client_user, other_ombud):
        with pytest.raises(PermissionDenied):
            team.add_stand_in(contact, actor, ombud=lisa, starts_on=_days(10), ends_on=_days(12))
        with pytest.raises(PermissionDenied):
            team.remove_stand_in(stand_in, actor)
    with pytest.raises(PermissionDenied):
        team.decline_stand_in(stand_in, ombud)
    with pytest.raises(team.BadPeriod):  # overlaps Johan's week
        team.add_stand_in(contact, coordinator, ombud=lisa, starts_on=_days(5), ends_on=_days(9))
    later = team.add_stand_in(
        contact, coordinator, ombud=lisa, starts_on=_days(10), ends_on=_days(12)
    )
    team.remove_stand_in(later, coordinator)
    team.remove_stand_in(stand_in, ombud)
    with pytest.raises(WrongStatus):
        team.remove_stand_in(stand_in, ombud)


def test_the_stand_in_page_through_the_ombuds_form(contact, other_ombud, ombud_client):
    page = ombud_client.get(reverse("ombud_team", args=[contact.pk]))
    assert page.status_code == 200 and "Lägg till ersättare" in page.content.decode()
    response = ombud_client.post(
        reverse("ombud_stand_in_add", args=[contact.pk]),
        {"ombud": other_ombud.pk, "starts_on": _days(-1).isoformat(), "ends_on": _days(3)},
    )
    assert response.status_code == 422
    assert "Välj i dag eller en senare dag." in response.content.decode()
    response = ombud_client.post(
        reverse("ombud_stand_in_add", args=[contact.pk]),
        {"ombud": other_ombud.pk, "starts_on": TODAY().isoformat(), "ends_on": _days(3)},
    )
    assert response.status_code == 302
    assert access.get_contact(other_ombud, contact.pk) == contact


def test_a_stand_in_cannot_change_who_works_with_the_client(
    contact, stand_in, other_ombud_client, operation
):
    assert other_ombud_client.get(reverse("ombud_team", args=[contact.pk])).status_code == 200
    response = other_ombud_client.post(reverse("ombud_move", args=[contact.pk]), {"ombud": 1})
    assert response.status_code in (403, 422)
    assert not Proposal.objects.exists()


def test_the_stand_in_may_propose_ending_once_the_notes_are_decided(
    contact, ombud, stand_in, other_ombud, client_user
):
    note = add_note(contact, ombud, text="Annas")
    with pytest.raises(ending.NotesUndecided) as undecided:
        ending.propose_ending(contact, other_ombud, reason="moved")
    assert undecided.value.message.startswith("Anna behöver först bestämma")
    set_disposition(note, ombud, disposition="destroy")
    proposal = ending.propose_ending(contact, other_ombud, reason="moved")
    proposals.answer(proposal, client_user, yes=True)
    contact.refresh_from_db()
    assert contact.ended_how == "moved"


def test_the_anonymity_guard_knows_the_clients_a_stand_in_helps(contact, stand_in, other_ombud):
    from portal.anonymity import client_names_for

    assert "Maja" in client_names_for(other_ombud)
    stand_in.starts_on, stand_in.ends_on = _days(-9), _days(-2)
    stand_in.save()
    assert "Maja" not in client_names_for(other_ombud)


def test_the_trail_names_each_team_change_by_its_kind(
    contact, ombud, other_ombud, client_user, client_client
):
    stand_in = team.add_stand_in(
        contact, ombud, ombud=other_ombud, starts_on=TODAY(), ends_on=_days(2)
    )
    team.decline_stand_in(stand_in, client_user)
    proposal = ending.propose_ending(contact, ombud, reason="moved")
    proposals.answer(proposal, client_user, yes=False)
    page = client_client.get(reverse("client_who_looked")).content.decode()
    for words in (
        "lade till en ersättare",
        "sa nej till en ersättare",
        "föreslog att avsluta kontakten",
        "svarade på ett förslag",
    ):
        assert words in page
    assert "ändrade något" not in page
