"""Explicit output schemas, filled from model objects: an operation returns the object and
the schema says what of it leaves the API. Nothing leaves by accident.

Input schemas live beside their operations; errors are in portal.api.errors."""

import datetime
import uuid
from typing import Annotated, Any

from django.urls import reverse
from django.utils import timezone
from ninja import Field, Schema

from portal.models import (
    Assignment,
    Attachment,
    Consent,
    Contact,
    EndedHow,
    Message,
    Phase,
    Proposal,
    StandIn,
    Task,
    User,
    WorkingNote,
)
from portal.queries.copy import why_it_ended
from portal.templatetags.plain import read_shown_to

# An object's id in an input body: a number the database can hold.
Id = Annotated[int, Field(ge=1, le=2**31 - 1)]


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


class Refusal(Schema):
    """409: the object is not in a state that allows this (someone got there first)."""

    detail: str


# --- Ending, proposals, who works with the client ---------------------------------------


class ProposalOut(Schema):
    """A proposal only the client's yes makes happen. `reason` (an ending's) is what the
    statistics record keeps if the client says yes."""

    id: int
    contact_id: int
    kind: str = Field(json_schema_extra={"enum": list(Proposal.Kind.values)})
    status: str = Field(json_schema_extra={"enum": list(Proposal.Status.values)})
    reason: str = Field(description='For "end": done, other_service or moved; "" for "move".')
    reason_label: str
    words: str = Field(description="The proposer's own words to the client, if any.")
    to_ombud: PersonOut | None = Field(description='For "move": who would become the ombud.')
    proposed_by: PersonOut | None
    created_at: datetime.datetime
    answered_at: datetime.datetime | None


class EndedOut(Schema):
    """An ended contact: how, and until when the client can fetch their copy."""

    contact_id: int = Field(alias="pk")
    ended_how: str = Field(json_schema_extra={"enum": list(EndedHow.values)})
    ended_on: datetime.date | None
    copy_until: datetime.datetime | None = Field(alias="erase_after")
    why: str = Field(description="Why it ended, in the words the client's copy page uses.")

    @staticmethod
    def resolve_why(obj: Contact) -> str:
        return why_it_ended(obj)


class StandInOut(Schema):
    id: int
    contact_id: int
    ombud: PersonOut
    starts_on: datetime.date
    ends_on: datetime.date
    removed_at: datetime.datetime | None
    declined: bool = Field(description="The client said no to this stand-in.")
    running: bool = Field(description="The period runs today: the stand-in belongs now.")

    @staticmethod
    def resolve_running(obj: StandIn) -> bool:
        today = timezone.localdate()
        return obj.removed_at is None and obj.starts_on <= today <= obj.ends_on


class OmbudPeriodOut(Schema):
    ombud: PersonOut | None
    started_on: datetime.date
    ended_on: datetime.date | None


class TeamOut(Schema):
    """Who works with the client: the ombud and since when, stand-ins now and to come,
    every ombud the contact has had, and a proposal waiting for the client's answer."""

    ombud: PersonOut
    since: datetime.date
    stand_ins: list[StandInOut]
    history: list[OmbudPeriodOut]
    open_proposal: ProposalOut | None


class NoteOut(Schema):
    id: int
    contact_id: int
    text: str
    disposition: str = Field(
        json_schema_extra={"enum": list(WorkingNote.Disposition.values)},
        description='"" undecided, "hand_over" or "destroy" when the contact ends or moves.',
    )
    created_at: datetime.datetime
    updated_at: datetime.datetime
