"""API operations on consent (samtycke): the list (both parties), the client's yes in
the app, the ombud recording one signed on paper, and the client taking one back.

Each operation finds its object through portal.access (404 outside the contact),
validates with the page's ConsentForm or PaperConsentForm (422 with their Swedish
errors) and changes data through portal.actions.consent, which decides who may do what
(403) and publishes the live event.
"""

from collections.abc import Callable

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from portal import access
from portal.actions import consent as consent_actions
from portal.actions.audit import record
from portal.api.errors import invalid
from portal.api.schemas import ConsentOut, FormErrors
from portal.forms import ConsentForm, PaperConsentForm
from portal.models import AuditEntry, Consent, Organisation
from portal.queries.consent import consents_of
from portal.types import AuthedRequest

router = Router(tags=["consents"])


class ConsentFieldsIn(Schema):
    organisation: str = Field(json_schema_extra={"enum": list(Organisation.values)})
    organisation_other: str = Field(
        default="", description='The name, when organisation is "other".'
    )
    covers: str = Field(description="What the ombud may talk with them about.")
    valid_until: str = Field(
        default="",
        description="Last day, year-month-day, e.g. 2026-12-31; empty: until taken back.",
    )


class ConsentIn(ConsentFieldsIn):
    understood: bool = Field(
        default=False,
        description="The client has read what the consent means and says yes: must be true.",
    )


class PaperConsentIn(ConsentFieldsIn):
    signed_on_paper: bool = Field(
        default=False, description="The client has signed the consent on paper: must be true."
    )


def _new_consent(
    request: AuthedRequest,
    contact_id: int,
    payload: ConsentFieldsIn,
    *,
    form_class: type[ConsentForm],
    confirm: str,
    action: Callable[..., Consent],
) -> Status:
    """Both ways in: the page's form (with the API's name for its tick box), then the
    action, which decides who may (403)."""
    contact = access.get_contact(request.user, contact_id)
    data = payload.dict(include={"organisation", "organisation_other", "covers", "valid_until"})
    form = form_class(data={**data, "confirm": getattr(payload, confirm)})
    if not form.is_valid():
        detail = _("Samtycket sparades inte. Rätta det som står nedan.")
        return invalid(form, detail, fields={"confirm": confirm})
    return Status(201, action(contact, request.user, **form.consent_fields()))


@router.get("/contacts/{contact_id}/consents", response=list[ConsentOut], summary="Samtycken")
def list_consents(request: AuthedRequest, contact_id: int) -> list[Consent]:
    """Every consent of the contact, newest first, also those taken back or past their
    last day (see is_active). Both parties."""
    contact = access.get_contact(request.user, contact_id)
    record(contact, request.user, AuditEntry.Action.VIEWED_CONSENTS, what="api")
    return consents_of(contact)


@router.post(
    "/contacts/{contact_id}/consents",
    response={201: ConsentOut, 422: FormErrors},
    summary="Ge samtycke",
)
def give_consent(request: AuthedRequest, contact_id: int, payload: ConsentIn) -> Status:
    """The client says yes, having read what it means (`understood` must be true). The
    client only (403 for the ombud, who records a paper consent instead)."""
    return _new_consent(
        request,
        contact_id,
        payload,
        form_class=ConsentForm,
        confirm="understood",
        action=consent_actions.give_consent,
    )


@router.post(
    "/contacts/{contact_id}/consents/paper",
    response={201: ConsentOut, 422: FormErrors},
    summary="Skriv in ett samtycke på papper",
)
def record_paper_consent(
    request: AuthedRequest, contact_id: int, payload: PaperConsentIn
) -> Status:
    """The client has signed on paper and the ombud writes it in (`signed_on_paper` must
    be true). The contact's ombud only (403 for the client)."""
    return _new_consent(
        request,
        contact_id,
        payload,
        form_class=PaperConsentForm,
        confirm="signed_on_paper",
        action=consent_actions.record_paper_consent,
    )


@router.post(
    "/consents/{consent_id}/withdraw", response=ConsentOut, summary="Ta tillbaka ett samtycke"
)
def withdraw_consent(request: AuthedRequest, consent_id: int) -> Consent:
    """One step, at any time; a consent already taken back stays as it was. The client
    only (403 for the ombud)."""
    consent = access.get_consent(request.user, consent_id)
    return consent_actions.withdraw_consent(consent, request.user)
