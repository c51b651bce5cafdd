"""The domain. The contact is the unit of access, of live updates and of erasure:
everything a client owns hangs off it (see docs/architecture.md)."""

from portal.models.contact import Contact, Invite, Phase
from portal.models.devices import OutboxReceipt, PushSubscription
from portal.models.events import ContactEvent
from portal.models.failures import (
    FailureCategory,
    FailureOrganisation,
    FailureSighting,
    Level,
    SystemFailure,
)
from portal.models.lifecycle import (
    AuditEntry,
    Channel,
    Consent,
    EndedHow,
    Gender,
    Intake,
    Organisation,
    PriorityGround,
    Referrer,
    StatisticsRecord,
    WorkingNote,
)
from portal.models.messages import Attachment, Message
from portal.models.people import Operation, Role, User
from portal.models.plan import (
    Assignment,
    LifeArea,
    Meeting,
    PlanComment,
    Task,
    TaskStatus,
    Who,
)

__all__ = [
    "FailureCategory",
    "FailureOrganisation",
    "FailureSighting",
    "Level",
    "SystemFailure",
    "AuditEntry",
    "Channel",
    "Consent",
    "EndedHow",
    "Gender",
    "Intake",
    "Organisation",
    "PriorityGround",
    "Referrer",
    "StatisticsRecord",
    "WorkingNote",
    "Assignment",
    "Attachment",
    "Message",
    "OutboxReceipt",
    "PushSubscription",
    "Contact",
    "Invite",
    "LifeArea",
    "Meeting",
    "Operation",
    "Phase",
    "ContactEvent",
    "PlanComment",
    "Role",
    "Task",
    "TaskStatus",
    "User",
    "Who",
]
