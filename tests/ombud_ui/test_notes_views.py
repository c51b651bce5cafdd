"""The ombud's working-notes pages: with and without htmx, errors, and who may open them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.actions.notes import add_note, set_disposition
from portal.models import WorkingNote

HTMX = {"HTTP_HX_REQUEST": "true"}
Disposition = WorkingNote.Disposition
SECRET = "Maja vill inte att mamma ringer socialtjänsten."
TRUST = (
    "Bara du ser dina anteckningar. När kontakten slutar lämnas de till klienten eller "
    "förstörs – du väljer för varje anteckning."
)


@pytest.fixture
def note(contact, ombud):
    return add_note(contact, ombud, text=SECRET)


def _notes_url(contact) -> str:
    return reverse("ombud_notes", args=[contact.pk])


def test_the_notes_page_says_who_sees_them_and_shows_each_decision_in_words(
    ombud_client, contact, ombud, note
):
    decided = add_note(contact, ombud, text="Ringa Försäkringskassan om blanketten.")
    set_disposition(decided, ombud, disposition=Disposition.HAND_OVER)
    body = ombud_client.get(_notes_url(contact)).content.decode()
    assert TRUST in body
    assert SECRET in body and "Ringa Försäkringskassan om blanketten." in body
    assert "Lämnas till klienten" in body  # the decided note, in words
    assert "Inte bestämt än" in body  # the undecided one, in words
    assert "1 anteckning av 2 har inget beslut än." in body
    assert body.count('aria-pressed="true"') == 1


def test_when_every_note_is_decided_the_page_says_so(ombud_client, contact, ombud, note):
    set_disposition(note, ombud, disposition=Disposition.DESTROY)
    body = ombud_client.get(_notes_url(contact)).content.decode()
    assert "Du har bestämt för alla anteckningar." in body
    assert "Förstörs" in body


def test_the_plan_page_links_to_the_notes_with_their_number(ombud_client, contact, ombud, note):
    add_note(contact, ombud, text="En till")
    body = ombud_client.get(reverse("ombud_plan", args=[contact.pk])).content.decode()
    assert f'href="{_notes_url(contact)}"' in body
    assert "Mina arbetsanteckningar (2)" in body
    assert SECRET not in body


def test_adding_a_note_without_javascript_redirects_to_the_new_note(ombud_client, contact):
    response = ombud_client.post(_notes_url(contact), {"text": "Fråga om tandläkaren"})
    note = WorkingNote.objects.get(text="Fråga om tandläkaren")
    assert response.status_code == 302
    assert response["Location"] == f"{_notes_url(contact)}#note-{note.pk}"
    assert note.disposition == Disposition.UNDECIDED


def test_adding_a_note_with_htmx_returns_a_fresh_form_the_note_and_the_count(ombud_client, contact):
    response = ombud_client.post(_notes_url(contact), {"text": "Fråga om tandläkaren"}, **HTMX)
    body = response.content.decode()
    note = WorkingNote.objects.get(text="Fråga om tandläkaren")
    assert response.status_code == 200
    assert body.startswith('<section id="note-add"')
    assert '<textarea name="text"' in body and "Fråga om tandläkaren</textarea>" not in body
    assert 'hx-swap-oob="afterbegin:#note-list"' in body and f'id="note-{note.pk}"' in body
    assert 'id="notes-summary"' in body and "1 anteckning av 1 har inget beslut än." in body
    assert "Anteckningen är sparad. Bara du ser den." in body


def test_an_empty_note_is_refused_with_htmx_and_says_what_to_do(ombud_client, contact):
    response = ombud_client.post(_notes_url(contact), {"text": "  "}, **HTMX)
    assert response.status_code == 422
    assert "Fyll i det här fältet." in response.content.decode()
    assert not WorkingNote.objects.exists()


def test_a_too_long_note_keeps_what_was_typed_without_javascript(ombud_client, contact, note):
    typed = "Lång anteckning " * 400
    response = ombud_client.post(_notes_url(contact), {"text": typed})
    body = response.content.decode()
    assert response.status_code == 422
    assert "<html" in body and "Korta ner den till högst 5000 tecken." in body
    assert typed.strip() in body
    assert SECRET in body  # the rest of the page is still there
    assert WorkingNote.objects.count() == 1


def test_a_too_long_note_keeps_what_was_typed_with_htmx(ombud_client, contact):
    typed = "Lång anteckning " * 400
    response = ombud_client.post(_notes_url(contact), {"text": typed}, **HTMX)
    body = response.content.decode()
    assert response.status_code == 422
    assert body.startswith('<section id="note-add"')
    assert typed.strip() in body and 'aria-invalid="true"' in body


def test_editing_with_htmx_opens_the_form_in_place_and_saves_the_row(ombud_client, note):
    url = reverse("ombud_note_edit", args=[note.pk])
    form = ombud_client.get(url, **HTMX).content.decode()
    assert form.startswith(f'<li id="note-{note.pk}" class="working-note editing"')
    assert SECRET in form
    response = ombud_client.post(url, {"text": "Fråga om sömnen."}, **HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert body.startswith(f'<li id="note-{note.pk}" class="working-note"')
    assert "Fråga om sömnen." in body and "Anteckningen är sparad." in body
    note.refresh_from_db()
    assert note.text == "Fråga om sömnen."


def test_editing_without_javascript_is_a_page_and_a_redirect(ombud_client, contact, note):
    url = reverse("ombud_note_edit", args=[note.pk])
    page = ombud_client.get(url)
    assert page.status_code == 200 and "<html" in page.content.decode()
    response = ombud_client.post(url, {"text": "Fråga om sömnen."})
    assert response.status_code == 302
    assert response["Location"] == f"{_notes_url(contact)}#note-{note.pk}"


def test_an_edit_with_errors_keeps_the_note_and_says_what_to_do(ombud_client, note):
    url = reverse("ombud_note_edit", args=[note.pk])
    response = ombud_client.post(url, {"text": ""}, **HTMX)
    assert response.status_code == 422
    assert "Fyll i det här fältet." in response.content.decode()
    note.refresh_from_db()
    assert note.text == SECRET


def test_choosing_hand_over_with_htmx_returns_the_row_in_words_and_the_count(ombud_client, note):
    response = ombud_client.post(
        reverse("ombud_note_disposition", args=[note.pk]), {"disposition": "hand_over"}, **HTMX
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.startswith(f'<li id="note-{note.pk}"')
    assert "Lämnas till klienten" in body
    assert 'value="hand_over" class="button primary" aria-pressed="true"' in body
    assert "Du har bestämt för alla anteckningar." in body and 'hx-swap-oob="true"' in body
    assert "Anteckningen lämnas till klienten när kontakten slutar." in body
    note.refresh_from_db()
    assert note.disposition == Disposition.HAND_OVER


def test_choosing_destroy_without_javascript_redirects_with_a_message(ombud_client, contact, note):
    response = ombud_client.post(
        reverse("ombud_note_disposition", args=[note.pk]), {"disposition": "destroy"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{_notes_url(contact)}#note-{note.pk}"
    page = ombud_client.get(response["Location"]).content.decode()
    assert "Anteckningen förstörs när kontakten slutar." in page
    note.refresh_from_db()
    assert note.disposition == Disposition.DESTROY


@pytest.mark.parametrize("headers", [HTMX, {}], ids=["htmx", "plain"])
def test_an_unknown_choice_is_refused_and_says_what_to_choose(ombud_client, note, headers):
    response = ombud_client.post(
        reverse("ombud_note_disposition", args=[note.pk]), {"disposition": "archive"}, **headers
    )
    assert response.status_code == 422
    assert "Välj Lämna till klienten eller Förstör." in response.content.decode()
    note.refresh_from_db()
    assert note.disposition == Disposition.UNDECIDED


def test_deleting_with_htmx_removes_the_row_and_updates_the_count(ombud_client, contact, note):
    response = ombud_client.post(reverse("ombud_note_delete", args=[note.pk]), **HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert f'id="note-{note.pk}"' not in body  # the row is swapped for nothing
    assert 'id="notes-summary"' in body and "Anteckningen är borttagen för alltid." in body
    assert not WorkingNote.objects.filter(pk=note.pk).exists()


def test_deleting_without_javascript_redirects_to_the_notes(ombud_client, contact, note):
    response = ombud_client.post(reverse("ombud_note_delete", args=[note.pk]))
    assert response.status_code == 302
    assert response["Location"] == _notes_url(contact)
    assert not WorkingNote.objects.filter(pk=note.pk).exists()


def test_writing_notes_sends_nothing_to_the_clients_phone(ombud_client, contact, note):
    seq = contact.last_seq
    ombud_client.post(_notes_url(contact), {"text": "Ny"})
    ombud_client.post(reverse("ombud_note_disposition", args=[note.pk]), {"disposition": "destroy"})
    ombud_client.post(reverse("ombud_note_delete", args=[note.pk]))
    contact.refresh_from_db()
    assert contact.last_seq == seq


def test_the_clients_pages_never_show_a_note(client_client, note):
    for name in ("client_plan", "client_more", "client_who_looked", "client_messages"):
        body = client_client.get(reverse(name)).content.decode()
        assert SECRET not in body, name


# Who may open them: the contact's own ombud, and nobody else (not even the client).


def _note_urls(contact, note):
    """(method, url, data, status for the contact's own ombud); deleting last."""
    return [
        ("get", _notes_url(contact), None, 200),
        ("post", _notes_url(contact), {"text": "Ny anteckning"}, 302),
        ("get", reverse("ombud_note_edit", args=[note.pk]), None, 200),
        ("post", reverse("ombud_note_edit", args=[note.pk]), {"text": "Ändrad"}, 302),
        (
            "post",
            reverse("ombud_note_disposition", args=[note.pk]),
            {"disposition": "hand_over"},
            302,
        ),
        ("post", reverse("ombud_note_delete", args=[note.pk]), {}, 302),
    ]


def test_every_notes_url_is_only_for_the_contacts_own_ombud(person, browsers, contact, note):
    for method, url, data, owner_status in _note_urls(contact, note):
        browser = browsers[person]
        response = browser.get(url) if method == "get" else browser.post(url, data)
        expected = owner_status if person == "ombud" else 404
        assert response.status_code == expected, (person, method, url)
        if person != "ombud":
            assert SECRET not in response.content.decode()
    if person != "ombud":
        note.refresh_from_db()
        assert (note.text, note.disposition) == (SECRET, Disposition.UNDECIDED)
        assert WorkingNote.objects.count() == 1


def test_an_ombud_cannot_see_another_ombuds_notes_page_or_note(
    other_ombud_client, ombud_client, other_contact, other_ombud, contact, note
):
    theirs = add_note(other_contact, other_ombud, text="Johans anteckning om Omar")
    assert other_ombud_client.get(_notes_url(contact)).status_code == 404
    assert ombud_client.get(_notes_url(other_contact)).status_code == 404
    assert ombud_client.get(reverse("ombud_note_edit", args=[theirs.pk])).status_code == 404
    own_page = other_ombud_client.get(_notes_url(other_contact)).content.decode()
    assert "Johans anteckning om Omar" in own_page and SECRET not in own_page


def test_the_notes_page_uses_the_same_queries_for_few_and_many_notes(ombud_client, contact, ombud):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert ombud_client.get(_notes_url(contact)).status_code == 200
        return len(captured)

    add_note(contact, ombud, text="En")
    few = queries()
    for n in range(40):
        note = add_note(contact, ombud, text=f"Anteckning {n}")
        if n % 2:
            set_disposition(note, ombud, disposition=Disposition.DESTROY)
    assert queries() == few
    assert few <= 8
