"""API operations on contacts and their plans."""

from django.http import HttpRequest
from ninja import Router, Status

from portal import access, audit
from portal.actions import plan as plan_actions
from portal.api.schemas import ContactOut, FormErrors, PlanOut, TaskDoneIn, TaskIn, TaskOut
from portal.forms import TaskForm
from portal.models import AuditEntry, Contact, Phase, User
from portal.queries import load_plan

router = Router(tags=["plan"])


def _person(user: User | None) -> dict | None:
    if user is None:
        return None
    return {"id": user.pk, "name": user.display_name, "role": user.role}


def _contact(contact: Contact) -> dict:
    return {
        "id": contact.pk,
        "phase": contact.phase,
        "phase_label": str(Phase(contact.phase).label),
        "client": _person(contact.client),
        "ombud": _person(contact.ombud),
        "last_seq": contact.last_seq,
    }


def _task(task) -> dict:
    return {
        "id": task.pk,
        "assignment_id": task.assignment_id,
        "what": task.what,
        "who": task.who,
        "who_other": task.who_other,
        "due": task.due,
        "organisation": task.organisation,
        "status": task.status,
        "updated_at": task.updated_at,
        "updated_by": _person(task.updated_by),
    }


@router.get("/contacts", response=list[ContactOut], summary="Mina kontakter")
def list_contacts(request: HttpRequest):
    """The signed-in user's active contacts: a client's own, an ombud's caseload."""
    return [_contact(c) for c in access.contacts_for(request.user).order_by("pk")]


@router.get("/contacts/{contact_id}/plan", response=PlanOut, summary="En kontakts plan")
def get_plan(request: HttpRequest, contact_id: int):
    contact = access.get_contact(request.user, contact_id)
    audit.record(contact, request.user, AuditEntry.Action.VIEWED_PLAN, what="api")
    plan = load_plan(contact)
    return {
        "contact": _contact(contact),
        "assignments": [
            {
                "id": a.pk,
                "title": a.title,
                "life_area": a.life_area,
                "tasks": [_task(t) for t in a.tasks.all()],
            }
            for a in plan["assignments"]
        ],
        "meetings": plan["meetings"],
    }


@router.post(
    "/assignments/{assignment_id}/tasks",
    response={201: TaskOut, 422: FormErrors},
    summary="Lägg till en uppgift",
)
def add_task(request: HttpRequest, assignment_id: int, payload: TaskIn):
    assignment = access.get_assignment(request.user, assignment_id)
    form = TaskForm(data=payload.dict())
    if not form.is_valid():
        errors = {field: [str(e) for e in errs] for field, errs in form.errors.items()}
        return Status(
            422, {"detail": "Uppgiften sparades inte. Rätta det som står nedan.", "errors": errors}
        )
    task = plan_actions.add_task(assignment, request.user, **form.cleaned_data)
    return Status(201, _task(task))


@router.post("/tasks/{task_id}/done", response=TaskOut, summary="Markera en uppgift som klar")
def set_task_done(request: HttpRequest, task_id: int, payload: TaskDoneIn):
    task = access.get_task(request.user, task_id)
    plan_actions.set_task_done(task, request.user, done=payload.done)
    task.refresh_from_db()
    return _task(task)
