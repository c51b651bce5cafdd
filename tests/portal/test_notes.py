"""portal.actions.notes and portal.access.get_note: the ombud's private working notes."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from portal import access
from portal.actions.notes import (
    add_note,
    delete_note,
    edit_note,
    set_disposition,
)
from portal.models import WorkingNote
from portal.queries.notes import undecided_notes

Disposition = WorkingNote.Disposition
SECRET = "Maja verkade trött i dag, fråga om sömnen nästa gång."


@pytest.fixture
def note(contact, ombud):
    return add_note(contact, ombud, text=SECRET)


def test_the_ombud_adds_a_note_that_is_undecided_at_first(note, contact, ombud):
    assert note.author == ombud
    assert note.disposition == Disposition.UNDECIDED
    assert list(undecided_notes(contact, contact.ombud)) == [note]


def test_the_ombud_edits_the_text(note, ombud):
    edit_note(note, ombud, text="Fråga om sömnen.")
    note.refresh_from_db()
    assert note.text == "Fråga om sömnen."


@pytest.mark.parametrize("choice", [Disposition.HAND_OVER, Disposition.DESTROY])
def test_a_decided_note_is_no_longer_undecided(choice, note, contact, ombud):
    set_disposition(note, ombud, disposition=choice)
    note.refresh_from_db()
    assert note.disposition == choice
    assert not undecided_notes(contact, contact.ombud).exists()


def test_the_ombud_can_change_their_mind(note, ombud):
    set_disposition(note, ombud, disposition=Disposition.DESTROY)
    set_disposition(note, ombud, disposition=Disposition.HAND_OVER)
    note.refresh_from_db()
    assert note.disposition == Disposition.HAND_OVER


def test_an_unknown_disposition_is_refused(note, ombud):
    with pytest.raises(ValueError):
        set_disposition(note, ombud, disposition="archive")


def test_deleting_a_note_really_deletes_the_row(note, ombud):
    delete_note(note, ombud)
    assert not WorkingNote.objects.filter(pk=note.pk).exists()
    assert WorkingNote.objects.count() == 0


def test_undecided_notes_are_only_this_contacts(note, other_contact, other_ombud):
    add_note(other_contact, other_ombud, text="Omars anteckning")
    assert list(undecided_notes(note.contact, note.contact.ombud)) == [note]


def test_notes_make_no_event_so_the_clients_phone_never_hears_of_them(contact, ombud):
    before, seq = contact.events.count(), contact.last_seq
    note = add_note(contact, ombud, text=SECRET)
    edit_note(note, ombud, text="Ny text")
    set_disposition(note, ombud, disposition=Disposition.HAND_OVER)
    delete_note(note, ombud)
    contact.refresh_from_db()
    assert contact.events.count() == before
    assert contact.last_seq == seq


@pytest.mark.parametrize("person", ["client_user", "other_ombud", "coordinator"])
def test_only_the_contacts_ombud_may_write_decide_or_delete(request, person, contact, note):
    someone = request.getfixturevalue(person)
    with pytest.raises(PermissionDenied):
        add_note(contact, someone, text="Inte min")
    with pytest.raises(PermissionDenied):
        edit_note(note, someone, text="Inte min")
    with pytest.raises(PermissionDenied):
        set_disposition(note, someone, disposition=Disposition.DESTROY)
    with pytest.raises(PermissionDenied):
        delete_note(note, someone)
    note.refresh_from_db()
    assert (note.text, note.disposition) == (SECRET, Disposition.UNDECIDED)


def test_the_contacts_ombud_gets_the_note(note, ombud):
    assert access.get_note(ombud, note.pk) == note


@pytest.mark.parametrize(
    "person", ["client_user", "other_ombud", "other_client_user", "coordinator"]
)
def test_everyone_else_gets_404_for_a_note_even_the_client(request, person, note):
    with pytest.raises(Http404):
        access.get_note(request.getfixturevalue(person), note.pk)


def test_an_ombud_cannot_see_another_ombuds_notes(note, other_contact, other_ombud, ombud):
    theirs = add_note(other_contact, other_ombud, text="Johans anteckning")
    with pytest.raises(Http404):
        access.get_note(ombud, theirs.pk)
    with pytest.raises(Http404):
        access.get_note(other_ombud, note.pk)


# --- A note follows its author, not the contact's ombud of the day ----------------------


def test_after_the_contact_changes_ombud_the_new_ombud_gets_404_on_the_old_ombuds_note(
    note, contact, other_ombud, other_ombud_client
):
    contact.ombud = other_ombud
    contact.save(update_fields=["ombud"])
    with pytest.raises(Http404):
        access.get_note(other_ombud, note.pk)
    assert other_ombud_client.get(f"/ombud/anteckning/{note.pk}/").status_code == 404
    for action in ("beslut", "ta-bort"):
        url = f"/ombud/anteckning/{note.pk}/{action}/"
        assert other_ombud_client.post(url, {"disposition": "destroy"}).status_code == 404
    with pytest.raises(PermissionDenied):
        edit_note(note, other_ombud, text="Inte min")
    note.refresh_from_db()
    assert (note.text, note.disposition) == (SECRET, Disposition.UNDECIDED)


def test_the_author_keeps_their_note_while_the_contact_is_active_even_after_a_change_of_ombud(
    note, contact, ombud, other_ombud
):
    contact.ombud = other_ombud
    contact.save(update_fields=["ombud"])
    assert access.get_note(ombud, note.pk) == note
    set_disposition(note, ombud, disposition=Disposition.HAND_OVER)
    note.refresh_from_db()
    assert note.disposition == Disposition.HAND_OVER


def test_the_author_loses_the_note_when_the_contact_is_no_longer_active(note, contact, ombud):
    type(contact).objects.filter(pk=contact.pk).update(status=type(contact).Status.ENDED)
    with pytest.raises(Http404):
        access.get_note(ombud, note.pk)
