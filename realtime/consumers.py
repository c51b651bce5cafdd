"""One WebSocket per signed-in page: live updates for the contacts the user belongs to.

The page says hello with the last event number it has seen per contact; the consumer
sends everything after it from the database, in order, then live events as they come.
Events it has already sent are never sent twice on the same socket."""

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings

from portal.access import contacts_for
from portal.actions.messaging import mark_read
from portal.models import Contact, ContactEvent
from realtime.events import user_group
from realtime.frames import RELOAD, render_event

# A page this far behind is better reloaded than patched event by event.
MAX_CATCH_UP = 200


class LiveConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated or user.is_coordinator:
            await self.close(code=4401)
            return
        self.user = user
        self.contacts: dict[int, int] = await self._contacts()  # contact id -> last seq
        self.seen: dict[int, int] = {}
        self.on_page: set[int] = set()
        self.ready = False
        self.parts: set[str] | None = None  # what the page can show; None: everything
        for contact_id in self.contacts:
            await self.channel_layer.group_add(f"contact-{contact_id}", self.channel_name)
        await self.channel_layer.group_add(user_group(user), self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        for contact_id in getattr(self, "contacts", {}):
            await self.channel_layer.group_discard(f"contact-{contact_id}", self.channel_name)
        if hasattr(self, "user"):
            await self.channel_layer.group_discard(user_group(self.user), self.channel_name)

    async def user_contacts(self, event):
        """A contact was added for this user (e.g. a new client): follow it from now on."""
        current = await self._contacts()
        for contact_id, last_seq in current.items():
            if contact_id not in self.contacts:
                await self.channel_layer.group_add(f"contact-{contact_id}", self.channel_name)
                # Not on this page: only news from its next event on.
                self.seen[contact_id] = last_seq
        self.contacts = current

    async def receive_json(self, content, **kwargs):
        kind = content.get("type")
        if kind == "hello":
            await self._hello(content.get("since") or {}, content.get("parts"))
        elif kind == "read":
            contact_id = content.get("contact")
            if contact_id in self.contacts:
                await self._mark_read(contact_id)

    async def _hello(self, since: dict, parts) -> None:
        """Catch up, in order, on every contact the page shows; start live delivery."""
        self.ready = True
        if isinstance(parts, list):
            self.parts = {str(part) for part in parts}
        for contact_id in self.contacts:
            raw = since.get(str(contact_id))
            if raw is None:
                # Not on this page: only news from now on (new messages).
                self.seen[contact_id] = await self._last_seq(contact_id)
                continue
            self.on_page.add(contact_id)
            self.seen[contact_id] = int(raw)
            await self._send_from_database(contact_id, upto=None)

    async def contact_changed(self, event):
        contact_id, seq = event["contact"], event["seq"]
        if not self.ready or contact_id not in self.contacts:
            return  # before hello, the catch-up will include it
        if seq <= self.seen.get(contact_id, 0):
            return  # already sent
        await self._send_from_database(contact_id, upto=seq)

    async def _send_from_database(self, contact_id: int, *, upto: int | None) -> None:
        frames, last = await self._frames(contact_id, self.seen[contact_id], upto)
        if frames is None:
            await self.send(text_data=RELOAD)
        else:
            for frame in frames:
                if frame:
                    await self.send(text_data=frame)
        self.seen[contact_id] = max(self.seen[contact_id], last)

    @database_sync_to_async
    def _frames(self, contact_id: int, after: int, upto: int | None):
        """Render the events after `after` (up to `upto`): also fills any gap, since an
        event's number is only published once every earlier number is committed."""
        query = ContactEvent.objects.filter(contact_id=contact_id, seq__gt=after)
        if upto is not None:
            query = query.filter(seq__lte=upto)
        events = list(
            query.select_related("actor", "contact__client", "contact__ombud").order_by("seq")[
                : MAX_CATCH_UP + 1
            ]
        )
        if len(events) > MAX_CATCH_UP:
            return None, events[-1].seq
        cookies = self.scope.get("cookies", {})
        language = cookies.get(settings.LANGUAGE_COOKIE_NAME, settings.LANGUAGE_CODE)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        frames = [
            render_event(
                event,
                self.user,
                on_page=contact_id in self.on_page,
                parts=self.parts,
                csrf_token=cookies.get(settings.CSRF_COOKIE_NAME, ""),
                language=language,
            )
            for event in events
        ]
        return frames, events[-1].seq if events else after

    @database_sync_to_async
    def _contacts(self) -> dict[int, int]:
        return dict(contacts_for(self.user).values_list("pk", "last_seq"))

    @database_sync_to_async
    def _last_seq(self, contact_id: int) -> int:
        return Contact.objects.filter(pk=contact_id).values_list("last_seq", flat=True).first() or 0

    @database_sync_to_async
    def _mark_read(self, contact_id: int) -> None:
        mark_read(Contact.objects.get(pk=contact_id), self.user)
