"""portal.actions.failures and portal.queries.failures: recording system failures, their status
flow, "seen again", who may do what, and the anonymity guard inside the actions."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from portal.actions.failures import (
    WrongStatus,
    close,
    edit_failure,
    mark_sent,
    record_answer,
    seen_again,
)
from portal.anonymity import IdentifyingText
from portal.models import (
    FailureCategory,
    FailureOrganisation,
    Level,
    SystemFailure,
)
from portal.queries import failures as reading

Status = SystemFailure.Status
SentTo = SystemFailure.SentTo
DAY = datetime.date(2025, 3, 3)  # the day of the shared `failure` (tests/conftest.py)


# Recording


def test_an_ombud_records_a_failure_as_a_draft_with_a_new_organisation(failure, ombud, operation):
    assert failure.status == Status.DRAFT
    assert failure.operation == operation
    assert failure.created_by == ombud
    assert failure.organisation.name == "Försäkringskassan"
    assert failure.organisation.operation == operation


def test_a_new_organisation_with_the_same_name_is_the_same_organisation(
    failure, other_ombud, failure_by
):
    again = failure_by(other_ombud, new_organisation="  FÖRSÄKRINGSKASSAN ")
    assert again.organisation == failure.organisation
    assert FailureOrganisation.objects.count() == 1


def test_an_organisation_can_be_chosen_from_the_operations_list(failure, other_ombud, failure_by):
    chosen = failure_by(other_ombud, organisation_id=failure.organisation_id, new_organisation="")
    assert chosen.organisation == failure.organisation


def test_an_organisation_of_another_operation_cannot_be_chosen(
    failure, neighbour_ombud, failure_by
):
    with pytest.raises(PermissionDenied):
        failure_by(neighbour_ombud, organisation_id=failure.organisation_id)


@pytest.mark.parametrize("person", ["coordinator", "client_user"])
def test_only_an_ombud_records_a_failure(person, request, failure_by):
    with pytest.raises(PermissionDenied):
        failure_by(request.getfixturevalue(person))


def test_a_failure_affects_at_least_one_client(ombud, failure_by):
    with pytest.raises(ValueError):
        failure_by(ombud, clients_affected=0)


# The anonymity guard inside the actions (defence in depth: not only the forms)


@pytest.mark.parametrize(
    "field,text",
    [
        ("description", "Maja fick vänta i ett år."),
        ("improvement", "Ring 070-123 45 67 direkt."),
        ("new_organisation", "Handläggare maja@example.se"),
        ("description", "Gäller 19850412-1230."),
    ],
)
def test_the_action_refuses_text_that_could_point_out_a_client(
    field, text, ombud, contact, failure_by
):
    with pytest.raises(IdentifyingText) as refused:
        failure_by(ombud, **{field: text})
    assert isinstance(refused.value, ValidationError)
    assert "Ta bort det och försök igen." in refused.value.message_dict[field][0]
    assert not SystemFailure.objects.exists()
    assert not FailureOrganisation.objects.exists()


def test_the_guard_in_the_action_checks_the_writers_own_clients(other_ombud, contact, failure_by):
    """Maja is Anna's client, not Johan's: Johan does not know her."""
    failure = failure_by(other_ombud, description="Maja Gisladottir var chef där förr.")
    assert failure.pk


def test_an_edit_and_an_answer_go_through_the_guard_too(failure, ombud, contact):
    with pytest.raises(IdentifyingText):
        edit_failure(failure, ombud, **_fields(failure, description="Majas ärende"))
    mark_sent(failure, ombud, sent_to=SentTo.ORGANISATION, sent_on=DAY)
    with pytest.raises(IdentifyingText):
        record_answer(failure, ombud, answer="Vi har ringt Maja.", answered_on=DAY)
    failure.refresh_from_db()
    assert failure.status == Status.SENT and failure.answer == ""


# Editing: a draft, by its author


def _fields(failure: SystemFailure, **changes) -> dict:
    return {
        "occurred_on": failure.occurred_on,
        "level": failure.level,
        "category": failure.category,
        "description": failure.description,
        "clients_affected": failure.clients_affected,
        "improvement": failure.improvement,
        "organisation_id": failure.organisation_id,
        **changes,
    }


def test_the_author_edits_a_draft(failure, ombud):
    edit_failure(failure, ombud, **_fields(failure, level=Level.LOCAL, clients_affected=4))
    failure.refresh_from_db()
    assert failure.level == Level.LOCAL and failure.clients_affected == 4


def test_the_author_can_move_a_draft_to_a_new_organisation(failure, ombud):
    edit_failure(
        failure, ombud, **_fields(failure, organisation_id=None, new_organisation="Psykiatrin")
    )
    failure.refresh_from_db()
    assert failure.organisation.name == "Psykiatrin"


@pytest.mark.parametrize("person", ["other_ombud", "coordinator"])
def test_only_the_author_edits(person, failure, request):
    with pytest.raises(PermissionDenied):
        edit_failure(failure, request.getfixturevalue(person), **_fields(failure))


def test_a_sent_failure_cannot_be_edited(failure, ombud):
    mark_sent(failure, ombud, sent_to=SentTo.STEERING, sent_on=DAY)
    with pytest.raises(WrongStatus) as wrong:
        edit_failure(failure, ombud, **_fields(failure, description="Ändrad"))
    assert wrong.value.message == "Den är redan skickad och kan inte ändras längre."
    failure.refresh_from_db()
    assert failure.description != "Ändrad"


# The status flow: draft → sent → answered → closed, or sent → closed


def test_a_failure_is_sent_answered_and_closed(failure, ombud, coordinator):
    mark_sent(failure, ombud, sent_to=SentTo.BOTH, sent_on=DAY)
    failure.refresh_from_db()
    assert (failure.status, failure.sent_to, failure.sent_on) == (Status.SENT, SentTo.BOTH, DAY)
    answered_on = DAY + datetime.timedelta(days=20)
    record_answer(failure, coordinator, answer="Vi ser över rutinen.", answered_on=answered_on)
    failure.refresh_from_db()
    assert failure.status == Status.ANSWERED
    assert (failure.answer, failure.answered_on) == ("Vi ser över rutinen.", answered_on)
    close(failure, coordinator)
    failure.refresh_from_db()
    assert failure.status == Status.CLOSED


def test_a_sent_failure_can_be_closed_without_an_answer(failure, other_ombud):
    mark_sent(failure, other_ombud, sent_to=SentTo.ORGANISATION, sent_on=DAY)
    close(failure, other_ombud)
    failure.refresh_from_db()
    assert failure.status == Status.CLOSED and failure.answer == ""


def test_a_draft_can_be_neither_answered_nor_closed(failure, ombud):
    with pytest.raises(WrongStatus):
        record_answer(failure, ombud, answer="Svar", answered_on=DAY)
    with pytest.raises(WrongStatus):
        close(failure, ombud)
    failure.refresh_from_db()
    assert failure.status == Status.DRAFT


def test_a_failure_is_marked_sent_once(failure, ombud, coordinator):
    mark_sent(failure, ombud, sent_to=SentTo.ORGANISATION, sent_on=DAY)
    with pytest.raises(WrongStatus):
        mark_sent(failure, coordinator, sent_to=SentTo.STEERING, sent_on=DAY)
    failure.refresh_from_db()
    assert failure.sent_to == SentTo.ORGANISATION


def test_an_answer_cannot_come_before_the_failure_was_sent(failure, ombud):
    mark_sent(failure, ombud, sent_to=SentTo.ORGANISATION, sent_on=DAY)
    with pytest.raises(ValueError):
        record_answer(failure, ombud, answer="Svar", answered_on=DAY - datetime.timedelta(days=1))


def test_a_closed_failure_stays_closed(failure, ombud):
    mark_sent(failure, ombud, sent_to=SentTo.ORGANISATION, sent_on=DAY)
    close(failure, ombud)
    with pytest.raises(WrongStatus):
        close(failure, ombud)
    with pytest.raises(WrongStatus):
        record_answer(failure, ombud, answer="Sent svar", answered_on=DAY)


@pytest.mark.parametrize("person", ["client_user", "neighbour_ombud"])
def test_status_changes_are_for_ombud_and_coordinators_of_the_operation(person, failure, request):
    actor = request.getfixturevalue(person)
    with pytest.raises(PermissionDenied):
        mark_sent(failure, actor, sent_to=SentTo.ORGANISATION, sent_on=DAY)
    failure.refresh_from_db()
    assert failure.status == Status.DRAFT


# Seen again: how recurrence shows


def test_ombud_of_the_operation_say_they_have_seen_it_again(failure, ombud, other_ombud):
    seen_again(failure, other_ombud, seen_on=DAY, clients_affected=3)
    seen_again(failure, ombud, seen_on=DAY + datetime.timedelta(days=40), clients_affected=1)
    listed = reading.get_failure(ombud, failure.pk)
    assert (listed.seen_again, listed.times_met, listed.clients_in_all) == (2, 3, 2 + 3 + 1)
    assert [s.ombud for s in reading.sightings_of(failure)] == [ombud, other_ombud]


def test_a_closed_failure_can_still_be_seen_again(failure, ombud, other_ombud):
    mark_sent(failure, ombud, sent_to=SentTo.ORGANISATION, sent_on=DAY)
    close(failure, ombud)
    seen_again(failure, other_ombud, seen_on=DAY, clients_affected=1)
    assert failure.sightings.count() == 1


@pytest.mark.parametrize("person", ["coordinator", "client_user", "neighbour_ombud"])
def test_only_ombud_of_the_operation_see_it_again(person, failure, request):
    with pytest.raises(PermissionDenied):
        seen_again(failure, request.getfixturevalue(person), seen_on=DAY, clients_affected=1)
    assert not failure.sightings.exists()


# Reading: the own operation only


def test_ombud_and_coordinators_see_their_operations_failures(failure, other_ombud, coordinator):
    assert list(reading.failures_for(other_ombud)) == [failure]
    assert list(reading.failures_for(coordinator)) == [failure]
    assert reading.get_failure(coordinator, failure.pk) == failure


@pytest.mark.parametrize("person", ["client_user", "neighbour_ombud"])
def test_clients_and_other_operations_see_no_failures(person, failure, request):
    user = request.getfixturevalue(person)
    assert not reading.failures_for(user).exists()
    with pytest.raises(Http404):
        reading.get_failure(user, failure.pk)


def test_a_new_failure_has_been_met_once_with_its_own_clients(failure, ombud):
    listed = reading.get_failure(ombud, failure.pk)
    assert (listed.seen_again, listed.times_met, listed.clients_in_all) == (0, 1, 2)


def test_the_list_is_filtered_by_organisation_level_category_status_and_dates(ombud, failure_by):
    first = failure_by(ombud)
    second = failure_by(
        ombud,
        occurred_on=DAY + datetime.timedelta(days=60),
        level=Level.CENTRAL,
        category=FailureCategory.RULES,
        new_organisation="Arbetsförmedlingen",
    )
    mark_sent(second, ombud, sent_to=SentTo.STEERING, sent_on=second.occurred_on)

    def found(**filters):
        queryset = reading.filtered(reading.failures_for(ombud), reading.Filters(**filters))
        return list(queryset)

    assert found() == [second, first]
    assert found(organisation=first.organisation_id) == [first]
    assert found(level=Level.CENTRAL) == [second]
    assert found(category=FailureCategory.HANDLING) == [first]
    assert found(status=Status.SENT) == [second]
    assert found(date_from=DAY + datetime.timedelta(days=1)) == [second]
    assert found(date_to=DAY) == [first]
