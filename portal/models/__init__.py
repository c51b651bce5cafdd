"""The domain. The contact is the unit of access, of live updates and of erasure:
everything a client owns hangs off it (see docs/architecture.md)."""

from portal.models.audit import AuditEntry
from portal.models.consent import Consent, Organisation
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
from portal.models.intake import (
    Channel,
    Gender,
    Intake,
    PriorityGround,
    Referrer,
    RequestOutcome,
)
from portal.models.letters import Letter, LetterPage
from portal.models.messages import Attachment, Message
from portal.models.network import NetworkPerson, NetworkRole
from portal.models.notes import WorkingNote
from portal.models.people import Operation, Role, StaffPeriod, User
from portal.models.plan import (
    Assignment,
    LifeArea,
    Meeting,
    PlanComment,
    Task,
    TaskStatus,
    Who,
)
from portal.models.sessions import AccountChange, DeviceSession
from portal.models.signin import Passkey, PasswordResetRequest, RecoveryCode
from portal.models.statistics import EndedHow, RequestRecord, StatisticsRecord
from portal.models.team import OmbudPeriod, Proposal, StandIn

__all__ = [
    "AccountChange",
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
    "RequestOutcome",
    "RequestRecord",
    "StaffPeriod",
    "StatisticsRecord",
    "WorkingNote",
    "NetworkPerson",
    "NetworkRole",
    "Assignment",
    "Attachment",
    "Message",
    "OutboxReceipt",
    "PushSubscription",
    "Contact",
    "DeviceSession",
    "Invite",
    "Letter",
    "LetterPage",
    "LifeArea",
    "Meeting",
    "Operation",
    "Passkey",
    "PasswordResetRequest",
    "RecoveryCode",
    "Phase",
    "ContactEvent",
    "PlanComment",
    "Role",
    "Task",
    "TaskStatus",
    "User",
    "Who",
    "OmbudPeriod",
    "Proposal",
    "StandIn",
]
