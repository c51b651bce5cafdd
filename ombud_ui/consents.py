"""The ombud's side of consent: the client's consents, and recording one that the client
has signed on paper. The same section sits on the client's plan page; this page is where
a flagged task links to (with its organisation chosen) and where the form lands without
JavaScript."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal import access, pagecache
from portal.actions import consent as consent_actions
from portal.actions.audit import record
from portal.decorators import ombud_required
from portal.forms import PaperConsentForm
from portal.models import AuditEntry, Contact
from portal.queries.consent import consent_lists
from portal.rendering import done, invalid
from portal.types import HtmxHttpRequest


def _context(contact: Contact, form: PaperConsentForm, *, open_form: bool = True) -> dict:
    return {
        "contact": contact,
        **consent_lists(contact),
        "consent_form": form,
        "open_form": open_form,
    }


@ombud_required
@require_http_methods(["GET", "POST"])
def consents(request: HtmxHttpRequest, contact_id: int) -> HttpResponse:
    contact = access.get_contact(request.user, contact_id)
    if request.method == "GET":
        record(contact, request.user, AuditEntry.Action.VIEWED_CONSENTS)
        organisation = request.GET.get("organisation", "")

        def build() -> dict:
            form = PaperConsentForm.for_contact(contact, organisation=organisation)
            return {**_context(contact, form), "viewer": request.user}

        if organisation:  # a form filled in from a link: drawn, not kept
            return render(request, "ombud/consents.html", build())
        parts = pagecache.contact_parts(
            request, "ombud_consents", contact, ("partials/consent_section.html",), build
        )
        context = {"contact": contact, "viewer": request.user, "parts": parts}
        return render(request, "ombud/consents.html", context)
    form = PaperConsentForm.for_contact(contact, request.POST)
    if not form.is_valid():
        return invalid(
            request,
            partial="partials/consent_section.html",
            page="ombud/consents.html",
            context=_context(contact, form),
        )
    consent = consent_actions.record_paper_consent(contact, request.user, **form.consent_fields())
    toast = _("Samtycket för %(organisation)s är sparat.") % {
        "organisation": consent.organisation_name
    }
    return done(
        request,
        reverse("ombud_plan", args=[contact.pk]),
        toast=toast,
        anchor="consents",
        template="partials/consent_section.html",
        context=_context(contact, PaperConsentForm.for_contact(contact), open_form=False),
    )
