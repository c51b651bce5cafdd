"""Sessions a person can see and end: signing in and out, the idle timeout and the
absolute lifetime, and ending one session, all the others, or all of them.

Rules (docs/architecture.md, "Sessions and what a socket may do"):

- **Two deadlines.** A session keeps when it started and when its person last did
  something (portal.queries.sessions STARTED, ACTIVE). It ends at the earlier of "last
  activity + idle timeout" and "start + lifetime" (staff 30 minutes and 12 hours,
  clients 8 hours and 30 days; settings SESSION_*). The session row's expire_date is set
  to that same moment, so Django itself refuses the session from then on, and so does the
  live socket (realtime/standing.py), which reads the row before every frame.
- **What counts as activity.** Every request the person makes: a page, a form, an htmx
  request, "Fortsätt vara inloggad". Not: requests a page makes on its own, which carry
  the header `X-Background: 1` (the outbox sending what waited; the page asking how long
  is left), and nothing that arrives over the live socket. Written at most once a minute
  (SESSION_TOUCH_SECONDS), so the timeout is exact to the minute and a busy page costs
  one write a minute, not one a request.
- **Ending a session is deleting its row.** The device row goes with it (database
  cascade), and the user's open sockets are told to check their own session at once
  (`realtime.events.sessions_changed`); a socket whose session is gone closes. Session
  keys never leave the server: not in a page, not in the channel layer.
- **A password change ends every other session** and keeps the current one under a new
  key (Django's update_session_auth_hash).
"""

from django.conf import settings
from django.contrib import auth
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from portal import security_log
from portal.actions import account_changes
from portal.actions.audit import record
from portal.models import AccountChange, AuditEntry, Contact, DeviceSession, User
from portal.queries.sessions import ACTIVE, CONFIRMED, ENDED_ELSEWHERE, IDLE, STARTED, ends
from portal.queries.team import on_ombud_side
from portal.useragent import describe
from realtime.events import sessions_changed

BACKGROUND_HEADER = "X-Background"


def _now() -> float:
    return timezone.now().timestamp()


def _set_deadline(request: HttpRequest, user: User) -> None:
    end = ends(request.session, user)
    if end is not None:
        request.session.set_expiry(end[0])


def track_device(request: HttpRequest, user: User, *, first_seen=None) -> None:
    """The row for this request's session: its last_seen now, made if missing (a session
    from before devices were listed, or one whose key changed)."""
    if request.session.session_key is None:
        request.session.save()  # a key, and the row the device points at
    key = request.session.session_key
    assert key is not None  # saved just above
    now = timezone.now()
    if DeviceSession.objects.filter(session_id=key).update(last_seen=now):
        return
    browser, system = describe(request.headers.get("User-Agent", ""))
    try:
        with transaction.atomic():
            DeviceSession.objects.create(
                session_id=key,
                user=user,
                browser=browser,
                system=system,
                first_seen=first_seen or now,
                last_seen=now,
            )
    except IntegrityError:
        pass  # the session was ended meanwhile (from another device), or listed twice


def signed_in(request: HttpRequest, user: User) -> None:
    """A new session (the user_logged_in signal): stamp it, give it its deadline, and
    list the device."""
    now = _now()
    request.session[STARTED] = now
    request.session[ACTIVE] = now
    request.session[CONFIRMED] = now  # a sign-in is the freshest proof there is
    _set_deadline(request, user)
    track_device(request, user)
    account_changes.tell(request, user)


def _is_activity(request: HttpRequest) -> bool:
    return request.headers.get(BACKGROUND_HEADER) != "1"


def record_activity(request: HttpRequest, *, force: bool = False) -> None:
    """The person did something: move the idle deadline (at most once a minute, unless
    `force`: "Fortsätt vara inloggad")."""
    user = request.user
    if not isinstance(user, User):
        return
    now = _now()
    active = request.session.get(ACTIVE)
    if not force and active is not None and now - float(active) < settings.SESSION_TOUCH_SECONDS:
        return
    if request.session.get(STARTED) is None:
        request.session[STARTED] = now  # signed in before sessions were stamped
    request.session[ACTIVE] = now
    _set_deadline(request, user)
    track_device(request, user)
    account_changes.tell(request, user)


def enforce_lifetime(request: HttpRequest) -> str | None:
    """End the session if a deadline has passed, or note the person's activity. Returns
    why a session just ended (IDLE, LIFETIME, ENDED_ELSEWHERE), else None."""
    user = request.user
    if not isinstance(user, User):
        return _forget_dead_session(request)
    end = ends(request.session, user)
    if end is not None and timezone.now() >= end[0]:
        security_log.event("session.expired", request=request, user_id=user.pk, reason=end[1])
        auth.logout(request)  # the user_logged_out signal ends the session (signed_out)
        return end[1]
    if _is_activity(request) or end is None:
        record_activity(request)
    return None


def _forget_dead_session(request: HttpRequest) -> str | None:
    """A session cookie whose session Django refused (it expired, or was ended
    elsewhere): delete what is left of it and say why, once (the cookie goes with this
    response)."""
    key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not key or request.session.session_key is not None:
        return None  # no cookie, or a live session (e.g. an invite being redeemed)
    row = Session.objects.filter(session_key=key).first()
    if row is None:
        return ENDED_ELSEWHERE
    data = row.get_decoded()
    user_id = data.get(auth.SESSION_KEY)
    user = User.objects.filter(pk=user_id).first() if user_id else None
    expired = row.expire_date <= timezone.now()
    row.delete()
    if user is None or not expired:
        return ENDED_ELSEWHERE
    sessions_changed(user)
    end = ends(data, user)
    return end[1] if end is not None else IDLE


def signed_out(user: User | None, session_key: str | None) -> None:
    """The person signed out (the user_logged_out signal, before Django empties the
    session): the row goes now, so their sockets find it gone when they check."""
    if session_key:
        Session.objects.filter(session_key=session_key).delete()
    if user is not None:
        sessions_changed(user)


def _end(user: User, sessions, *, which: str) -> int:
    with transaction.atomic():
        # The count of sessions, not of every row the cascade took (their devices).
        _, per_model = Session.objects.filter(pk__in=list(sessions)).delete()
        count = per_model.get(Session._meta.label, 0)
        sessions_changed(user)
    security_log.event("sessions.ended", user_id=user.pk, which=which, count=count)
    return count


def end_device(device: DeviceSession) -> None:
    """Sign out one device (found with portal.access.get_device_session)."""
    _end(device.user, [device.session_id], which="one")


def end_other_sessions(request: HttpRequest) -> None:
    """Sign out every device but this one."""
    user = request.user
    assert isinstance(user, User)
    others = DeviceSession.objects.filter(user=user).exclude(session_id=request.session.session_key)
    _end(user, others.values_list("session_id", flat=True), which="others")


def end_all_sessions(user: User) -> int:
    """Sign out every device (a switched-off account, a lost phone, a new password, an
    erased account). Also a session with no device row (one made before devices were
    tracked): the session table is scanned for the account's id. Returns how many."""
    keys = set(DeviceSession.objects.filter(user=user).values_list("session_id", flat=True))
    for session in Session.objects.filter(expire_date__gte=timezone.now()).iterator():
        if session.get_decoded().get(auth.SESSION_KEY) == str(user.pk):
            keys.add(session.session_key)
    return _end(user, keys, which="all")


def sign_out_client_everywhere(contact: Contact, actor: User) -> None:
    """The ombud signs their client out of every device (a lost phone). The client sees
    it in their "who looked" trail."""
    if not on_ombud_side(actor, contact) or contact.status != Contact.Status.ACTIVE:
        raise PermissionDenied("Only the client's ombud signs the client out.")
    with transaction.atomic():
        end_all_sessions(contact.client)
        record(contact, actor, AuditEntry.Action.SIGNED_OUT)


def change_password(request: HttpRequest, form: PasswordChangeForm) -> None:
    """Save the new password; keep this session (under a new key), end all the others."""
    with transaction.atomic():
        this = DeviceSession.objects.filter(session_id=request.session.session_key).first()
        user = form.save()
        # A new key for this session; the old row (and its device row) is deleted.
        auth.update_session_auth_hash(request, user)
        track_device(request, user, first_seen=this.first_seen if this else None)
        end_other_sessions(request)
        account_changes.record(user, AccountChange.Kind.PASSWORD, request=request)
