"""The client's consents (Mer → Samtycken): every consent they have given, a one-step
"Ta tillbaka" on each one in force, and a form to say yes to a new one.

Every form works as a plain post (redirect back to the page) and with htmx (the changed
part and a confirmation in the live region)."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from portal import access, pagecache
from portal.actions import consent as consent_actions
from portal.decorators import client_required
from portal.forms import ConsentForm
from portal.models import Contact
from portal.queries.consent import consent_lists
from portal.rendering import done, invalid, undoable
from portal.types import FormData, HtmxHttpRequest
from portal.undo import UndoTooLate


def _form(contact: Contact, data: FormData = None) -> ConsentForm:
    return ConsentForm(data, ombud_name=contact.ombud.display_name, auto_id="c-%s")


def _context(contact: Contact, form: ConsentForm | None = None) -> dict:
    return {"contact": contact, **consent_lists(contact), "consent_form": form or _form(contact)}


@client_required
@require_http_methods(["GET", "POST"])
def consents(request: HtmxHttpRequest) -> HttpResponse:
    contact = access.client_contact(request.user)
    if request.method == "GET":
        parts = pagecache.contact_parts(
            request,
            "client_consents",
            contact,
            ("partials/consent_section.html",),
            lambda: {**_context(contact), "viewer": request.user},
        )
        context = {"contact": contact, "viewer": request.user, "parts": parts}
        return render(request, "client/consents.html", context)
    form = _form(contact, request.POST)
    if not form.is_valid():
        return invalid(
            request,
            partial="partials/consent_section.html",
            page="client/consents.html",
            context=_context(contact, form),
        )
    consent = consent_actions.give_consent(contact, request.user, **form.consent_fields())
    toast = _("Tack. Nu får %(ombud)s prata med %(organisation)s om det du skrev.") % {
        "ombud": contact.ombud.display_name,
        "organisation": consent.organisation_name,
    }
    return done(
        request,
        reverse("client_consents"),
        toast=toast,
        anchor=f"consent-{consent.pk}",
        template="partials/consent_section.html",
        context=_context(contact),
    )


@client_required
@require_POST
def withdraw(request: HtmxHttpRequest, consent_id: int) -> HttpResponse:
    """One step: no "are you sure?", but "Ångra" for a moment (portal.undo). The consent
    stays in the list, marked taken back."""
    consent = access.get_consent(request.user, consent_id)
    contact = consent.contact
    consent_actions.withdraw_consent(consent, request.user)
    toast = _(
        "Du har tagit tillbaka samtycket. "
        "%(ombud)s får inte längre prata med %(organisation)s om dig."
    ) % {"ombud": contact.ombud.display_name, "organisation": consent.organisation_name}
    return undoable(
        request,
        reverse("client_consents"),
        toast=toast,
        undo_url=reverse("client_consent_restore", args=[consent.pk]),
        undo_target="#consent-list",
        template="partials/consent_list.html",
        context={"contact": contact, **consent_lists(contact)},
        anchor=f"consent-{consent.pk}",
    )


@client_required
@require_POST
def restore(request: HtmxHttpRequest, consent_id: int) -> HttpResponse:
    """ "Ångra" right after taking a consent back: it is in force again."""
    consent = access.get_consent(request.user, consent_id)
    contact = consent.contact
    try:
        consent_actions.restore_consent(consent, request.user)
        toast = _("Samtycket gäller igen, som förut.")
    except UndoTooLate:
        toast = _("Det går inte att ångra längre. Du kan ge ett nytt samtycke om du vill.")
    return done(
        request,
        reverse("client_consents"),
        toast=toast,
        anchor=f"consent-{consent.pk}",
        template="partials/consent_list.html",
        context={"contact": contact, **consent_lists(contact)},
    )
