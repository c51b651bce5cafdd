"""System failures (systemfel och brister): recorded by ombud with no client identity,
sent to the organisation concerned and/or the steering group, answered, closed.

Who may do what:
- An ombud of the operation records a failure, and says "seen again" about any failure of
  the operation, their own included: that is how recurrence shows.
- Only the ombud who wrote a failure edits it, and only while it is a draft: once it is
  sent, what was sent must stay as it was.
- An ombud or a coordinator of the operation changes its status: marks it sent (to whom,
  on which day), records the answer, closes it. This is shared work: the ombud who wrote
  it may be away, and coordinators are the ones who carry reports to the steering group.
Anyone else (a client, anyone of another operation) gets PermissionDenied.

The status flow: draft → sent → answered → closed, or sent → closed when no answer comes
or none is needed. A closed failure can still be "seen again": a failure that comes back
after it was closed is exactly what the steering group needs to know.

Every free text (description, improvement, the name of a new organisation, the answer)
goes through the anonymity guard here as well as in the forms, so no door into these
actions can save text that points out a client (portal.anonymity.IdentifyingText).
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from portal import anonymity
from portal.actions.errors import WrongStatus
from portal.models import (
    FailureCategory,
    FailureOrganisation,
    FailureSighting,
    Level,
    Role,
    SystemFailure,
    User,
)

Status = SystemFailure.Status


def _require(actor: User, operation_id: int | None, roles: tuple[str, ...], what: str) -> int:
    """The operation's id, if the actor has one of `roles` in it; else PermissionDenied."""
    if (
        not getattr(actor, "is_authenticated", False)
        or actor.role not in roles
        or actor.operation_id is None
        or actor.operation_id != operation_id
    ):
        raise PermissionDenied(what)
    return actor.operation_id


def _require_ombud(actor: User, operation_id: int | None) -> int:
    return _require(
        actor, operation_id, (Role.OMBUD,), "Only ombud of the operation record failures."
    )


def _require_staff(actor: User, failure: SystemFailure) -> None:
    _require(
        actor,
        failure.operation_id,
        (Role.OMBUD, Role.COORDINATOR),
        "Only ombud and coordinators of the operation change a failure's status.",
    )


def _guard(actor: User, **texts: str) -> None:
    anonymity.check(texts, client_names=anonymity.client_names_for(actor))


def _organisation(
    operation_id: int, organisation_id: int | None, new_organisation: str
) -> FailureOrganisation:
    """The chosen organisation of the operation's list, or the new name added to it (the
    same name written with other capitals is the same organisation)."""
    if organisation_id is not None:
        chosen = FailureOrganisation.objects.filter(
            pk=organisation_id, operation_id=operation_id
        ).first()
        if chosen is None:
            raise PermissionDenied("The organisation belongs to another operation.")
        return chosen
    name = " ".join(new_organisation.split())
    if not name:
        raise ValueError("A failure needs an organisation from the list or a new name.")
    for existing in FailureOrganisation.objects.filter(operation_id=operation_id):
        if existing.name.casefold() == name.casefold():
            return existing
    try:
        with transaction.atomic():
            return FailureOrganisation.objects.create(operation_id=operation_id, name=name)
    except IntegrityError:  # someone added the same name a moment ago
        return FailureOrganisation.objects.get(operation_id=operation_id, name=name)


def _check_report(
    actor: User,
    level: str,
    category: str,
    clients_affected: int,
    description: str,
    improvement: str,
    *,
    new_organisation: str,
) -> None:
    """What a new or changed report must be: known choices, a description, at least one
    client, and no free text that points out a client."""
    if level not in Level.values:
        raise ValueError(f"Unknown level: {level!r}")
    if category not in FailureCategory.values:
        raise ValueError(f"Unknown category: {category!r}")
    if clients_affected < 1:
        raise ValueError("A failure affects at least one client.")
    if not description.strip():
        raise ValueError("A failure needs a description.")
    _guard(
        actor,
        description=description,
        improvement=improvement,
        new_organisation=new_organisation,
    )


def record_failure(
    actor: User,
    *,
    occurred_on: datetime.date,
    level: str,
    category: str,
    description: str,
    clients_affected: int,
    improvement: str = "",
    organisation_id: int | None = None,
    new_organisation: str = "",
) -> SystemFailure:
    """A new failure of the actor's operation, as a draft."""
    operation_id = _require_ombud(actor, getattr(actor, "operation_id", None))
    _check_report(
        actor,
        level,
        category,
        clients_affected,
        description,
        improvement,
        new_organisation="" if organisation_id is not None else new_organisation,
    )
    with transaction.atomic():
        organisation = _organisation(operation_id, organisation_id, new_organisation)
        return SystemFailure.objects.create(
            operation_id=operation_id,
            organisation=organisation,
            occurred_on=occurred_on,
            level=level,
            category=category,
            description=description,
            clients_affected=clients_affected,
            improvement=improvement,
            created_by=actor,
        )


def edit_failure(
    failure: SystemFailure,
    actor: User,
    *,
    occurred_on: datetime.date,
    level: str,
    category: str,
    description: str,
    clients_affected: int,
    improvement: str = "",
    organisation_id: int | None = None,
    new_organisation: str = "",
) -> None:
    """Change a draft: its author only."""
    _require_ombud(actor, failure.operation_id)
    if failure.created_by_id != actor.pk:
        raise PermissionDenied("Only the ombud who wrote a failure edits it.")
    _check_report(
        actor,
        level,
        category,
        clients_affected,
        description,
        improvement,
        new_organisation="" if organisation_id is not None else new_organisation,
    )
    with transaction.atomic():
        locked = SystemFailure.objects.select_for_update().get(pk=failure.pk)
        if locked.status != Status.DRAFT:
            raise WrongStatus(_("Den är redan skickad och kan inte ändras längre."))
        organisation = _organisation(failure.operation_id, organisation_id, new_organisation)
        changes = {
            "organisation": organisation,
            "occurred_on": occurred_on,
            "level": level,
            "category": category,
            "description": description,
            "clients_affected": clients_affected,
            "improvement": improvement,
        }
        for name, value in changes.items():
            setattr(locked, name, value)
            setattr(failure, name, value)
        locked.save(update_fields=[*changes.keys()])


def _change_status(failure: SystemFailure, allowed: tuple[str, ...], refusal: str, **fields):
    """Move the failure on under a row lock, so two people cannot both do it."""
    with transaction.atomic():
        locked = SystemFailure.objects.select_for_update().get(pk=failure.pk)
        if locked.status not in allowed:
            raise WrongStatus(refusal)
        for name, value in fields.items():
            setattr(locked, name, value)
            setattr(failure, name, value)
        locked.save(update_fields=[*fields.keys()])


def mark_sent(failure: SystemFailure, actor: User, *, sent_to: str, sent_on: datetime.date) -> None:
    """The failure has been sent to the organisation concerned and/or the steering group."""
    _require_staff(actor, failure)
    if sent_to not in SystemFailure.SentTo.values:
        raise ValueError(f"Unknown recipient: {sent_to!r}")
    _change_status(
        failure,
        (Status.DRAFT,),
        _("Den är redan markerad som skickad."),
        status=Status.SENT,
        sent_to=sent_to,
        sent_on=sent_on,
    )


def record_answer(
    failure: SystemFailure, actor: User, *, answer: str, answered_on: datetime.date
) -> None:
    """The organisation or the steering group has answered: what they said, and when."""
    _require_staff(actor, failure)
    if not answer.strip():
        raise ValueError("An answer needs its text.")
    if failure.sent_on and answered_on < failure.sent_on:
        raise ValueError("An answer cannot come before the failure was sent.")
    _guard(actor, answer=answer)
    _change_status(
        failure,
        (Status.SENT,),
        _("Svaret kan bara skrivas in när den är skickad och inte redan besvarad eller avslutad."),
        status=Status.ANSWERED,
        answer=answer,
        answered_on=answered_on,
    )


def close(failure: SystemFailure, actor: User) -> None:
    """Nothing more will happen with it: answered, or sent with no answer to wait for."""
    _require_staff(actor, failure)
    _change_status(
        failure,
        (Status.SENT, Status.ANSWERED),
        _("Bara en skickad eller besvarad rapport kan avslutas."),
        status=Status.CLOSED,
    )


def seen_again(
    failure: SystemFailure, ombud: User, *, seen_on: datetime.date, clients_affected: int
) -> FailureSighting:
    """An ombud has met the same failure again, with this many clients (never who)."""
    _require_ombud(ombud, failure.operation_id)
    if clients_affected < 1:
        raise ValueError("A sighting affects at least one client.")
    return FailureSighting.objects.create(
        failure=failure, ombud=ombud, seen_on=seen_on, clients_affected=clients_affected
    )
