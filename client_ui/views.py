"""The client's pages: Min plan, Träffar, Meddelanden, Mer, and the invite that lets them in."""

from django.contrib.auth import login
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal import access, pagecache, throttle
from portal.actions import contacts as contact_actions
from portal.actions import messaging
from portal.actions import plan as plan_actions
from portal.decorators import client_required
from portal.forms import (
    ClientAssignmentForm,
    CommentForm,
    InviteCodeForm,
    LetterForm,
    ReadReceiptsForm,
    SetPasswordForm,
    TaskForm,
)
from portal.links import absolute_url
from portal.models import Contact, Invite, Meeting
from portal.pages import conversation
from portal.pages.team import team_parts
from portal.queries.invites import (
    find_usable_invite,
    free_username,
    usable_invite,
    username_taken,
)
from portal.queries.letters import letters_of
from portal.queries.plan import comments_of, current_meetings, load_plan, task_row
from portal.rendering import done, finished, form_page, invalid
from portal.types import HtmxHttpRequest
from portal.useragent import phone_kind

INVITE_SESSION_KEY = "invite_id"
INVITE_USERNAME_KEY = "invite_username"
WELCOME_USERNAME_KEY = "welcome_username"


def plan_context(
    request: HtmxHttpRequest, bound: dict | None = None, contact: Contact | None = None
) -> dict:
    """Min plan; `bound` holds a form with errors to show in place of a fresh one:
    "assignment", "comment", or ("task", assignment id). `contact`: the client's own,
    when the caller has read it already."""
    bound = bound or {}
    contact = contact or access.client_contact(request.user)
    context = load_plan(contact, changes=8, for_client=True)
    for assignment in context["assignments"]:
        assignment.task_form = bound.get(("task", assignment.pk)) or TaskForm.for_assignment(
            assignment, viewer=request.user, network=context["network"]
        )
    context["assignment_form"] = bound.get("assignment") or ClientAssignmentForm(auto_id="a-%s")
    context["comment_form"] = bound.get("comment") or CommentForm()
    context["viewer"] = request.user
    context["letters"] = letters_of(contact, request.user)
    context["letter_form"] = LetterForm()
    context.update(team_parts(contact, request.user))
    return context


@client_required
@require_GET
def plan(request: HtmxHttpRequest) -> HttpResponse:
    try:
        contact = access.client_contact(request.user)
    except Http404:
        # An ended contact: until it is erased, the client's way in leads to their copy.
        return redirect("client_copy")
    # The contact's parts as kept for its number; the rest (the pause) is the viewer's.
    parts = pagecache.contact_parts(
        request,
        "client_plan",
        contact,
        ("client/plan_top.html", "client/plan_body.html"),
        lambda: plan_context(request, contact=contact),
    )
    context = {"contact": contact, "viewer": request.user, "parts": parts}
    return render(request, "client/plan.html", context)


@client_required
@require_POST
def task_done(request: HtmxHttpRequest, task_id: int) -> HttpResponse:
    task = access.get_task(request.user, task_id)
    is_done = request.POST.get("done") == "1"
    plan_actions.set_task_done(task, request.user, done=is_done)
    toast = _("Bra! Nu är det klart.") if is_done else _("Nu står det som inte klart igen.")
    return done(
        request,
        reverse("client_plan"),
        toast=toast,
        anchor=f"task-{task.pk}",
        template="partials/task_row.html",
        context={"task": task_row(task, consent_flag=False)},
    )


@client_required
@require_POST
def comment(request: HtmxHttpRequest) -> HttpResponse:
    contact = access.client_contact(request.user)
    form = CommentForm(request.POST)
    if not form.is_valid():
        if request.htmx:
            context = {"comment_form": form, "comments": comments_of(contact)}
        else:
            context = plan_context(request, {"comment": form})
        return invalid(
            request,
            partial="partials/comment_section.html",
            page="client/plan.html",
            context=context,
        )
    plan_actions.add_comment(contact, request.user, text=form.cleaned_data["text"])
    return done(
        request,
        reverse("client_plan"),
        toast=_("Tack! Ditt ombud ser det nu."),
        anchor="comments",
        template="partials/comment_section.html",
        context={"comment_form": CommentForm(), "comments": comments_of(contact)},
    )


@client_required
@require_GET
def meetings(request: HtmxHttpRequest) -> HttpResponse:
    contact = access.client_contact(request.user)
    parts = pagecache.contact_parts(
        request,
        "client_meetings",
        contact,
        ("partials/meeting_list.html",),
        lambda: {"contact": contact, "meetings": current_meetings(contact), "viewer": request.user},
    )
    context = {"contact": contact, "viewer": request.user, "parts": parts}
    return render(request, "client/meetings.html", context)


@client_required
@require_GET
def more(request: HtmxHttpRequest) -> HttpResponse:
    contact = access.client_contact(request.user)
    return render(request, "client/more.html", team_parts(contact, request.user))


@require_GET
@never_cache
def welcome_link(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """Swap the token in the address for a session key at once, so the token does not stay
    in the browser's history or the address bar (as Django's password reset does)."""
    invite = find_usable_invite(token=token)
    if invite is None:
        return render(request, "client/invite_invalid.html", status=404)
    request.session[INVITE_SESSION_KEY] = invite.pk
    return redirect("invite_welcome")


@require_http_methods(["GET", "POST"])
@never_cache
def enter_code(request: HtmxHttpRequest) -> HttpResponse:
    """The code an ombud gave. A wrong, used or expired code gets one answer, and
    counts for this address in the lockout (portal/throttle.py): a code names no
    account, and the answer says nothing of whether one exists."""
    form = InviteCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not throttle.allowed(request, None):
            return throttle.lockout_response(request)
        invite = find_usable_invite(code=form.cleaned_data["code"])
        if invite is not None:
            request.session[INVITE_SESSION_KEY] = invite.pk
            return redirect("invite_welcome")
        throttle.failed(request, None)
        form.add_error(
            "code",
            _(
                "Koden fungerar inte. Kolla att du skrev rätt. En kod fungerar bara en gång "
                "och bara några dagar. Be ditt ombud om en ny kod om den är för gammal."
            ),
        )
    return form_page(request, page="client/enter_code.html", context={"form": form})


def _username_to_be(request: HtmxHttpRequest, invite: Invite) -> str:
    """The username the invite gives: the account's own for a client who asked for a new
    password, else one made from the first name, once per invite (the same on every try,
    so the password is checked against the name the account will really have)."""
    client = invite.contact.client
    if client.has_usable_password():
        return client.username
    made = request.session.get(INVITE_USERNAME_KEY)
    if not (isinstance(made, dict) and made.get("invite") == invite.pk) or username_taken(
        made.get("username", "")
    ):
        made = {"invite": invite.pk, "username": free_username(client.first_name)}
        request.session[INVITE_USERNAME_KEY] = made
    return made["username"]


@require_http_methods(["GET", "POST"])
@never_cache
def welcome(request: HtmxHttpRequest) -> HttpResponse:
    """The invite makes the account: the client chooses only a password (twice). With
    htmx a refusal swaps in only the messages next to the fields, so what was typed stays
    where it was typed; without, the page comes back with the fields empty (a password is
    never written back into a page)."""
    invite = usable_invite(request.session.get(INVITE_SESSION_KEY))
    if invite is None:
        raise Http404
    client = invite.contact.client
    if request.method == "POST" and not throttle.allowed(request, None):
        return throttle.lockout_response(request)
    username = _username_to_be(request, invite)
    form = SetPasswordForm(request.POST or None, user=client, username=username)
    if request.method == "POST" and form.is_valid():
        client = contact_actions.redeem_invite(
            invite, password=form.cleaned_data["password1"], username=username
        )
        request.session.pop(INVITE_SESSION_KEY, None)
        request.session.pop(INVITE_USERNAME_KEY, None)
        login(request, client, backend="django.contrib.auth.backends.ModelBackend")
        request.session[WELCOME_USERNAME_KEY] = client.username  # shown once, next page
        return finished(request, reverse("invite_done"), toast=_("Klart! Nu har du ett konto."))
    if request.method == "POST" and request.htmx:
        return render(request, "partials/welcome_errors.html", {"form": form}, status=422)
    context = {"form": form, "client": client, "ombud": invite.contact.ombud}
    return form_page(request, page="client/welcome.html", context=context)


@client_required
@require_GET
@never_cache
def welcome_done(request: HtmxHttpRequest) -> HttpResponse:
    """Right after the invite: the username, once ("Skriv upp det, eller lägg till en
    nyckel så slipper du."), the app's address, and how to put it on the home screen,
    for this phone first (from the User-Agent) and the other under "Har du en annan
    telefon?"."""
    kind = phone_kind(request.headers.get("User-Agent", ""))
    context = {
        "username": request.session.pop(WELCOME_USERNAME_KEY, ""),
        "app_url": absolute_url(request, "/"),
        "first": kind,
        "other": {"iphone": "android", "android": "iphone"}.get(kind, ""),
        "viewer": request.user,
    }
    return render(request, "client/welcome_done.html", context)


@client_required
@require_http_methods(["GET", "POST"])
def messages(request: HtmxHttpRequest) -> HttpResponse:
    contact = access.client_contact(request.user)
    url = reverse("client_messages")
    urls = {"page": url, "send": url}
    if request.method == "POST":
        return conversation.send(request, contact, page="client/messages.html", urls=urls)
    return conversation.show(request, contact, page="client/messages.html", urls=urls)


@client_required
@require_POST
def read_receipts(request: HtmxHttpRequest) -> HttpResponse:
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
def meeting_answer(request: HtmxHttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access.get_meeting(request.user, meeting_id)
    answer = request.POST.get("answer", "")
    if answer not in (Meeting.Answer.COMING, Meeting.Answer.NOT_COMING):
        return HttpResponseBadRequest(_("Välj Jag kommer eller Jag kan inte."))
    plan_actions.answer_meeting(meeting, request.user, answer=answer)
    meeting.refresh_from_db()
    if answer == Meeting.Answer.COMING:
        toast = _("Tack! Ditt ombud ser att du kommer.")
    else:
        toast = _("Tack för att du sa till. Ditt ombud ser att du inte kan.")
    return done(
        request,
        reverse("client_meetings"),
        toast=toast,
        anchor=f"meeting-{meeting.pk}",
        template="partials/meeting_item.html",
        context={"meeting": meeting},
    )
