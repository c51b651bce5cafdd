"""A client's letters on the ombud's side: add one, see it with its pages and text,
correct what was read, put its suggested tasks in the plan, remove it."""

from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from portal import access
from portal.actions import letters as letter_actions
from portal.decorators import ombud_required
from portal.forms import LetterCorrectionForm
from portal.pages import letters
from portal.rendering import done
from portal.types import HtmxHttpRequest


def _plan_url(contact_id: int) -> str:
    return reverse("ombud_plan", args=[contact_id])


@ombud_required
@require_http_methods(["GET", "POST"])
def letter_new(request: HtmxHttpRequest, contact_id: int) -> HttpResponse:
    contact = access.get_contact(request.user, contact_id)
    if request.method == "POST":
        return letters.upload(
            request, contact, page="ombud/letter_new.html", plan_url=_plan_url(contact.pk)
        )
    return letters.new_page(request, contact, page="ombud/letter_new.html")


@ombud_required
@require_http_methods(["GET", "POST"])
def letter(request: HtmxHttpRequest, letter_id: int) -> HttpResponse:
    """The letter, and the form that corrects what was read (on this letter only)."""
    found = access.get_letter(request.user, letter_id)
    form = LetterCorrectionForm.for_letter(found, request.POST or None)
    if request.method == "POST" and form.is_valid():
        letter_actions.correct_letter(found, request.user, **form.action_fields())
        return done(
            request,
            reverse("ombud_letter", args=[found.pk]),
            toast=_("Rättat. Det gäller bara det här brevet."),
        )
    response = letters.show(
        request, found, page="ombud/letter.html", extra={"correction_form": form}
    )
    if form.errors:
        response.status_code = 422
    return response


@ombud_required
@require_POST
def letter_tasks(request: HtmxHttpRequest, letter_id: int) -> HttpResponse:
    found = access.get_letter(request.user, letter_id)
    return letters.add_tasks(
        request, found, page="ombud/letter.html", plan_url=_plan_url(found.contact_id)
    )


@ombud_required
@require_POST
def letter_remove(request: HtmxHttpRequest, letter_id: int) -> HttpResponse:
    found = access.get_letter(request.user, letter_id)
    return letters.remove(request, found, plan_url=_plan_url(found.contact_id))
