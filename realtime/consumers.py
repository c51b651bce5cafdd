"""One WebSocket per signed-in page: live updates for the contacts the user belongs to.

The page says hello with the last event number it has seen per contact; the consumer
sends everything after it from the database, in order, then live events as they come.
Events it has already sent are never sent twice on the same socket.

A socket has no more rights than a fresh page load (realtime/standing.py). Before each
frame, in the same query that loads the events, it checks that its session still exists
and has not expired, that the account is active with the same password, and that the
user still belongs to the contact. A socket that no longer stands is closed (4401 signed
out, 4403 switched off); a contact the user no longer belongs to is dropped from the
socket. The same check runs on `{"type": "read"}`, when the user's sessions change
(`user.sessions`), when a contact's members change (`contact.members`), and when the
session's expiry time comes.

No frame is lost: an event the channel layer did not bring (a full queue, a restart, a
failed send) is noticed by this process's watch (realtime/watch.py) within
LIVE_CATCH_UP_SECONDS, and the socket sends it from the database like any other. Sending
is serialised per socket (`lock`), so an event is sent once whichever path finds it.
A live event reads every event after the socket's last, so a backlog of events for one
contact costs one read, not one per event.
"""

import asyncio
import datetime
import logging
from dataclasses import dataclass

from channels.auth import get_user
from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.utils import timezone

from portal.access import contacts_for
from portal.actions.messaging import mark_read
from portal.models import Contact, ContactEvent
from portal.queries.conversation import unread_total
from realtime.events import user_group
from realtime.frames import BADGE_KINDS, RELOAD, gone, messages_of, render_event
from realtime.standing import (
    CLOSE_CODE,
    Reader,
    Standing,
    Verdict,
    check,
    verdict_of,
    with_standing,
)
from realtime.watch import watch

logger = logging.getLogger(__name__)

# A page this far behind is better reloaded than patched event by event.
MAX_CATCH_UP = 200


@dataclass
class Batch:
    """What a contact's events come to for one socket."""

    frames: list[str] | None  # None: too far behind, reload
    last: int  # the number of the last event read
    verdict: Verdict | None  # None when there was nothing to read
    ended: bool = False  # the events include the contact's end


def load_frames(
    reader: Reader,
    contact_id: int,
    after: int,
    upto: int | None,
    *,
    on_page: bool,
    parts: set[str] | None,
    csrf_token: str,
    language: str,
) -> Batch:
    """Render the events after `after` (up to `upto`) for the reader, if they still may see
    them: one query for the events and the reader's standing together, then what the
    rendering needs. Also fills any gap, since an event's number is only published once
    every earlier number is committed."""
    query = ContactEvent.objects.filter(contact_id=contact_id, seq__gt=after)
    if upto is not None:
        query = query.filter(seq__lte=upto)
    query = with_standing(query, reader, "contact_id").annotate(
        reader_unread=unread_total(reader.user)
    )
    events = list(
        query.select_related("actor", "contact__client", "contact__ombud").order_by("seq")[
            : MAX_CATCH_UP + 1
        ]
    )
    if not events:
        return Batch(frames=[], last=after, verdict=None)
    verdict = verdict_of(events[0], reader)
    last = events[-1].seq
    if verdict.standing is not Standing.OK or not verdict.belongs:
        # The end may come later than `upto` in the same commit (the client's yes to a
        # proposal is numbered just before the end): look past it, this once.
        ended = any(event.verb == ContactEvent.Verb.ENDED for event in events) or (
            verdict.standing is Standing.OK
            and ContactEvent.objects.filter(
                contact_id=contact_id, seq__gt=after, verb=ContactEvent.Verb.ENDED
            ).exists()
        )
        return Batch(frames=[], last=last, verdict=verdict, ended=ended)
    if len(events) > MAX_CATCH_UP:
        return Batch(frames=None, last=last, verdict=verdict)
    # The badge and the caseload row show what is now: once, with the batch's last
    # event that changes them; the messages read together.
    counted = [i for i, event in enumerate(events) if event.object_kind in BADGE_KINDS]
    with_badge = counted[-1] if counted else -1
    messages = messages_of(events) if on_page else {}
    frames = [
        render_event(
            event,
            reader.user,
            on_page=on_page,
            parts=parts,
            csrf_token=csrf_token,
            language=language,
            badge=i == with_badge,
            unread_total=event.reader_unread or 0,
            messages=messages,
        )
        for i, event in enumerate(events)
    ]
    return Batch(frames=frames, last=last, verdict=verdict)


class LiveConsumer(AsyncJsonWebsocketConsumer):
    async def dispatch(self, message):
        """As channels' own, without its `aclose_old_connections()` before every handler:
        that is a hop to the one thread all consumers' database work shares, for every
        message (each event for each socket, each hello), though every database access
        here goes through database_sync_to_async, which closes old connections itself."""
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def connect(self):
        self.closed = False
        # The user from the session, then their contacts (contact id -> its last number)
        # and whether the socket stands: one trip to the database thread.
        opened = await self._open()
        if opened is None:
            await self.close(code=4401)  # anonymous, or a coordinator: no live socket
            return
        user = self.user
        self.lock = asyncio.Lock()  # one sender at a time: live events, hello, the watch
        self.catching_up: set[asyncio.Task] = set()
        self.contacts, verdict = opened
        self.seen: dict[int, int] = {}
        self.early: dict[int, int] = {}  # events heard before the hello
        self.on_page: set[int] = set()
        self.ready = False
        self.said_hello = False
        self.parts: set[str] | None = None  # what the page can show; None: everything
        if verdict.standing is not Standing.OK:
            # Accepted, then closed with the reason: the page does not reconnect.
            await self.accept()
            await self._end(verdict.standing)
            return
        for contact_id in self.contacts:
            await self.channel_layer.group_add(f"contact-{contact_id}", self.channel_name)
        await self.channel_layer.group_add(user_group(user), self.channel_name)
        await self.accept()
        watch.join(self)
        self.expiry_watch = asyncio.ensure_future(self._watch_expiry(verdict.expires))

    async def disconnect(self, code):
        await self._leave()

    async def _leave(self) -> None:
        """Stop hearing anything: every group, and the expiry timer."""
        self.closed = True
        watch.leave(self)
        expiry = getattr(self, "expiry_watch", None)
        if expiry is not None and expiry is not asyncio.current_task():
            expiry.cancel()
        for contact_id in list(getattr(self, "contacts", {})):
            await self.channel_layer.group_discard(f"contact-{contact_id}", self.channel_name)
        self.contacts = {}
        if hasattr(self, "user"):
            await self.channel_layer.group_discard(user_group(self.user), self.channel_name)

    async def _end(self, standing: Standing) -> None:
        """The session no longer stands: close the socket; nothing more is sent."""
        await self._leave()
        await self.close(code=CLOSE_CODE[standing])

    async def _drop(self, contact_id: int) -> None:
        """The user no longer belongs to this contact: say so on the page (in place, or
        by taking it off the caseload), once, and stop following it."""
        if contact_id in self.contacts and self.ready:
            frame = await self._gone(contact_id)
            if frame:
                await self.send(text_data=frame)
        await self.channel_layer.group_discard(f"contact-{contact_id}", self.channel_name)
        self.contacts.pop(contact_id, None)
        self.seen.pop(contact_id, None)
        self.on_page.discard(contact_id)

    async def _watch_expiry(self, expires: datetime.datetime | None) -> None:
        """Close the socket when its session runs out, though no frame comes to find out.
        Activity moves the expiry later: then wait again, until the new time."""
        while not self.closed:
            wait = (expires - timezone.now()).total_seconds() if expires else 0
            await asyncio.sleep(max(wait, 0) + 1)
            try:
                verdict = await self._check()
            except Exception:  # e.g. the database away for a moment: look again soon
                logger.exception("Could not check a live socket's session")
                expires = timezone.now() + datetime.timedelta(minutes=1)
                continue
            if self.closed:
                return
            if verdict.standing is not Standing.OK:
                await self._end(verdict.standing)
                return
            expires = verdict.expires

    async def user_contacts(self, event):
        """The user's set of contacts changed (a new client, a contact moved to them):
        follow the new ones from their next event on, and drop any they left."""
        if self.closed:
            return
        current = await self._contacts()
        for contact_id, last_seq in current.items():
            if contact_id not in self.contacts:
                await self.channel_layer.group_add(f"contact-{contact_id}", self.channel_name)
                # Not on this page: only news from its next event on.
                self.seen[contact_id] = last_seq
        for contact_id in list(self.contacts):
            if contact_id not in current:
                await self._drop(contact_id)
        self.contacts = current

    async def user_sessions(self, event):
        """One of the user's sessions ended, or the account or password changed."""
        if self.closed:
            return
        verdict = await self._check()
        if verdict.standing is not Standing.OK:
            await self._end(verdict.standing)

    async def contact_members(self, event):
        """Who belongs to the contact changed: is this user still one of them?"""
        contact_id = event["contact"]
        if self.closed or contact_id not in self.contacts:
            return
        await self._recheck(contact_id)

    async def _recheck(self, contact_id: int) -> bool:
        """Still standing and still in the contact? Closes or drops if not."""
        verdict = await self._check(contact_id)
        if verdict.standing is not Standing.OK:
            await self._end(verdict.standing)
            return False
        if not verdict.belongs:
            await self._drop(contact_id)
            return False
        return True

    async def receive_json(self, content, **kwargs):
        if self.closed:
            return
        kind = content.get("type")
        if kind == "hello":
            await self._hello(content.get("since") or {}, content.get("parts"))
        elif kind == "read":
            contact_id = content.get("contact")
            if contact_id in self.contacts and await self._recheck(contact_id):
                await self._mark_read(contact_id)

    async def _hello(self, since: dict, parts) -> None:
        """Catch up, in order, on every contact the page shows; start live delivery.

        The first hello reads only the contacts the page is behind on: the numbers read
        at connect, with the events heard since, say which. (A page that is up to date,
        as most are after a restart, costs no query.) A later hello (the page asks again,
        e.g. after being offline) reads every contact on the page from the database."""
        first = not self.said_hello
        self.said_hello = True
        if isinstance(parts, list):
            self.parts = {str(part) for part in parts}
        async with self.lock:
            shown = []
            for contact_id in list(self.contacts):
                known = max(self.contacts[contact_id], self.early.pop(contact_id, 0))
                raw = since.get(str(contact_id))
                if raw is None:
                    # Not on this page: only news from now on (new messages).
                    self.seen[contact_id] = max(known, self.seen.get(contact_id, 0))
                    continue
                self.on_page.add(contact_id)
                self.seen[contact_id] = int(raw)
                if not first or int(raw) < known:
                    shown.append(contact_id)
            self.ready = True
            for contact_id in shown:
                if self.closed:
                    return
                if contact_id in self.contacts:
                    await self._send_locked(contact_id)

    async def contact_changed(self, event):
        contact_id, seq = event["contact"], event["seq"]
        if self.closed or contact_id not in self.contacts:
            return
        if not self.ready:
            # Before the hello: it will read this one from the database.
            self.early[contact_id] = max(seq, self.early.get(contact_id, 0))
            return
        if seq <= self.seen.get(contact_id, 0):
            return  # already sent
        await self._send_from_database(contact_id)

    def following(self) -> dict[int, int]:
        """For the watch: the last number sent per contact (empty before the hello)."""
        return self.seen if self.ready and not self.closed else {}

    def catch_up_soon(self, contacts: list[int]) -> None:
        """The watch found this socket behind on `contacts`: send what is missing."""
        task = asyncio.ensure_future(self._catch_up(contacts))
        self.catching_up.add(task)
        task.add_done_callback(self.catching_up.discard)

    async def _catch_up(self, contacts: list[int]) -> None:
        try:
            for contact_id in contacts:
                if self.closed:
                    return
                if contact_id in self.contacts and contact_id in self.seen:
                    await self._send_from_database(contact_id)
        except Exception:  # e.g. the database away for a moment: the next look tries again
            logger.exception("Could not catch a live socket up")

    async def _send_from_database(self, contact_id: int) -> None:
        async with self.lock:
            if not self.closed and contact_id in self.seen:
                await self._send_locked(contact_id)

    async def _send_locked(self, contact_id: int) -> None:
        """Every event after the last one sent, in order (the caller holds the lock)."""
        batch = await self._frames(contact_id, self.seen[contact_id], None)
        verdict = batch.verdict
        if verdict is not None and verdict.standing is not Standing.OK:
            await self._end(verdict.standing)
            return
        if verdict is not None and not verdict.belongs:
            await self._drop(contact_id)
            return
        if batch.frames is None:
            await self.send(text_data=RELOAD)
        else:
            for frame in batch.frames:
                if frame:
                    await self.send(text_data=frame)
        if contact_id in self.seen:
            self.seen[contact_id] = max(self.seen[contact_id], batch.last)

    @database_sync_to_async
    def _frames(self, contact_id: int, after: int, upto: int | None) -> Batch:
        cookies = self.scope.get("cookies", {})
        language = self._language()
        return load_frames(
            self.reader,
            contact_id,
            after,
            upto,
            on_page=contact_id in self.on_page,
            parts=self.parts,
            csrf_token=cookies.get(settings.CSRF_COOKIE_NAME, ""),
            language=language,
        )

    def _language(self) -> str:
        cookies = self.scope.get("cookies", {})
        language = cookies.get(settings.LANGUAGE_COOKIE_NAME, settings.LANGUAGE_CODE)
        return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE

    @database_sync_to_async
    def _gone(self, contact_id: int) -> str:
        return gone(
            contact_id,
            self.user,
            on_page=contact_id in self.on_page,
            parts=self.parts,
            language=self._language(),
        )

    @database_sync_to_async
    def _check(self, contact_id: int | None = None) -> Verdict:
        return check(self.reader, contact_id)

    @database_sync_to_async
    def _open(self) -> tuple[dict[int, int], Verdict] | None:
        """Who the socket is for, as channels' AuthMiddleware would find out (the session
        and the user: two queries), then the user's contacts with their last numbers and
        whether the socket stands (one query; two for a user without contacts). None for
        an anonymous user or a coordinator. In one database_sync_to_async, not three: the
        consumers share one database thread, and a storm of reconnects queues there."""
        user = get_user.func(self.scope)
        self.scope["user"] = user
        if not user.is_authenticated or user.is_coordinator:
            return None
        self.user = user
        self.reader = Reader.from_scope(self.scope)
        contacts_query = contacts_for(self.user).select_related(None).only("pk", "last_seq")
        rows = with_standing(contacts_query, self.reader)
        contacts, verdict = {}, None
        for row in rows:
            contacts[row.pk] = row.last_seq
            verdict = verdict_of(row, self.reader)
        return contacts, verdict or check(self.reader)

    @database_sync_to_async
    def _contacts(self) -> dict[int, int]:
        return dict(contacts_for(self.user).values_list("pk", "last_seq"))

    @database_sync_to_async
    def _mark_read(self, contact_id: int) -> None:
        mark_read(Contact.objects.get(pk=contact_id), self.user)
