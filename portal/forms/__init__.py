"""Input parsing at the edge, shared by the pages and the API, one module per area.

Errors are plain Swedish and say what to do; a form that fails keeps what was typed."""

from portal.forms.account import InviteCodeForm, PasswordForm, SetPasswordForm
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
from portal.forms.intake import (
    AssignForm,
    CloseRequestForm,
    IntakeForm,
    NewClientForm,
    OmbudChoiceField,
    PriorityGroundForm,
    StaffChangeForm,
)
from portal.forms.letters import LetterCorrectionForm, LetterForm, LetterTasksForm
from portal.forms.messaging import MessageForm, ReadReceiptsForm
from portal.forms.network import NetworkPersonForm
from portal.forms.notes import NoteDispositionForm, NoteForm
from portal.forms.pause import PauseForm
from portal.forms.plan import (
    AssignmentForm,
    AssignmentMoveForm,
    ClientAssignmentForm,
    CommentForm,
    MeetingForm,
    PhaseForm,
    TaskForm,
)
from portal.forms.signin import (
    ConfirmPasswordForm,
    ForgotPasswordForm,
    PasskeyNameForm,
    RecoveryCodeForm,
    TotpForm,
)
from portal.forms.team import (
    AnswerForm,
    CloseAloneForm,
    MoveForm,
    ProposeEndingForm,
    StandInForm,
)

__all__ = [
    "AnswerForm",
    "AssignForm",
    "CloseAloneForm",
    "AssignmentMoveForm",
    "MoveForm",
    "ProposeEndingForm",
    "StandInForm",
    "AssignmentForm",
    "ClientAssignmentForm",
    "CloseRequestForm",
    "CommentForm",
    "ConsentForm",
    "FailureAnswerForm",
    "FailureFilterForm",
    "FailureForm",
    "FailureSentForm",
    "FailureSightingForm",
    "ConfirmPasswordForm",
    "ForgotPasswordForm",
    "GuardedForm",
    "IntakeForm",
    "LetterCorrectionForm",
    "LetterForm",
    "LetterTasksForm",
    "InviteCodeForm",
    "MeetingForm",
    "MessageForm",
    "MoveForm",
    "NetworkPersonForm",
    "NewClientForm",
    "NoteDispositionForm",
    "NoteForm",
    "OmbudChoiceField",
    "PaperConsentForm",
    "PasskeyNameForm",
    "PasswordForm",
    "PauseForm",
    "PhaseForm",
    "PriorityGroundForm",
    "REQUIRED",
    "ReadReceiptsForm",
    "RecoveryCodeForm",
    "SetPasswordForm",
    "StaffChangeForm",
    "TaskForm",
    "TotpForm",
]
