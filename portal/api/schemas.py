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
    Letter,
    LetterPage,
    Message,
    NetworkRole,
    Organisation,
    Phase,
    Proposal,
    StandIn,
    Task,
    User,
    Who,
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
    who: str = Field(json_schema_extra={"enum": list(Who.values)})
    who_other: str
    due: datetime.date | None
    organisation: str
    status: str
    network_person_id: int | None = Field(
        description="Who decides: someone in the client's network (GET …/network)."
    )
    decision_expected_on: datetime.date | None
    decision_received_on: datetime.date | None
    appeal_weeks: int | None
    appeal_last_day: datetime.date | None = Field(
        description=(
            "The day the decision came plus the appeal window, once both are known. Never "
            "moved past a weekend or holiday: never later than the real last day."
        )
    )
    created_by: PersonOut | None = Field(description="Who wrote it: the client's words are theirs.")
    updated_at: datetime.datetime
    updated_by: PersonOut | None


class AssignmentOut(Schema):
    id: int
    title: str
    life_area: str
    position: int = Field(description="The order the two agreed on: 0 matters most now.")
    created_by: PersonOut | None = Field(description="Who wrote it: the client's words are theirs.")
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
    who: str = Field("client", json_schema_extra={"enum": list(Who.values)})
    who_other: str = ""
    due: datetime.date | None = None
    organisation: str = Field("", description="The ombud's only; a client's is kept as it is.")
    network_person_id: int | None = None
    decision_expected_on: datetime.date | None = None
    decision_received_on: datetime.date | None = None
    appeal_weeks: int | None = None


class NetworkPersonOut(Schema):
    id: int
    role: str = Field(json_schema_extra={"enum": list(NetworkRole.values)})
    name: str
    organisation: str
    organisation_other: str
    organisation_name: str
    phone: str
    email: str
    reach: str = Field(description='How to reach them: "via växeln, fråga efter Lena".')
    created_by: PersonOut | None
    updated_at: datetime.datetime
    updated_by: PersonOut | None


class NetworkPersonIn(Schema):
    role: str = Field(json_schema_extra={"enum": list(NetworkRole.values)})
    name: str = ""
    organisation: str = Field("", json_schema_extra={"enum": ["", *Organisation.values]})
    organisation_other: str = ""
    phone: str = ""
    email: str = ""
    reach: str = ""


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
