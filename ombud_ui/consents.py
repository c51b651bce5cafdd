"""The ombud's side of consent: the client's consents, and recording one that the client
has signed on paper. The same section sits on the client's plan page; this page is where
a flagged task links to (with its organisation chosen) and where the form lands without
JavaScript."""

from django.http import HttpRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ombud_ui.views import ombud_required
from portal import access, audit
from portal.actions import consent as consent_actions
from portal.forms import PaperConsentForm
from portal.models import AuditEntry, Contact, Organisation
from portal.queries import consent_lists
from portal.rendering import done, render_partial


def paper_form(contact: Contact, data=None, *, organisation: str = "") -> PaperConsentForm:
    initial = {"organisation": organisation} if organisation in Organisation.values else {}
    return PaperConsentForm(
        data, initial=initial, client_name=contact.client.display_name, auto_id="pc-%s"
    )


def _context(contact: Contact, form: PaperConsentForm) -> dict:
    return {"contact": contact, **consent_lists(contact), "consent_form": form, "open_form": True}


@ombud_required
@require_http_methods(["GET", "POST"])
def consents(request: HttpRequest, contact_id: int):
    contact = access.get_contact(request.user, contact_id)
    if request.method == "GET":
        audit.record(contact, request.user, AuditEntry.Action.VIEWED_CONSENTS)
        form = paper_form(contact, organisation=request.GET.get("organisation", ""))
        context = {**_context(contact, form), "viewer": request.user}
        return render(request, "ombud/consents.html", context)
    form = paper_form(contact, request.POST)
    if not form.is_valid():
        context = _context(contact, form)
        if request.htmx:
            return render_partial(request, "partials/consent_section.html", context, status=422)
        return render(
            request, "ombud/consents.html", {**context, "viewer": request.user}, status=422
        )
    consent = consent_actions.record_paper_consent(contact, request.user, **form.consent_fields())
    toast = _("Samtycket för %(organisation)s är sparat.") % {
        "organisation": consent.organisation_name
    }
    context = {**_context(contact, paper_form(contact)), "open_form": False}
    return done(
        request,
        reverse("ombud_plan", args=[contact.pk]),
        toast=toast,
        anchor="consents",
        template="partials/consent_section.html",
        context=context,
    )
