"""Requests for an ombud: registering, the queue, the caseload limit and its override."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone

from portal.actions import intake as actions
from portal.models import (
    Channel,
    Contact,
    Gender,
    Intake,
    PriorityGround,
    Referrer,
    RequestOutcome,
    RequestRecord,
    Role,
    User,
)
from portal.queries import intake as queries

FULL_MESSAGE = (
    "Anna har redan 15 klienter, som är taket för en heltid. "
    "Välj ett annat ombud, eller skriv varför ni ändå gör så här."
)


def _request(actor, name="Lena Berg", **extra) -> Intake:
    fields = {
        "channel": Channel.PHONE,
        "referrer": Referrer.SELF,
        "name": name,
        "phone": "070-123 45 67",
        "gender": Gender.WOMAN,
        **extra,
    }
    return actions.register_intake(actor, **fields)


def _came_in(intake: Intake, days_ago: int) -> Intake:
    Intake.objects.filter(pk=intake.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days_ago),
        requested_on=timezone.localdate() - datetime.timedelta(days=days_ago),
    )
    intake.refresh_from_db()
    return intake


# Registering


def test_a_coordinator_registers_a_request_with_the_minimum_needed(coordinator, ground):
    intake = _request(
        coordinator,
        channel=Channel.VIA_OTHER,
        referrer=Referrer.SOCIAL_SERVICES,
        email="lena@example.se",
        birth_year=1990,
        priority_grounds=[ground],
    )
    intake.refresh_from_db()
    assert intake.status == Intake.Status.WAITING
    assert (intake.operation, intake.registered_by) == (coordinator.operation, coordinator)
    assert (intake.channel, intake.referrer) == (Channel.VIA_OTHER, Referrer.SOCIAL_SERVICES)
    assert (intake.phone, intake.email, intake.birth_year) == (
        "070-123 45 67",
        "lena@example.se",
        1990,
    )
    assert list(intake.priority_grounds.all()) == [ground]


def test_an_ombud_registers_a_request_too(ombud):
    assert _request(ombud).registered_by == ombud


def test_a_client_cannot_register_a_request(client_user):
    with pytest.raises(PermissionDenied):
        _request(client_user)


def test_a_request_needs_a_phone_number_or_an_email_address(coordinator):
    with pytest.raises(ValueError):
        _request(coordinator, phone="", email="")


def test_another_operations_priority_grounds_cannot_be_used(coordinator, neighbour_coordinator):
    theirs = actions.add_priority_ground(neighbour_coordinator, "Unga vuxna 18–25")
    with pytest.raises(PermissionDenied):
        _request(coordinator, priority_grounds=[theirs])


def test_only_a_coordinator_adds_priority_grounds(coordinator, ombud, client_user):
    assert actions.add_priority_ground(coordinator, "  Inget annat stöd ").label == (
        "Inget annat stöd"
    )
    for someone in (ombud, client_user):
        with pytest.raises(PermissionDenied):
            actions.add_priority_ground(someone, "Något")


# The queue


def test_the_queue_puts_priority_first_then_the_oldest(coordinator, ground, neighbour_coordinator):
    old = _came_in(_request(coordinator, "Gammal"), 30)
    new = _came_in(_request(coordinator, "Ny"), 2)
    urgent_new = _came_in(_request(coordinator, "Förtur ny", priority_grounds=[ground]), 1)
    urgent_old = _came_in(_request(coordinator, "Förtur gammal", priority_grounds=[ground]), 5)
    _request(neighbour_coordinator, "Någon annanstans")
    order = list(queries.queue(coordinator.operation))
    assert order == [urgent_old, urgent_new, old, new]
    assert [intake.has_priority for intake in order] == [True, True, False, False]


def test_several_grounds_do_not_put_a_request_further_ahead(coordinator, ground):
    second = actions.add_priority_ground(coordinator, "Unga vuxna 18–25")
    first = _came_in(_request(coordinator, "En grund", priority_grounds=[ground]), 10)
    both = _came_in(_request(coordinator, "Två grunder", priority_grounds=[ground, second]), 3)
    assert list(queries.queue(coordinator.operation)) == [first, both]


def test_position_counts_from_one_in_queue_order(coordinator, ombud, ground):
    first = _came_in(_request(coordinator, "Först"), 10)
    urgent = _request(coordinator, "Förtur", priority_grounds=[ground])
    assert (queries.position(urgent), queries.position(first)) == (1, 2)
    actions.assign(urgent, coordinator, ombud=ombud)
    assert (queries.position(urgent), queries.position(first)) == (None, 1)


def test_waiting_time_is_whole_days_since_the_request_came_in(coordinator):
    intake = _came_in(_request(coordinator), 12)
    assert queries.waiting_days(intake) == 12
    today = timezone.localdate(intake.created_at)
    assert queries.waiting_days(intake, today=today) == 0


def test_the_summary_gives_the_queue_length_and_the_median_waiting_time(coordinator, ombud):
    assert queries.queue_summary(coordinator.operation) == queries.QueueSummary(0, None)
    for days in (2, 10, 30):
        _came_in(_request(coordinator, f"Väntat {days}"), days)
    assigned = _came_in(_request(coordinator, "Har fått ombud"), 100)
    actions.assign(assigned, coordinator, ombud=ombud)
    assert queries.queue_summary(coordinator.operation) == queries.QueueSummary(3, 10)


# Assigning


def test_assigning_opens_a_contact_with_the_requests_facts(coordinator, ombud):
    intake = _came_in(
        _request(
            coordinator,
            "Lena Maria Berg",
            channel=Channel.LETTER,
            referrer=Referrer.RELATIVE,
            birth_year=1988,
        ),
        7,
    )
    contact = actions.assign(intake, coordinator, ombud=ombud)
    assert (contact.ombud, contact.client.first_name) == (ombud, "Lena")
    assert contact.client.role == Role.CLIENT and not contact.client.has_usable_password()
    assert (contact.gender, contact.birth_year) == (Gender.WOMAN, 1988)
    assert (contact.channel, contact.referrer) == (Channel.LETTER, Referrer.RELATIVE)
    assert contact.requested_on == intake.requested_on
    intake.refresh_from_db()
    assert (intake.status, intake.contact) == (Intake.Status.ASSIGNED, contact)
    assert intake.assigned_at is not None
    assert (intake.override_by, intake.override_reason, intake.override_at) == (None, "", None)


def test_assigning_tells_the_chosen_ombuds_open_pages_about_the_new_contact(
    coordinator, ombud, published, django_capture_on_commit_callbacks
):
    intake = _request(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        actions.assign(intake, coordinator, ombud=ombud)
    assert published == [(f"user-{ombud.pk}", {"type": "user.contacts"})]


def test_the_caseload_limit_is_enforced_with_a_clear_message(coordinator, ombud, give_clients):
    give_clients(ombud, 15)
    intake = _request(coordinator)
    with pytest.raises(actions.CaseloadFull) as full:
        actions.assign(intake, coordinator, ombud=ombud)
    assert full.value.message == FULL_MESSAGE
    assert (full.value.count, full.value.limit) == (15, 15)
    intake.refresh_from_db()
    assert intake.status == Intake.Status.WAITING
    assert Contact.objects.filter(ombud=ombud).count() == 15


def test_the_message_says_when_the_ombud_is_already_over_the_limit(
    coordinator, ombud, give_clients
):
    give_clients(ombud, 16)
    with pytest.raises(actions.CaseloadFull) as full:
        actions.assign(_request(coordinator), coordinator, ombud=ombud)
    assert full.value.message.startswith("Anna har redan 16 klienter. Taket för en heltid är 15.")


def test_the_limit_of_a_part_time_ombud_scales_with_their_time(coordinator, ombud, give_clients):
    ombud.fte = Decimal("0.50")
    ombud.save(update_fields=["fte"])
    give_clients(ombud, 8)
    with pytest.raises(actions.CaseloadFull) as full:
        actions.assign(_request(coordinator), coordinator, ombud=ombud)
    assert "8 klienter, som är taket för en tjänst på 50 %." in full.value.message


def test_ended_contacts_do_not_count_against_the_limit(coordinator, ombud, give_clients):
    give_clients(ombud, 15)
    Contact.objects.filter(pk=Contact.objects.filter(ombud=ombud).first().pk).update(
        status=Contact.Status.ENDED
    )
    assert actions.assign(_request(coordinator), coordinator, ombud=ombud).ombud == ombud


def test_going_over_the_limit_with_a_reason_records_who_why_and_when(
    coordinator, ombud, give_clients
):
    give_clients(ombud, 15)
    intake = _request(coordinator)
    before = timezone.now()
    contact = actions.assign(
        intake, coordinator, ombud=ombud, override_reason="  Anna känner familjen sedan förut. "
    )
    intake.refresh_from_db()
    assert intake.contact == contact
    assert intake.override_by == coordinator
    assert intake.override_reason == "Anna känner familjen sedan förut."
    assert before <= intake.override_at <= timezone.now()
    assert Contact.objects.filter(ombud=ombud, status=Contact.Status.ACTIVE).count() == 16


def test_a_blank_reason_is_no_reason(coordinator, ombud, give_clients):
    give_clients(ombud, 15)
    with pytest.raises(actions.CaseloadFull):
        actions.assign(_request(coordinator), coordinator, ombud=ombud, override_reason="   ")


def test_a_reason_is_recorded_only_when_the_limit_is_passed(coordinator, ombud):
    intake = _request(coordinator)
    actions.assign(intake, coordinator, ombud=ombud, override_reason="För säkerhets skull")
    intake.refresh_from_db()
    assert (intake.override_by, intake.override_reason, intake.override_at) == (None, "", None)


def test_an_ombud_takes_a_request_on_for_themself_only(ombud, other_ombud):
    intake = _request(ombud)
    with pytest.raises(PermissionDenied):
        actions.assign(intake, ombud, ombud=other_ombud)
    assert actions.assign(intake, ombud, ombud=ombud).ombud == ombud


def test_an_ombud_over_their_own_limit_needs_a_reason_too(ombud, give_clients):
    give_clients(ombud, 15)
    intake = _request(ombud)
    with pytest.raises(actions.CaseloadFull):
        actions.assign(intake, ombud, ombud=ombud)
    actions.assign(intake, ombud, ombud=ombud, override_reason="Jag tar över från Johan.")
    intake.refresh_from_db()
    assert intake.override_by == ombud


def test_outsiders_cannot_assign(coordinator, ombud, client_user, neighbour_coordinator):
    intake = _request(coordinator)
    for someone in (client_user, neighbour_coordinator):
        with pytest.raises(PermissionDenied):
            actions.assign(intake, someone, ombud=ombud)


def test_a_request_goes_only_to_an_active_ombud_of_the_operation(
    coordinator, ombud, neighbour_ombud
):
    intake = _request(coordinator)
    with pytest.raises(PermissionDenied):
        actions.assign(intake, coordinator, ombud=neighbour_ombud)
    with pytest.raises(PermissionDenied):
        actions.assign(intake, coordinator, ombud=coordinator)
    ombud.is_active = False
    ombud.save(update_fields=["is_active"])
    with pytest.raises(PermissionDenied):
        actions.assign(intake, coordinator, ombud=ombud)


def test_a_request_cannot_be_assigned_twice(coordinator, ombud, other_ombud):
    intake = _request(coordinator)
    stale = Intake.objects.get(pk=intake.pk)  # what a second coordinator has on screen
    actions.assign(intake, coordinator, ombud=ombud)
    with pytest.raises(actions.NotWaiting):
        actions.assign(stale, coordinator, ombud=other_ombud)
    assert not Contact.objects.filter(ombud=other_ombud).exists()


def test_assigning_locks_the_request_and_then_the_ombud_before_counting(
    coordinator, ombud, monkeypatch
):
    """Two assignments to the same ombud cannot both squeeze under the limit: the second
    waits for the lock on the ombud's row and then counts the first one's contact. SQLite
    has no row locks, so this checks the locks are asked for, in one fixed order."""
    locked = []
    select_for_update = QuerySet.select_for_update

    def spy(queryset, *args, **kwargs):
        locked.append(queryset.model)
        return select_for_update(queryset, *args, **kwargs)

    monkeypatch.setattr(QuerySet, "select_for_update", spy)
    actions.assign(_request(coordinator), coordinator, ombud=ombud)
    assert locked == [Intake, User]


def test_the_count_is_taken_fresh_not_from_the_callers_objects(coordinator, ombud, give_clients):
    intake = _request(coordinator)
    give_clients(ombud, 15)  # after the page was drawn: the lock-time count decides
    with pytest.raises(actions.CaseloadFull):
        actions.assign(intake, coordinator, ombud=ombud)


def test_erasing_the_contact_erases_the_request_with_it(coordinator, ombud):
    intake = _request(coordinator)
    contact = actions.assign(intake, coordinator, ombud=ombud)
    contact.delete()
    assert not Intake.objects.filter(pk=intake.pk).exists()


# Closing a request without a contact


def test_closing_deletes_the_request_for_real_and_keeps_only_a_nameless_record(coordinator, ground):
    intake = _request(coordinator, priority_grounds=[ground])
    record = actions.close_request(intake, coordinator, outcome=RequestOutcome.WITHDRAWN)
    assert not Intake.objects.filter(pk=intake.pk).exists()
    assert (record.outcome, record.channel, record.requested_on) == (
        RequestOutcome.WITHDRAWN,
        intake.channel,
        intake.requested_on,
    )
    names = {f.name for f in RequestRecord._meta.get_fields()}
    assert not names & {"name", "phone", "email", "birth_year"}
    assert not Intake.priority_grounds.through.objects.filter(intake_id=intake.pk).exists()
    assert PriorityGround.objects.filter(pk=ground.pk).exists()


def test_an_ombud_of_the_operation_may_close_one_too(coordinator, other_ombud):
    intake = _request(coordinator)
    actions.close_request(intake, other_ombud, outcome=RequestOutcome.NOT_REACHED)
    assert not Intake.objects.filter(pk=intake.pk).exists()


def test_only_waiting_requests_can_be_closed(coordinator, ombud):
    intake = _request(coordinator)
    actions.assign(intake, coordinator, ombud=ombud)
    with pytest.raises(actions.NotWaiting):
        actions.close_request(intake, coordinator, outcome=RequestOutcome.WITHDRAWN)
    assert Intake.objects.filter(pk=intake.pk).exists()


def test_outsiders_cannot_close_a_request(coordinator, client_user, neighbour_coordinator):
    intake = _request(coordinator)
    for someone in (client_user, neighbour_coordinator):
        with pytest.raises(PermissionDenied):
            actions.close_request(intake, someone, outcome=RequestOutcome.WITHDRAWN)
    assert Intake.objects.filter(pk=intake.pk).exists()
