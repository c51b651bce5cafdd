"""The client's plan as the pages, the API and the live frames read it: assignments with
their task rows, meetings, what happens next, wishes and who changed what.

A task row is built in one place (`task_rows`): the contact it belongs to (so "who does
it" needs no query), and for the ombud whether the organisation it involves is missing a
consent. Its tasks are read with `TASK_RELATED` (who wrote it, who changed it, who
decides), so a row needs no query of its own.

The client's count of what is left counts their own tasks and those done together: the
ombud's and others' are on the plan, but not the client's burden. The client sees theirs
first: named under "Det här händer härnäst", and first on each card of their plan."""

import datetime
from collections.abc import Iterable

from django.db.models import Case, F, IntegerField, Prefetch, QuerySet, Value, When
from django.utils import timezone

from portal.models import (
    Assignment,
    Contact,
    ContactEvent,
    Meeting,
    Organisation,
    Task,
    TaskStatus,
    Who,
)
from portal.queries.consent import consented_organisations, consents_of
from portal.queries.network import network_of

COMMENTS_SHOWN = 20
# What a task row shows besides the task: who wrote it, who changed it, who decides.
TASK_RELATED = ("updated_by", "created_by", "network_person")


def task_rows(
    contact: Contact,
    tasks: Iterable[Task],
    *,
    consented: set[str] | None = None,
    consent_flag: bool = True,
) -> list[Task]:
    """Ready the tasks for their rows: each knows its contact, and (`consent_flag`, for the
    ombud's rows) says whether it involves an organisation without an active consent:
    `consent_missing`, with the organisation's name. `consented` saves the query when the
    caller has it."""
    tasks = list(tasks)
    for task in tasks:
        task.contact = contact
    if not consent_flag:
        return tasks
    if consented is None and any(task.organisation for task in tasks):
        consented = consented_organisations(contact)
    names = dict(Organisation.choices)
    for task in tasks:
        task.consent_missing = bool(
            task.organisation and not task.is_done and task.organisation not in (consented or ())
        )
        task.organisation_name = str(names.get(task.organisation, "")) if task.organisation else ""
    return tasks


def task_row(task: Task, *, consent_flag: bool = True) -> Task:
    """One task, read afresh with who changed it last, ready for its row."""
    fresh = Task.objects.select_related(*TASK_RELATED).get(pk=task.pk)
    return task_rows(task.contact, [fresh], consent_flag=consent_flag)[0]


def tasks_involving(contact: Contact, organisation: str) -> list[Task]:
    """The rows of the tasks that involve one organisation (their consent flag changes)."""
    tasks = contact.tasks.filter(organisation=organisation).select_related(*TASK_RELATED)
    return task_rows(contact, tasks)


# A meeting is still shown this long after it began (it may be going on).
MEETING_SHOWN_AFTER_START = datetime.timedelta(hours=2)


def current_meetings(contact: Contact) -> list[Meeting]:
    """Meetings still to come, and those that began in the last two hours (still going)."""
    since = timezone.now() - MEETING_SHOWN_AFTER_START
    meetings = list(contact.meetings.filter(starts_at__gte=since).select_related("updated_by"))
    for meeting in meetings:
        meeting.contact = contact  # the item names the client; no query per meeting
    return meetings


# How many of the client's own open tasks "Det här händer härnäst" names.
MY_TASKS_SHOWN = 3


def next_steps(contact: Contact, meetings: list[Meeting] | None = None) -> dict:
    """The client's "what happens next": the next meeting, how many of the client's own
    tasks (alone or together) are open, and the first few of them by date (`my_tasks`),
    so the client reads what is theirs before anything else."""
    if meetings is None:
        meetings = current_meetings(contact)
    open_tasks = contact.tasks.filter(status=TaskStatus.TODO, who__in=Who.the_clients())
    mine = list(
        open_tasks.order_by(F("due").asc(nulls_last=True), "created_at", "pk")[:MY_TASKS_SHOWN]
    )
    for task in mine:
        task.contact = contact  # who_for names the ombud; no query per task
    return {
        "next_meeting": meetings[0] if meetings else None,
        "open_task_count": open_tasks.count(),
        "my_tasks": mine,
    }


def is_clients_to_do(task: Task) -> bool:
    return not task.is_done and task.who in Who.the_clients()


def comments_of(contact: Contact) -> list:
    return list(contact.comments.select_related("author")[:COMMENTS_SHOWN])


def plan_events(contact: Contact) -> QuerySet[ContactEvent]:
    """The plan's "who changed what": every event but the messaging ones."""
    return contact.events.filter(verb__in=ContactEvent.PLAN_VERBS).select_related("actor")


def clients_first(tasks: QuerySet[Task]) -> QuerySet[Task]:
    """The client's own open tasks (alone or together) first, then the others' open
    tasks, then what is done; by date within each."""
    mine_first = Case(
        When(status=TaskStatus.DONE, then=Value(2)),
        When(who__in=Who.the_clients(), then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return tasks.order_by(mine_first, F("due").asc(nulls_last=True), "created_at", "pk")


def assignments_of(
    contact: Contact, consented: set[str], *, for_client: bool = False
) -> list[Assignment]:
    """The assignments in the order the two agreed on, each with its task rows
    prefetched, in two queries. `for_client`: the client's own tasks first on each card."""
    tasks = Task.objects.select_related(*TASK_RELATED)
    if for_client:
        tasks = clients_first(tasks)
    assignments = list(
        contact.assignments.select_related("updated_by", "created_by").prefetch_related(
            Prefetch("tasks", queryset=tasks)
        )
    )
    for assignment in assignments:
        assignment.contact = contact
        task_rows(contact, assignment.tasks.all(), consented=consented)
    return assignments


def plan_core(contact: Contact, *, for_client: bool = False) -> dict:
    """The consents, the assignments with their tasks (each task knowing whether its
    organisation has the client's consent) and the meetings still shown: the API's plan,
    and the heart of the page's."""
    consents = consents_of(contact)
    consented = {c.organisation for c in consents if c.is_active}
    assignments = assignments_of(contact, consented, for_client=for_client)
    return {
        "consents": consents,
        "consented": consented,
        "assignments": assignments,
        "meetings": current_meetings(contact),
    }


def load_plan(contact: Contact, *, changes: int = 10, for_client: bool = False) -> dict:
    """Assignments with their tasks, upcoming meetings, comments, consents, the network
    and recent changes: the plan page of either side, in a fixed number of queries."""
    core = plan_core(contact, for_client=for_client)
    consents, consented = core["consents"], core["consented"]
    assignments, meetings = core["assignments"], core["meetings"]
    open_tasks = [t for a in assignments for t in a.tasks.all() if is_clients_to_do(t)]
    by_date = sorted(
        open_tasks, key=lambda t: (t.due is None, t.due or datetime.date.max, t.created_at, t.pk)
    )
    return {
        "contact": contact,
        "assignments": assignments,
        "meetings": meetings,
        "next_meeting": meetings[0] if meetings else None,
        "open_task_count": len(open_tasks),
        "my_tasks": by_date[:MY_TASKS_SHOWN],
        "comments": comments_of(contact),
        "changes": list(plan_events(contact)[:changes]),
        "consents": consents,
        "consented": consented,
        "network": network_of(contact),
    }
