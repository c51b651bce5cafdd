"""API operations that change the plan: assignments, editing and removing tasks, and the
wishes and comments both parties write on it.

Adding a task and ticking it off are in portal.api.plan. Each operation finds its object
through portal.access (404 outside the contact), validates with the page's form (422 with
its Swedish errors) and changes data through portal.actions.plan, which decides who may
do what (403) and publishes the live event and the push notification.
"""

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from portal import access
from portal.actions import plan as plan_actions
from portal.actions.audit import record
from portal.api.errors import invalid
from portal.api.schemas import AssignmentOut, CommentOut, FormErrors, TaskIn, TaskOut
from portal.forms import AssignmentForm, CommentForm, TaskForm
from portal.models import Assignment, AuditEntry, LifeArea, PlanComment, Task
from portal.queries.plan import comments_of, task_row
from portal.types import AuthedRequest

router = Router(tags=["plan"])


class AssignmentIn(Schema):
    title: str = Field(description="The assignment in the client's own words.")
    life_area: str = Field(json_schema_extra={"enum": list(LifeArea.values)})


class CommentIn(Schema):
    text: str


@router.post(
    "/contacts/{contact_id}/assignments",
    response={201: AssignmentOut, 422: FormErrors},
    summary="Lägg till ett uppdrag",
)
def add_assignment(request: AuthedRequest, contact_id: int, payload: AssignmentIn) -> Status:
    """The contact's ombud only (403 for the client)."""
    contact = access.get_contact(request.user, contact_id)
    form = AssignmentForm(data=payload.dict())
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
    """The contact's ombud only (403 for the client)."""
    assignment = access.get_assignment(request.user, assignment_id)
    form = AssignmentForm(data=payload.dict())
    if not form.is_valid():
        return invalid(form, _("Uppdraget sparades inte. Rätta det som står nedan."))
    plan_actions.edit_assignment(assignment, request.user, **form.cleaned_data)
    return assignment


@router.put(
    "/tasks/{task_id}",
    response={200: TaskOut, 422: FormErrors},
    summary="Ändra en uppgift",
)
def edit_task(request: AuthedRequest, task_id: int, payload: TaskIn) -> Status | Task:
    """Replaces what, who, when and organisation. The contact's ombud only (403 for the
    client). With no organisation chosen, one is filled in from "who" when it matches."""
    task = access.get_task(request.user, task_id)
    form = TaskForm(data=payload.dict())
    if not form.is_valid():
        return invalid(form, _("Uppgiften sparades inte. Rätta det som står nedan."))
    plan_actions.edit_task(task, request.user, **form.cleaned_data)
    return task_row(task)


@router.delete("/tasks/{task_id}", response={204: None}, summary="Ta bort en uppgift")
def remove_task(request: AuthedRequest, task_id: int) -> Status:
    """The contact's ombud only (403 for the client)."""
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
