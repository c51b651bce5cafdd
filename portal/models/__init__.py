"""The domain. The contact is the unit of access, of live updates and of erasure:
everything a client owns hangs off it (see docs/architecture.md)."""

from portal.models.contact import Contact, Invite, Phase
from portal.models.people import Operation, Role, User
from portal.models.plan import (
    Assignment,
    LifeArea,
    Meeting,
    PlanChange,
    PlanComment,
    Task,
    TaskStatus,
    Who,
)

__all__ = [
    "Assignment",
    "Contact",
    "Invite",
    "LifeArea",
    "Meeting",
    "Operation",
    "Phase",
    "PlanChange",
    "PlanComment",
    "Role",
    "Task",
    "TaskStatus",
    "User",
    "Who",
]
