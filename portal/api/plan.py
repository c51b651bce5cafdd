"""API operations on contacts and their plans: the contacts, a plan, adding a task and
ticking it off."""

from django.utils.translation import gettext as _
from ninja import Router, Status

from portal import access, pagecache
from portal.actions import plan as plan_actions
from portal.actions.audit import record
from portal.api.assignments import task_form
from portal.api.errors import invalid
from portal.api.schemas import ContactOut, FormErrors, PlanOut, TaskDoneIn, TaskIn, TaskOut
from portal.models import AuditEntry, Contact, Task
from portal.queries.plan import plan_core, task_row
from portal.types import AuthedRequest

router = Router(tags=["plan"])


@router.get("/contacts", response=list[ContactOut], summary="Mina kontakter")
def list_contacts(request: AuthedRequest) -> list[Contact]:
    """The signed-in user's active contacts: a client's own, an ombud's caseload."""
    return list(access.contacts_for(request.user).order_by("pk"))


@router.get("/contacts/{contact_id}/plan", response=PlanOut, summary="En kontakts plan")
def get_plan(request: AuthedRequest, contact_id: int) -> dict:
    contact = access.get_contact(request.user, contact_id)
    record(contact, request.user, AuditEntry.Action.VIEWED_PLAN, what="api")
    # Not the page's comments, network and changes; kept for the contact's number.
    plan = pagecache.contact_data(request, "api_plan", contact, lambda: plan_core(contact))
    return {"contact": contact, "assignments": plan["assignments"], "meetings": plan["meetings"]}


@router.post(
    "/assignments/{assignment_id}/tasks",
    response={201: TaskOut, 422: FormErrors},
    summary="Lägg till en uppgift",
)
def add_task(request: AuthedRequest, assignment_id: int, payload: TaskIn) -> Status:
    """Either party, on any assignment of the contact."""
    assignment = access.get_assignment(request.user, assignment_id)
    form = task_form(assignment.contact, request.user, payload.dict())
    if not form.is_valid():
        return invalid(form, _("Uppgiften sparades inte. Rätta det som står nedan."))
    task = plan_actions.add_task(assignment, request.user, **form.cleaned_data)
    return Status(201, task_row(task))


@router.post("/tasks/{task_id}/done", response=TaskOut, summary="Markera en uppgift som klar")
def set_task_done(request: AuthedRequest, task_id: int, payload: TaskDoneIn) -> Task:
    """Either party, any task."""
    task = access.get_task(request.user, task_id)
    plan_actions.set_task_done(task, request.user, done=payload.done)
    return task_row(task)
