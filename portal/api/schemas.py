"""Explicit input and output schemas: nothing leaves the API by accident."""

import datetime

from ninja import Schema


class PersonOut(Schema):
    id: int
    name: str
    role: str


class ContactOut(Schema):
    id: int
    phase: int
    phase_label: str
    client: PersonOut
    ombud: PersonOut
    last_seq: int


class TaskOut(Schema):
    id: int
    assignment_id: int
    what: str
    who: str
    who_other: str
    due: datetime.date | None
    organisation: str
    status: str
    updated_at: datetime.datetime
    updated_by: PersonOut | None


class AssignmentOut(Schema):
    id: int
    title: str
    life_area: str
    tasks: list[TaskOut]


class MeetingOut(Schema):
    id: int
    starts_at: datetime.datetime
    place: str
    with_whom: str
    about: str
    client_answer: str


class PlanOut(Schema):
    contact: ContactOut
    assignments: list[AssignmentOut]
    meetings: list[MeetingOut]


class TaskIn(Schema):
    what: str
    who: str = "client"
    who_other: str = ""
    due: datetime.date | None = None
    organisation: str = ""


class TaskDoneIn(Schema):
    done: bool


class FormErrors(Schema):
    detail: str
    errors: dict[str, list[str]]
