"""Ending together means together: the ombud proposes, only the client's yes ends it (with
the reason the ombud gave); "Inte än" keeps the contact and tells the ombud; the client
can still end alone at any time; the ombud alone closes only a lost contact, and the
client keeps their copy window and is told, kindly."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from portal.actions import ending, proposals
from portal.actions.contacts import change_phase
from portal.actions.errors import WrongStatus
from portal.actions.notes import add_note, set_disposition
from portal.models import Contact, ContactEvent, Proposal, PushSubscription, StatisticsRecord

Verb = ContactEvent.Verb


def _ended_how(contact) -> str | None:
    record = StatisticsRecord.objects.order_by("-pk").first()
    contact.refresh_from_db()
    return record.ended_how if record else None


def test_the_ombud_can_no_longer_end_a_contact_together_alone(contact, ombud, ombud_client):
    change_phase(contact, ombud, phase=3)
    for how in ("done", "other_service", "moved", "other", ""):
        with pytest.raises(PermissionDenied):
            ending.end_contact(contact, ombud, how=how)
    # The page that used to close "together" in one tap asks for a lost contact now.
    response = ombud_client.post(reverse("ombud_close", args=[contact.pk]), {"reason": "done"})
    assert response.status_code == 422
    contact.refresh_from_db()
    assert contact.status == Contact.Status.ACTIVE
    assert not StatisticsRecord.objects.exists()


def test_propose_not_yet_then_yes_ends_together_with_the_proposals_reason_only_then(
    contact, ombud, client_user
):
    first = ending.propose_ending(contact, ombud, reason="other_service", words="Vi ses!")
    assert first.status == Proposal.Status.OPEN
    proposals.answer(first, client_user, yes=False)
    contact.refresh_from_db()
    assert contact.status == Contact.Status.ACTIVE
    assert not StatisticsRecord.objects.exists()
    assert contact.events.first().verb == Verb.ANSWERED_PROPOSAL
    assert contact.events.first().subject == "Inte än"

    later = ending.propose_ending(contact, ombud, reason="other_service")
    proposals.answer(later, client_user, yes=True)
    assert _ended_how(contact) == "other_service"
    assert contact.status == Contact.Status.ENDED
    assert list(contact.events.order_by("-seq").values_list("verb", flat=True)[:2]) == [
        Verb.ENDED,
        Verb.ANSWERED_PROPOSAL,
    ]
    first.refresh_from_db()
    later.refresh_from_db()
    assert (first.status, later.status) == ("declined", "accepted")


def test_the_work_is_done_only_in_the_ending_phase(contact, ombud, client_user):
    with pytest.raises(PermissionDenied):
        ending.propose_ending(contact, ombud, reason="done")
    change_phase(contact, ombud, phase=3)
    proposals.answer(ending.propose_ending(contact, ombud, reason="done"), client_user, yes=True)
    assert _ended_how(contact) == "done"


def test_lost_contact_and_death_are_not_reasons_to_propose(contact, ombud):
    for reason in ("lost_contact", "died", "client", "other"):
        with pytest.raises(ValueError):
            ending.propose_ending(contact, ombud, reason=reason)


def test_the_client_can_still_end_alone_while_a_proposal_is_open(contact, ombud, client_user):
    proposal = ending.propose_ending(contact, ombud, reason="moved")
    ending.end_contact(contact, client_user)
    assert _ended_how(contact) == "client"
    with pytest.raises(WrongStatus):
        proposals.answer(proposal, client_user, yes=True)
    assert StatisticsRecord.objects.count() == 1


def test_every_note_must_be_decided_before_proposing(contact, ombud):
    note = add_note(contact, ombud, text="Ring FK")
    with pytest.raises(ending.NotesUndecided) as undecided:
        ending.propose_ending(contact, ombud, reason="moved")
    assert "1 anteckning" in undecided.value.message
    set_disposition(note, ombud, disposition="hand_over")
    assert ending.propose_ending(contact, ombud, reason="moved").status == "open"


def test_one_proposal_at_a_time_and_only_the_client_answers(contact, ombud, client_user):
    proposal = ending.propose_ending(contact, ombud, reason="moved")
    with pytest.raises(WrongStatus):
        ending.propose_ending(contact, ombud, reason="other_service")
    with pytest.raises(PermissionDenied):
        proposals.answer(proposal, ombud, yes=True)
    with pytest.raises(PermissionDenied):
        ending.propose_ending(contact, client_user, reason="moved")


def test_the_ombud_can_withdraw_a_proposal_and_then_it_cannot_be_answered(
    contact, ombud, client_user, other_ombud
):
    proposal = ending.propose_ending(contact, ombud, reason="moved")
    with pytest.raises(PermissionDenied):
        proposals.withdraw(proposal, other_ombud)
    with pytest.raises(PermissionDenied):
        proposals.withdraw(proposal, client_user)
    proposals.withdraw(proposal, ombud)
    with pytest.raises(WrongStatus):
        proposals.answer(proposal, client_user, yes=True)
    contact.refresh_from_db()
    assert contact.status == Contact.Status.ACTIVE


def test_a_proposal_reaches_the_client_as_a_numbered_event_and_a_content_free_push(
    contact, ombud, client_user, published, django_capture_on_commit_callbacks, monkeypatch
):
    sent = []
    monkeypatch.setattr(
        "portal.actions.ending.notify", lambda user, kind: sent.append((user, kind))
    )
    with django_capture_on_commit_callbacks(execute=True):
        ending.propose_ending(contact, ombud, reason="moved")
    assert published == [
        (
            f"contact-{contact.pk}",
            {"type": "contact.changed", "contact": contact.pk, "seq": contact.last_seq},
        )
    ]
    assert sent == [(client_user, "proposal")]
    from portal.push import KINDS

    assert KINDS["proposal"].text == "Ditt ombud har skickat ett förslag"


# --- Lost contact: the ombud closes alone, the client keeps their window ------------------


def test_lost_contact_closes_with_its_reason_and_the_client_keeps_the_copy_window(
    contact, ombud, client_user, client, django_capture_on_commit_callbacks, monkeypatch
):
    PushSubscription.objects.create(
        user=client_user, endpoint="https://push.example.net/maja", p256dh="x", auth="y"
    )
    sent = []
    monkeypatch.setattr(
        "portal.push.dispatcher.submit", lambda target, data, kind: sent.append((data, kind))
    )
    with django_capture_on_commit_callbacks(execute=True):
        ending.end_contact(contact, ombud, how="lost_contact")
    assert _ended_how(contact) == "lost_contact"
    # One content-free notice, then nothing more: the subscription is gone.
    assert [kind for _data, kind in sent] == ["ended"]
    assert "Maja" not in sent[0][0] and "/min-kopia/" in sent[0][0]
    assert not PushSubscription.objects.exists()
    # Maja signs in during the window: her copy, and why it ended, in kind words.
    client.force_login(client_user)
    assert client.get(reverse("client_plan"))["Location"] == reverse("client_copy")
    page = client.get(reverse("client_copy")).content.decode()
    assert "Hämta din kopia före" in page
    assert "Anna avslutade kontakten, eftersom ni inte har fått kontakt" in page
    assert "Det är inget fel av dig." in page
    copy = client.get(reverse("client_copy_download", args=["json"])).json()
    assert copy["why_it_ended"].startswith("Anna avslutade kontakten")


def test_a_client_who_died_gets_no_notice(contact, ombud, client_user, monkeypatch):
    PushSubscription.objects.create(
        user=client_user, endpoint="https://push.example.net/maja", p256dh="x", auth="y"
    )
    sent = []
    monkeypatch.setattr("portal.actions.ending.notify", lambda user, kind: sent.append(kind))
    ending.end_contact(contact, ombud, how="died")
    assert _ended_how(contact) == "died" and sent == []


def test_closing_alone_has_a_confirm_page(contact, ombud_client):
    url = reverse("ombud_close", args=[contact.pk])
    page = ombud_client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Avsluta utan svar från Maja" in body and "Tappad kontakt" in body
    assert ombud_client.post(url, {}).status_code == 422
    contact.refresh_from_db()
    assert contact.status == Contact.Status.ACTIVE


# --- The pages -----------------------------------------------------------------------


def test_the_whole_proposal_through_the_pages(contact, ombud, ombud_client, client_client):
    plan = reverse("ombud_plan", args=[contact.pk])
    assert "Skicka förslaget till Maja" in ombud_client.get(plan).content.decode()
    response = ombud_client.post(
        reverse("ombud_propose_end", args=[contact.pk]),
        {"reason": "other_service", "words": "Tack för den här tiden."},
    )
    assert response.status_code == 302
    assert "väntar på svar från Maja" in ombud_client.get(plan).content.decode()

    # Maja's plan says it calmly, with what happens next.
    mine = client_client.get(reverse("client_plan")).content.decode()
    assert "Anna föreslår att ni avslutar kontakten" in mine
    assert "En annan verksamhet tar över stödet till dig." in mine
    assert "Tack för den här tiden." in mine
    assert "i 30 dagar" in mine and "komma tillbaka senare" in mine
    assert "Ja, vi avslutar" in mine and "Inte än" in mine

    proposal = Proposal.objects.get()
    answer = reverse("client_proposal_answer", args=[proposal.pk])
    assert client_client.post(answer, {"answer": "not_yet"}).status_code == 302
    assert "Anna föreslår" not in client_client.get(reverse("client_plan")).content.decode()
    assert "Maja svarade ”Inte än”" in ombud_client.get(plan).content.decode()

    ombud_client.post(reverse("ombud_propose_end", args=[contact.pk]), {"reason": "moved"})
    again = Proposal.objects.get(status="open")
    response = client_client.post(
        reverse("client_proposal_answer", args=[again.pk]), {"answer": "yes"}
    )
    assert response["Location"] == reverse("client_copy")
    assert _ended_how(contact) == "moved"
    assert "eftersom du flyttar" in client_client.get(reverse("client_copy")).content.decode()


def test_the_propose_form_says_what_is_missing(contact, ombud, ombud_client):
    add_note(contact, ombud, text="Inte bestämd")
    plan = ombud_client.get(reverse("ombud_plan", args=[contact.pk])).content.decode()
    assert "Bestäm först vad som ska hända med 1 anteckning" in plan
    response = ombud_client.post(reverse("ombud_propose_end", args=[contact.pk]), {"reason": ""})
    assert response.status_code == 422
    assert not Proposal.objects.exists()


def test_an_answer_to_someone_elses_proposal_is_404(
    contact, ombud, other_client_client, other_ombud_client, coordinator_client
):
    proposal = ending.propose_ending(contact, ombud, reason="moved")
    url = reverse("client_proposal_answer", args=[proposal.pk])
    assert other_client_client.post(url, {"answer": "yes"}).status_code == 404
    for browser in (other_ombud_client, coordinator_client):
        assert browser.post(url, {"answer": "yes"}).status_code == 404
    withdraw = reverse("ombud_end_withdraw", args=[proposal.pk])
    assert other_ombud_client.post(withdraw).status_code == 404
    proposal.refresh_from_db()
    assert proposal.status == "open"


def test_the_proposal_reads_in_english_too(contact, ombud, client_client, ombud_client, settings):
    ending.propose_ending(contact, ombud, reason="moved")
    for browser in (client_client, ombud_client):
        browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    mine = client_client.get(reverse("client_plan")).content.decode()
    assert "Anna proposes that you end the contact" in mine
    assert "You are moving, and the support cannot come with you." in mine
    assert "Yes, we end it" in mine and "Not yet" in mine
    theirs = ombud_client.get(reverse("ombud_plan", args=[contact.pk])).content.decode()
    assert "The proposal is waiting for an answer from Maja." in theirs
