"""Requests for an ombud (intake) and the queue they wait in until an ombud takes them on.

Who may do what:
- A coordinator or an ombud of the operation registers a request (both take the calls).
- A coordinator gives a request to any active ombud of the operation. An ombud may take
  a request on only for themself: choosing for a colleague is the coordinator's job.
- Either may withdraw a waiting request; it is then deleted for real (personal data).
- Only a coordinator adds the operation's priority grounds.
Anyone else, or anyone from another operation, gets PermissionDenied.

The queue and its order are read in portal.queries.intake.

The caseload limit (Operation.caseload_per_fte × the ombud's FTE, 15 for a full time) is
checked under row locks on the request and on the ombud, so two coordinators assigning
at the same moment cannot both squeeze under it. Going over it needs a written reason,
which is recorded on the request with who and when.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.actions.contacts import open_contact
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
from portal.models.statistics import age_band


class CaseloadFull(Exception):
    """The ombud already has as many clients as the limit allows, and no reason was given
    for going over it. `message` says so in plain Swedish and says what to do next."""

    def __init__(self, ombud: User, *, count: int, limit: int):
        self.ombud = ombud
        self.count = count
        self.limit = limit
        self.message = caseload_full_message(ombud, count=count, limit=limit)
        super().__init__(self.message)


class NotWaiting(Exception):
    """The request is no longer in the queue (someone else took care of it first)."""

    def __init__(self):
        self.message = _(
            "Förfrågan står inte längre på väntelistan. Någon har redan tagit hand om den."
        )
        super().__init__(self.message)


def caseload_full_message(ombud: User, *, count: int, limit: int) -> str:
    clients = ngettext("%(count)d klient", "%(count)d klienter", count) % {"count": count}
    if ombud.fte == 1:
        post = _("en heltid")
    else:
        post = _("en tjänst på %(percent)d %%") % {"percent": round(ombud.fte * 100)}
    values = {"name": ombud.display_name, "clients": clients, "post": post, "limit": limit}
    if count == limit:
        first = _("%(name)s har redan %(clients)s, som är taket för %(post)s.") % values
    else:
        first = _("%(name)s har redan %(clients)s. Taket för %(post)s är %(limit)d.") % values
    return f"{first} {_('Välj ett annat ombud, eller skriv varför ni ändå gör så här.')}"


def _require_staff(actor: User, operation_id: int | None) -> int:
    """A coordinator or an ombud of this operation: the operation's id."""
    if (
        getattr(actor, "role", None) not in (Role.COORDINATOR, Role.OMBUD)
        or actor.operation_id is None
        or actor.operation_id != operation_id
    ):
        raise PermissionDenied("Only coordinators and ombud of the operation handle requests.")
    return actor.operation_id


def register_intake(
    actor: User,
    *,
    channel: str,
    referrer: str,
    name: str,
    phone: str = "",
    email: str = "",
    gender: str,
    birth_year: int | None = None,
    requested_on: datetime.date | None = None,
    municipality: str = "",
    priority_grounds: Iterable[PriorityGround] = (),
) -> Intake:
    """A new request joins the queue of the actor's operation."""
    operation_id = _require_staff(actor, getattr(actor, "operation_id", None))
    if not (phone or email):
        raise ValueError("A request needs a phone number or an e-mail address.")
    if gender not in Gender.values or channel not in Channel.values:
        raise ValueError("A request needs a known gender answer and channel.")
    if referrer not in Referrer.values:
        raise ValueError(f"Unknown referrer: {referrer!r}")
    grounds = list(priority_grounds)
    if any(ground.operation_id != operation_id for ground in grounds):
        raise PermissionDenied("Priority grounds belong to one operation.")
    with transaction.atomic():
        intake = Intake.objects.create(
            operation_id=operation_id,
            channel=channel,
            referrer=referrer,
            name=name,
            phone=phone,
            email=email,
            gender=gender,
            birth_year=birth_year,
            requested_on=requested_on or timezone.localdate(),
            municipality=municipality,
            registered_by=actor,
        )
        intake.priority_grounds.set(grounds)
    return intake


def take_on(ombud: User, *, override_reason: str = "", **facts: Any) -> Contact:
    """The ombud's "Ny klient": the one door in, the same as the queue's. The request is
    registered with the same facts and given to the ombud through the same caseload
    check (CaseloadFull without a reason), in one transaction: refused, nothing is kept."""
    if not ombud.is_ombud:
        raise PermissionDenied("Only an ombud takes on a client.")
    with transaction.atomic():
        intake = register_intake(ombud, **facts)
        return assign(intake, ombud, ombud=ombud, override_reason=override_reason)


def assign(intake: Intake, actor: User, *, ombud: User, override_reason: str = "") -> Contact:
    """Give the request to an ombud: the client's account and the contact are made, with
    the request's facts copied for the anonymous statistics. Raises CaseloadFull if the
    ombud is at or over the limit and no reason for going over it was given; a reason is
    recorded (who, why, when) only when the limit is actually passed."""
    _require_staff(actor, intake.operation_id)
    if actor.is_ombud and actor.pk != ombud.pk:
        raise PermissionDenied("An ombud takes requests on only for themself.")
    if not ombud.is_ombud or not ombud.is_active or ombud.operation_id != intake.operation_id:
        raise PermissionDenied("Requests go to an active ombud of the same operation.")
    override_reason = override_reason.strip()
    with transaction.atomic():
        # Always the request first, then the ombud: one order, so no deadlock. Holding the
        # ombud's row makes a second assignment to the same ombud wait for this one, and
        # then count the contact this one made.
        locked = Intake.objects.select_for_update().get(pk=intake.pk)
        if locked.status != Intake.Status.WAITING:
            raise NotWaiting
        person = User.objects.select_for_update().get(pk=ombud.pk)
        count = Contact.objects.filter(ombud=person, status=Contact.Status.ACTIVE).count()
        limit = person.caseload_limit()
        now = timezone.now()
        if count >= limit:
            if not override_reason:
                raise CaseloadFull(person, count=count, limit=limit)
            locked.override_by = actor
            locked.override_reason = override_reason[:300]
            locked.override_at = now
        contact = open_contact(
            person,
            first_name=locked.name.split()[0][:150],
            gender=locked.gender,
            birth_year=locked.birth_year,
            channel=locked.channel,
            referrer=locked.referrer,
            requested_on=locked.requested_on,
            municipality=locked.municipality,
        )
        locked.status = Intake.Status.ASSIGNED
        locked.contact = contact
        locked.assigned_at = now
        locked.save()
    intake.refresh_from_db()
    return contact


def close_request(intake: Intake, actor: User, *, outcome: str) -> RequestRecord:
    """Take a waiting request out of the queue without a contact: withdrawn, outside the
    target group, or nobody reached. An anonymous record keeps it in the annual figures;
    the request itself is deleted, not flagged: it holds a name and a phone number, and
    nobody needs them any more."""
    _require_staff(actor, intake.operation_id)
    if outcome not in RequestOutcome.values:
        raise ValueError(f"Unknown outcome: {outcome!r}")
    with transaction.atomic():
        locked = Intake.objects.select_for_update().filter(pk=intake.pk).first()
        if locked is None or locked.status != Intake.Status.WAITING:
            raise NotWaiting
        record = RequestRecord.objects.create(
            operation_id=locked.operation_id,
            channel=locked.channel,
            referrer=locked.referrer,
            gender=locked.gender,
            age_band=age_band(locked.birth_year, locked.requested_on),
            municipality=locked.municipality,
            requested_on=locked.requested_on,
            closed_on=timezone.localdate(),
            outcome=outcome,
        )
        locked.delete()
    return record


def add_priority_ground(actor: User, label: str) -> PriorityGround:
    """The operation decides its grounds for priority, e.g. "Ensamstående förälder"."""
    if getattr(actor, "role", None) != Role.COORDINATOR or actor.operation_id is None:
        raise PermissionDenied("Only a coordinator sets the operation's priority grounds.")
    label = label.strip()
    if not label:
        raise ValueError("A priority ground needs a label.")
    return PriorityGround.objects.create(operation_id=actor.operation_id, label=label[:120])
