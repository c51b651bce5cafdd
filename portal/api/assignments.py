"""API operations that change the plan: assignments (adding, editing, removing, the
order), editing and removing tasks, and the wishes and comments both parties write on it.

Adding a task and ticking it off are in portal.api.plan. Each operation finds its object
through portal.access (404 outside the contact), validates with the page's form for the
caller's side (422 with its Swedish errors) and changes data through portal.actions.plan,
which decides who may do what (403: the client's own words are the client's, see its
docstring) and publishes the live event and the push notification.
"""

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from portal import access
from portal.actions import plan as plan_actions
from portal.actions.audit import record
from portal.api.errors import invalid
from portal.api.schemas import AssignmentOut, CommentOut, FormErrors, TaskIn, TaskOut
from portal.forms import (
    AssignmentForm,
    AssignmentMoveForm,
    ClientAssignmentForm,
    CommentForm,
    TaskForm,
)
from portal.models import Assignment, AuditEntry, Contact, LifeArea, PlanComment, Task, User
from portal.queries.network import network_of
from portal.queries.plan import assignments_of, comments_of, task_row
from portal.types import AuthedRequest

router = Router(tags=["plan"])


class AssignmentIn(Schema):
    title: str = Field(description="The assignment in the client's own words.")
    life_area: str = Field(
        "",
        description="The ombud's (required there); a client's assignment starts as other.",
        json_schema_extra={"enum": ["", *LifeArea.values]},
    )


class MoveIn(Schema):
    to: str = Field(
        description="top: first, as what matters most now; up or down: one step.",
        json_schema_extra={"enum": list(plan_actions.MOVES)},
    )


class CommentIn(Schema):
    text: str


def assignment_form(contact: Contact, user: User, data: dict[str, Any]) -> forms.Form:
    """The page's form for the caller's side: the client writes only the words."""
    if user.pk == contact.client_id:
        return ClientAssignmentForm(data=data)
    return AssignmentForm(data=data)


def task_form(contact: Contact, user: User, data: dict[str, Any]) -> TaskForm:
    """The page's task form for the caller's side, choosing among the contact's network."""
    return TaskForm(data, contact=contact, viewer=user, network=network_of(contact))


@router.post(
    "/contacts/{contact_id}/assignments",
    response={201: AssignmentOut, 422: FormErrors},
    summary="Lägg till ett uppdrag",
)
def add_assignment(request: AuthedRequest, contact_id: int, payload: AssignmentIn) -> Status:
    """Either party; it comes last in the order. The client's starts with life area
    "other" (the ombud sets the life area later)."""
    contact = access.get_contact(request.user, contact_id)
    form = assignment_form(contact, request.user, payload.dict())
    if not form.is_valid():
        return invalid(form, _("Uppdraget sparades inte. Rätta det som står nedan."))
    assignment = plan_actions.add_assignment(contact, request.user, **form.cleaned_data)
    return Status(201, assignment)


@router.put(
    "/assignments/{assignment_id}",
    response={200: AssignmentOut, 422: FormErrors},
    summary="Ändra ett uppdrag",
)
def edit_assignment(
    request: AuthedRequest, assignment_id: int, payload: AssignmentIn
) -> Status | Assignment:
    """The client their own (403 otherwise); the ombud any, but not the words of one the
    client wrote (403 if the title differs)."""
    assignment = access.get_assignment(request.user, assignment_id)
    form = assignment_form(assignment.contact, request.user, payload.dict())
    if not form.is_valid():
        return invalid(form, _("Uppdraget sparades inte. Rätta det som står nedan."))
    plan_actions.edit_assignment(assignment, request.user, **form.cleaned_data)
    return assignment


@router.delete("/assignments/{assignment_id}", response={204: None}, summary="Ta bort ett uppdrag")
def remove_assignment(request: AuthedRequest, assignment_id: int) -> Status:
    """With its tasks. The client their own; the ombud one the client did not write and
    that holds none of the client's tasks (403 otherwise)."""
    assignment = access.get_assignment(request.user, assignment_id)
    plan_actions.remove_assignment(assignment, request.user)
    return Status(204, None)


@router.post(
    "/assignments/{assignment_id}/move",
    response={200: list[AssignmentOut], 422: FormErrors},
    summary="Flytta ett uppdrag (först, upp eller ner)",
)
def move_assignment(request: AuthedRequest, assignment_id: int, payload: MoveIn) -> Status:
    """Either party. Answers every assignment of the plan in the new order."""
    assignment = access.get_assignment(request.user, assignment_id)
    form = AssignmentMoveForm(data=payload.dict())
    if not form.is_valid():
        return invalid(form, _("Välj vart uppdraget ska flyttas: top, up eller down."))
    plan_actions.move_assignment(assignment, request.user, to=form.cleaned_data["to"])
    return Status(200, assignments_of(assignment.contact, set()))


@router.put(
    "/tasks/{task_id}",
    response={200: TaskOut, 422: FormErrors},
    summary="Ändra en uppgift",
)
def edit_task(request: AuthedRequest, task_id: int, payload: TaskIn) -> Status | Task:
    """Replaces what, who, when, the organisation and the decision it waits for. The
    client their own tasks (their organisation stays as it is); the ombud any, but not
    the words of one the client wrote (403 if `what` differs). With no organisation
    chosen, one is filled in from "who" or the person who decides when it matches."""
    task = access.get_task(request.user, task_id)
    form = task_form(task.contact, request.user, payload.dict())
    if not form.is_valid():
        return invalid(form, _("Uppgiften sparades inte. Rätta det som står nedan."))
    plan_actions.edit_task(task, request.user, **form.cleaned_data)
    return task_row(task)


@router.delete("/tasks/{task_id}", response={204: None}, summary="Ta bort en uppgift")
def remove_task(request: AuthedRequest, task_id: int) -> Status:
    """Whoever wrote it: the client their own, the ombud any the client did not write
    (403 otherwise)."""
    task = access.get_task(request.user, task_id)
    plan_actions.remove_task(task, request.user)
    return Status(204, None)


@router.get(
    "/contacts/{contact_id}/comments",
    response=list[CommentOut],
    summary="Önskemål och kommentarer på planen",
)
def list_comments(request: AuthedRequest, contact_id: int) -> list[PlanComment]:
    """The latest wishes and comments, newest first, as on the plan page."""
    contact = access.get_contact(request.user, contact_id)
    record(contact, request.user, AuditEntry.Action.VIEWED_PLAN, what="api")
    return comments_of(contact)


@router.post(
    "/contacts/{contact_id}/comments",
    response={201: CommentOut, 422: FormErrors},
    summary="Skriv en önskan eller kommentar",
)
def add_comment(request: AuthedRequest, contact_id: int, payload: CommentIn) -> Status:
    """Either party of the contact."""
    contact = access.get_contact(request.user, contact_id)
    form = CommentForm(data=payload.dict())
    if not form.is_valid():
        return invalid(form, _("Det sparades inte. Rätta det som står nedan."))
    comment = plan_actions.add_comment(contact, request.user, text=form.cleaned_data["text"])
    return Status(201, comment)
