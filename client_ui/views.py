"""The client's pages: Min plan, Träffar, Mer, and the invite that lets them in."""

from django.contrib.auth import login
from django.http import Http404, HttpRequest, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal import access, conversation
from portal.actions import contacts as contact_actions
from portal.actions import messaging
from portal.actions import plan as plan_actions
from portal.decorators import role_required
from portal.forms import CommentForm, InviteCodeForm, ReadReceiptsForm, SetPasswordForm
from portal.models import Invite, Meeting, Role
from portal.queries import current_meetings, load_plan
from portal.rendering import done, render_partial

client_required = role_required(Role.CLIENT)
INVITE_SESSION_KEY = "invite_id"


def _plan_page(request: HttpRequest, comment_form=None, status: int = 200):
    contact = access.client_contact(request.user)
    context = load_plan(contact, changes=8)
    context["comment_form"] = comment_form or CommentForm()
    context["viewer"] = request.user
    return render(request, "client/plan.html", context, status=status)


@client_required
@require_GET
def plan(request: HttpRequest):
    if not access.contacts_for(request.user).exists():
        # An ended contact: until it is erased, the client's way in leads to their copy.
        return redirect("client_copy")
    return _plan_page(request)


@client_required
@require_POST
def task_done(request: HttpRequest, task_id: int):
    task = access.get_task(request.user, task_id)
    is_done = request.POST.get("done") == "1"
    plan_actions.set_task_done(task, request.user, done=is_done)
    task.refresh_from_db()
    return done(
        request,
        reverse("client_plan"),
        toast=_("Bra! Det är markerat som klart.")
        if is_done
        else _("Det är markerat som inte klart."),
        anchor=f"task-{task.pk}",
        template="partials/task_row.html",
        context={"task": task},
    )


@client_required
@require_POST
def comment(request: HttpRequest):
    contact = access.client_contact(request.user)
    form = CommentForm(request.POST)
    if not form.is_valid():
        if request.htmx:
            return render_partial(
                request,
                "partials/comment_section.html",
                {
                    "comment_form": form,
                    "comments": list(contact.comments.select_related("author")[:20]),
                },
                status=422,
            )
        return _plan_page(request, comment_form=form, status=422)
    plan_actions.add_comment(contact, request.user, text=form.cleaned_data["text"])
    return done(
        request,
        reverse("client_plan"),
        toast=_("Tack! Ditt ombud ser det nu."),
        anchor="comments",
        template="partials/comment_section.html",
        context={
            "comment_form": CommentForm(),
            "comments": list(contact.comments.select_related("author")[:20]),
        },
    )


@client_required
@require_GET
def meetings(request: HttpRequest):
    contact = access.client_contact(request.user)
    return render(
        request,
        "client/meetings.html",
        {"contact": contact, "meetings": current_meetings(contact), "viewer": request.user},
    )


@client_required
@require_GET
def more(request: HttpRequest):
    contact = access.client_contact(request.user)
    return render(request, "client/more.html", {"contact": contact})


def _invite_from_session(request: HttpRequest) -> Invite | None:
    invite_id = request.session.get(INVITE_SESSION_KEY)
    if invite_id is None:
        return None
    invite = (
        Invite.objects.select_related("contact__client", "contact__ombud")
        .filter(pk=invite_id)
        .first()
    )
    return invite if invite and invite.is_usable() else None


@require_GET
@never_cache
def welcome_link(request: HttpRequest, token: str):
    """Swap the token in the address for a session key at once, so the token does not stay
    in the browser's history or the address bar (as Django's password reset does)."""
    invite = contact_actions.find_usable_invite(token=token)
    if invite is None:
        return render(request, "client/invite_invalid.html", status=404)
    request.session[INVITE_SESSION_KEY] = invite.pk
    return redirect("invite_welcome")


@require_http_methods(["GET", "POST"])
@never_cache
def enter_code(request: HttpRequest):
    form = InviteCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        invite = contact_actions.find_usable_invite(code=form.cleaned_data["code"])
        if invite is not None:
            request.session[INVITE_SESSION_KEY] = invite.pk
            return redirect("invite_welcome")
        form.add_error(
            "code",
            _(
                "Koden fungerar inte. Kontrollera att du skrev rätt. Koden gäller en gång "
                "och bara några dagar – be ditt ombud om en ny om den har gått ut."
            ),
        )
    status = 422 if form.errors else 200
    return render(request, "client/enter_code.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
@never_cache
def welcome(request: HttpRequest):
    invite = _invite_from_session(request)
    if invite is None:
        raise Http404
    client = invite.contact.client
    form = SetPasswordForm(request.POST or None, user=client)
    if request.method == "POST" and form.is_valid():
        client = contact_actions.redeem_invite(
            invite, username=form.cleaned_data["username"], password=form.cleaned_data["password1"]
        )
        request.session.pop(INVITE_SESSION_KEY, None)
        login(request, client, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("client_plan")
    status = 422 if form.errors else 200
    context = {"form": form, "client": client, "ombud": invite.contact.ombud}
    return render(request, "client/welcome.html", context, status=status)


def _conversation_urls() -> dict:
    url = reverse("client_messages")
    return {"page": url, "send": url}


@client_required
@require_http_methods(["GET", "POST"])
def messages(request: HttpRequest):
    contact = access.client_contact(request.user)
    if request.method == "POST":
        return conversation.send(
            request, contact, page="client/messages.html", urls=_conversation_urls()
        )
    return conversation.show(
        request, contact, page="client/messages.html", urls=_conversation_urls()
    )


@client_required
@require_POST
def read_receipts(request: HttpRequest):
    contact = access.client_contact(request.user)
    form = ReadReceiptsForm(request.POST)
    form.is_valid()  # a missing box means "no"; nothing else can be wrong
    share = bool(form.cleaned_data.get("share"))
    messaging.set_read_receipts(contact, request.user, share=share)
    if share:
        toast = _("Klart. Ditt ombud ser nu när du har läst ett meddelande.")
    else:
        toast = _("Klart. Ditt ombud ser inte när du har läst.")
    return done(request, reverse("client_more"), toast=toast)


@client_required
@require_POST
def meeting_answer(request: HttpRequest, meeting_id: int):
    meeting = access.get_meeting(request.user, meeting_id)
    answer = request.POST.get("answer", "")
    if answer not in (Meeting.Answer.COMING, Meeting.Answer.NOT_COMING):
        return HttpResponseBadRequest(_("Välj Jag kommer eller Jag kan inte."))
    plan_actions.answer_meeting(meeting, request.user, answer=answer)
    meeting.refresh_from_db()
    toast = (
        _("Tack! Ditt ombud ser att du kommer.")
        if answer == Meeting.Answer.COMING
        else _("Tack för att du sa till. Ditt ombud ser att du inte kan.")
    )
    return done(
        request,
        reverse("client_meetings"),
        toast=toast,
        anchor=f"meeting-{meeting.pk}",
        template="partials/meeting_item.html",
        context={"meeting": meeting},
    )
