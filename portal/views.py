"""Views that belong to no one side: the front door, sign-in, health and the coordinator."""

import asyncio

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal import access, audit
from portal.actions.intake import queue_summary
from portal.calendar import meeting_ics
from portal.models import AuditEntry, Contact, Phase, Role, User


@require_GET
def home(request: HttpRequest):
    user = request.user
    if not user.is_authenticated:
        return redirect("login")
    if user.is_client:
        return redirect("client_plan")
    if user.is_ombud:
        return redirect("ombud_caseload")
    if user.is_coordinator:
        return redirect("coordinator_home")
    return redirect("login")


class LogoutView(auth_views.LogoutView):
    """Signing out also empties what this browser kept of the person: the HTTP cache, the
    service worker's caches, IndexedDB (the outbox) and cookies (Clear-Site-Data)."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


async def _channel_layer_roundtrip() -> bool:
    layer = get_channel_layer()
    if layer is None:
        return False
    channel = await layer.new_channel()
    await layer.send(channel, {"type": "health.ping"})
    message = await asyncio.wait_for(layer.receive(channel), timeout=2)
    return message.get("type") == "health.ping"


def _channel_layer_ok() -> bool:
    try:
        return async_to_sync(_channel_layer_roundtrip)()
    except Exception:
        return False


@require_GET
@never_cache
def healthz(request: HttpRequest):
    checks = {"database": _database_ok(), "channel_layer": _channel_layer_ok()}
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "fail"}
    body.update({name: "ok" if ok else "fail" for name, ok in checks.items()})
    return JsonResponse(body, status=200 if healthy else 503)


@login_required
@require_GET
def coordinator_home(request: HttpRequest):
    """Figures only: how many clients each ombud has in each phase. No names of clients."""
    user = request.user
    if not user.is_coordinator:
        raise Http404
    ombud = list(
        User.objects.filter(role=Role.OMBUD, operation=user.operation, is_active=True)
        .select_related("operation")
        .order_by("first_name")
    )
    counts = (
        Contact.objects.filter(operation=user.operation, status=Contact.Status.ACTIVE)
        .values("ombud_id", "phase")
        .annotate(n=Count("pk"))
    )
    by_ombud: dict[int, dict[int, int]] = {}
    for row in counts:
        by_ombud.setdefault(row["ombud_id"], {})[row["phase"]] = row["n"]
    rows = []
    for person in ombud:
        phases = [by_ombud.get(person.pk, {}).get(phase.value, 0) for phase in Phase]
        limit = person.caseload_limit()
        rows.append(
            {
                "ombud": person,
                "phases": phases,
                "total": sum(phases),
                "limit": limit,
                "third": round(limit / 3) if limit else 0,
            }
        )
    context = {"rows": rows, "phases": list(Phase), "queue": queue_summary(user.operation)}
    return render(request, "coordinator/home.html", context)


@login_required
@require_GET
def attachment(request: HttpRequest, attachment_id: int):
    """Attachments go only to the two parties of the contact, never from a public path."""
    stored = access.get_attachment(request.user, attachment_id)
    audit.record(stored.contact, request.user, AuditEntry.Action.VIEWED_ATTACHMENT)
    extension = stored.file.name.rsplit(".", 1)[-1]
    # Read whole (at most 10 MB): a streamed file response would be buffered by Django's
    # ASGI handler anyway, with a warning, since file iterators are synchronous.
    with stored.file.open("rb") as file:
        response = HttpResponse(file.read(), content_type=stored.content_type)
    disposition = "inline" if stored.is_image else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="bilaga-{stored.pk}.{extension}"'
    response["Cache-Control"] = "private, max-age=86400"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def meeting_calendar(request: HttpRequest, meeting_id: int):
    """The meeting as an .ics file, for the phone's own calendar."""
    meeting = access.get_meeting(request.user, meeting_id)
    response = HttpResponse(meeting_ics(meeting), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="traff-{meeting.pk}.ics"'
    response["Cache-Control"] = "private, no-store"
    return response
