"""Explicit output schemas, filled from model objects: an operation returns the object and
the schema says what of it leaves the API. Nothing leaves by accident.

Input schemas live beside their operations; errors are in portal.api.errors."""

import datetime
import uuid
from typing import Any

from django.urls import reverse
from ninja import Field, Schema

from portal.models import (
    Assignment,
    Attachment,
    Consent,
    Contact,
    Letter,
    LetterPage,
    Message,
    Phase,
    Task,
    User,
)
from portal.templatetags.plain import read_shown_to


class PersonOut(Schema):
    id: int
    name: str
    role: str

    @staticmethod
    def resolve_name(obj: User) -> str:
        return obj.display_name


class ContactOut(Schema):
    id: int
    phase: int
    phase_label: str
    client: PersonOut
    ombud: PersonOut
    last_seq: int

    @staticmethod
    def resolve_phase_label(obj: Contact) -> str:
        return str(Phase(obj.phase).label)


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

    @staticmethod
    def resolve_tasks(obj: Assignment) -> list[Task]:
        return list(obj.tasks.all())


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


class CommentOut(Schema):
    id: int
    author: PersonOut | None
    text: str
    created_at: datetime.datetime


class ConsentOut(Schema):
    id: int
    organisation: str
    organisation_other: str
    organisation_name: str
    covers: str
    valid_until: datetime.date | None
    given_via: str = Field(json_schema_extra={"enum": list(Consent.Via.values)})
    given_at: datetime.datetime
    recorded_by: PersonOut | None
    withdrawn_at: datetime.datetime | None
    is_active: bool = Field(description="Not taken back and not past its last day.")


class AttachmentOut(Schema):
    id: int
    url: str = Field(description="The file, for the contact's two parties only.")
    content_type: str
    size: int
    width: int | None
    height: int | None

    @staticmethod
    def resolve_url(obj: Attachment) -> str:
        return reverse("attachment", args=[obj.pk])


class MessageOut(Schema):
    """`mine` and `read_at` depend on who asks (the request in the schema's context)."""

    id: int
    client_uuid: uuid.UUID
    sender: PersonOut | None
    mine: bool
    text: str
    created_at: datetime.datetime
    read_at: datetime.datetime | None = Field(
        description=(
            "When the other party read it. On your own messages: shown to a client always, "
            "to the ombud only if the client has chosen to share it."
        )
    )
    attachments: list[AttachmentOut]

    @staticmethod
    def resolve_mine(obj: Message, context: dict[str, Any]) -> bool:
        return obj.sender_id == context["request"].user.pk

    @staticmethod
    def resolve_read_at(obj: Message, context: dict[str, Any]) -> datetime.datetime | None:
        viewer = context["request"].user
        if obj.sender_id != viewer.pk:
            return obj.read_at  # when the viewer read it themselves
        return obj.read_at if read_shown_to(obj, viewer) else None

    @staticmethod
    def resolve_attachments(obj: Message) -> list[Attachment]:
        return list(obj.attachments.all())


class LetterPageOut(Schema):
    id: int
    number: int
    url: str = Field(description="The photo or PDF, for the contact's two parties only.")
    content_type: str
    width: int | None
    height: int | None

    @staticmethod
    def resolve_url(obj: LetterPage) -> str:
        return reverse("letter_page", args=[obj.pk])


class FactOut(Schema):
    """How sure the reading is of one value, and the line of `text` it came from."""

    certain: bool
    line: int | None = Field(description="1-based, in the letter's `text`.")
    corrected: bool = Field(description="Set by the ombud: checked by a person.")


class SuggestionOut(Schema):
    what: str
    who: str
    due: datetime.date | None
    organisation: str


class LetterOut(Schema):
    """A letter as its card shows it. `consent_missing` is for the ombud only (always
    false for the client)."""

    id: int
    contact_id: int
    status: str = Field(json_schema_extra={"enum": list(Letter.Status.values)})
    created_at: datetime.datetime
    added_by: PersonOut | None
    read_at: datetime.datetime | None
    sender: str
    organisation: str
    kind: str = Field(json_schema_extra={"enum": ["", *Letter.Kind.values]})
    case_number: str
    letter_date: datetime.date | None
    deadline: datetime.date | None
    deadline_rule: str = Field(description="How a deadline written as a rule was counted.")
    meeting_at: datetime.datetime | None
    amount: str
    facts: dict[str, FactOut]
    text: str = Field(description="As read, one line per line; blank lines left out.")
    pages: list[LetterPageOut]
    suggestions: list[SuggestionOut] = Field(
        description="Tasks to offer, until they are put in the plan (POST …/tasks)."
    )
    tasks_decided_at: datetime.datetime | None
    corrected_by: PersonOut | None
    consent_missing: bool

    @staticmethod
    def resolve_facts(obj: Letter) -> dict[str, dict]:
        return {name: obj.fact(name) for name in Letter.FACTS} if obj.is_read else {}

    @staticmethod
    def resolve_pages(obj: Letter) -> list[LetterPage]:
        return list(obj.pages.all())

    @staticmethod
    def resolve_suggestions(obj: Letter) -> list:
        return list(obj.suggestions)


class TaskIn(Schema):
    what: str
    who: str = "client"
    who_other: str = ""
    due: datetime.date | None = None
    organisation: str = ""


class TaskDoneIn(Schema):
    done: bool


class FormErrors(Schema):
    """Every 422: what went wrong in one sentence, and each field's errors in plain Swedish
    (the page's own form messages). `__all__` holds errors about the whole input."""

    detail: str
    errors: dict[str, list[str]]


class Problem(Schema):
    """A refusal in one sentence (the common 400, 401, 403, 404; 507 when the server's disk
    is full and a file could not be kept)."""

    detail: str


class Refusal(Schema):
    """409: the object is not in a state that allows this (someone got there first)."""

    detail: str
