"""Input parsing at the edge, shared by the pages and the API, one module per area.

Errors are plain Swedish and say what to do; a form that fails keeps what was typed."""

from portal.forms.account import InviteCodeForm, SetPasswordForm
from portal.forms.base import REQUIRED
from portal.forms.consent import ConsentForm, PaperConsentForm
from portal.forms.failures import (
    FailureAnswerForm,
    FailureFilterForm,
    FailureForm,
    FailureSentForm,
    FailureSightingForm,
    GuardedForm,
)
from portal.forms.intake import AssignForm, IntakeForm, OmbudChoiceField, PriorityGroundForm
from portal.forms.letters import LetterCorrectionForm, LetterForm, LetterTasksForm
from portal.forms.messaging import MessageForm, ReadReceiptsForm
from portal.forms.notes import NoteDispositionForm, NoteForm
from portal.forms.plan import (
    AssignmentForm,
    CommentForm,
    MeetingForm,
    NewClientForm,
    PhaseForm,
    TaskForm,
)

__all__ = [
    "AssignForm",
    "AssignmentForm",
    "CommentForm",
    "ConsentForm",
    "FailureAnswerForm",
    "FailureFilterForm",
    "FailureForm",
    "FailureSentForm",
    "FailureSightingForm",
    "GuardedForm",
    "IntakeForm",
    "LetterCorrectionForm",
    "LetterForm",
    "LetterTasksForm",
    "InviteCodeForm",
    "MeetingForm",
    "MessageForm",
    "NewClientForm",
    "NoteDispositionForm",
    "NoteForm",
    "OmbudChoiceField",
    "PaperConsentForm",
    "PhaseForm",
    "PriorityGroundForm",
    "REQUIRED",
    "ReadReceiptsForm",
    "SetPasswordForm",
    "TaskForm",
]
