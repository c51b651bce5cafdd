"""A letter's card live: added (newest first), read by the worker, corrected, its tasks
put in the plan, removed; on both phones, with the consent flag for the ombud only."""

from portal.actions import letters as letter_actions
from portal.actions.consent import record_paper_consent
from portal.models import ContactEvent
from realtime.frames import render_event

Verb = ContactEvent.Verb
PLAN = {"assignment-list", "letter-list", "consent-list", "change-list", "next"}


def _event(contact, verb):
    return contact.events.filter(verb=verb).first()


def test_an_added_letter_is_prepended_as_reading_on_the_other_phone(
    contact, client_user, ombud, letter_read
):
    letter = letter_read(contact, client_user)
    html = render_event(_event(contact, Verb.ADDED_LETTER), ombud, on_page=True, parts=PLAN)
    assert 'hx-swap-oob="afterbegin:#letter-list"' in html
    assert f'id="letter-{letter.pk}"' in html
    assert "Maja lade till ett brev." in html  # the announcement


def test_the_read_letter_replaces_its_card_on_both_phones(contact, client_user, ombud, letter_read):
    letter = letter_read(contact, client_user)
    event = _event(contact, Verb.READ_LETTER)
    assert event.actor is None
    for viewer in (client_user, ombud):
        html = render_event(event, viewer, on_page=True, parts=PLAN)
        assert f'hx-swap-oob="outerHTML:#letter-{letter.pk}:not(.editing)"' in html
        assert "Vill du överklaga? Gör det senast tisdag 24 november." in html
        assert "Nu har appen läst brevet." in html
        assert "change-list" not in html  # nobody did it: not in "who changed what"
        assert ("Samtycke saknas för Försäkringskassan." in html) == viewer.is_ombud


def test_a_page_without_letters_gets_no_card(contact, client_user, ombud, letter_read):
    letter_read(contact, client_user)
    html = render_event(
        _event(contact, Verb.READ_LETTER), ombud, on_page=True, parts={"message-list"}
    )
    assert "letter-" not in html


def test_a_consent_recorded_clears_the_flag_on_the_ombuds_card(
    contact, client_user, ombud, letter_read
):
    letter = letter_read(contact, client_user)
    record_paper_consent(contact, ombud, organisation="forsakringskassan", covers="Beslutet")
    html = render_event(contact.events.first(), ombud, on_page=True, parts=PLAN)
    assert f"#letter-{letter.pk}:not(.editing)" in html
    assert "Samtycke saknas" not in html


def test_a_removed_letter_is_removed_from_the_page(contact, client_user, ombud, letter_read):
    letter = letter_read(contact, client_user)
    pk = letter.pk
    letter_actions.remove_letter(letter, client_user)
    html = render_event(contact.events.first(), ombud, on_page=True, parts=PLAN)
    assert f'hx-swap-oob="delete:#letter-{pk}"' in html


def test_an_unreadable_letter_is_announced_as_such(contact, client_user, ombud):
    from portal.models import Letter

    letter = Letter.objects.create(contact=contact, added_by=client_user)
    letter_actions.reading_failed(letter)
    html = render_event(contact.events.first(), ombud, on_page=True, parts=PLAN)
    assert "Appen kunde inte läsa brevet." in html
    assert "Ta ett nytt foto i bra ljus" in html
