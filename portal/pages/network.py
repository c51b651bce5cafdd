"""The client's network page ("Mitt nätverk" for the client, "Majas nätverk" for the
ombud), shared by both sides: the list, adding someone, editing and removing. The two
sides' views only decide the contact, the person and the templates; what each party may
do is in portal.actions.network (a refusal is 403)."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from portal import pagecache
from portal.actions import network as network_actions
from portal.actions.audit import record
from portal.forms import NetworkPersonForm
from portal.models import AuditEntry, Contact, NetworkPerson
from portal.queries.network import network_of
from portal.rendering import done, inline_edit, invalid
from portal.types import FormData, HtmxHttpRequest

SECTION = "partials/network_section.html"


def _add_form(data: FormData = None) -> NetworkPersonForm:
    return NetworkPersonForm(data, auto_id="nw-%s")


def _context(request: HtmxHttpRequest, contact: Contact, form: NetworkPersonForm | None) -> dict:
    return {
        "contact": contact,
        "network": network_of(contact),
        "network_form": form or _add_form(),
        "viewer": request.user,
    }


def _toast(request: HtmxHttpRequest, contact: Contact) -> str:
    if request.user.pk == contact.client_id:
        return _("Sparat. Ditt ombud ser det nu.")
    return _("Sparat. %(name)s ser det nu.") % {"name": contact.client.display_name}


def show(request: HtmxHttpRequest, contact: Contact, *, page: str) -> HttpResponse:
    # Who looked: the ombud opening the client's network (the client's own is not kept).
    record(contact, request.user, AuditEntry.Action.VIEWED_NETWORK)
    # The list and the form, kept for the contact's number (portal/pagecache.py).
    parts = pagecache.contact_parts(
        request, page, contact, (SECTION,), lambda: _context(request, contact, None)
    )
    context = {"contact": contact, "viewer": request.user, "parts": parts}
    return render(request, page, context)


def add(request: HtmxHttpRequest, contact: Contact, *, page: str, url: str) -> HttpResponse:
    form = _add_form(request.POST)
    if not form.is_valid():
        return invalid(
            request, partial=SECTION, page=page, context=_context(request, contact, form)
        )
    person = network_actions.add_person(contact, request.user, **form.cleaned_data)
    return done(
        request,
        url,
        toast=_toast(request, contact),
        anchor=f"person-{person.pk}",
        template=SECTION,
        context=_context(request, contact, None),
    )


def edit(request: HtmxHttpRequest, person: NetworkPerson, *, page: str, url: str) -> HttpResponse:
    contact = person.contact
    form = NetworkPersonForm.for_person(person, request.POST or None)
    if request.method == "POST" and form.is_valid():
        network_actions.edit_person(person, request.user, **form.cleaned_data)
        return done(
            request,
            url,
            toast=_toast(request, contact),
            anchor=f"person-{person.pk}",
            template=SECTION,
            context=_context(request, contact, None),
        )
    context = {"person": person, "form": form, "contact": contact, "viewer": request.user}
    return inline_edit(
        request,
        page=page,
        partial="partials/network_edit.html",
        context=context,
        target=f"#person-{person.pk}",
    )


def remove(request: HtmxHttpRequest, person: NetworkPerson, *, url: str) -> HttpResponse:
    contact = person.contact
    if not person.may_remove(request.user):
        raise PermissionDenied
    network_actions.remove_person(person, request.user)
    return done(
        request,
        url,
        toast=_("Du tog bort personen ur nätverket."),
        template=SECTION,
        context=_context(request, contact, None),
    )
