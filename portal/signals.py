"""Files follow their rows: when an attachment row is deleted (also by the cascade from a
contact), its file is unlinked once the deletion is committed. Deletion is real deletion.

Notices follow the sign-in: signing out (by any door that calls auth.logout) removes the
push subscription made in that session, so the next person on a shared phone gets none
of the last one's notices."""

from django.contrib.auth.signals import user_logged_out
from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.http import HttpRequest

from portal.actions.push import unsubscribe_session
from portal.models import Attachment, User


@receiver(post_delete, sender=Attachment)
def unlink_attachment_file(sender, instance: Attachment, **kwargs) -> None:
    name, storage = instance.file.name, instance.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@receiver(user_logged_out)
def forget_this_browsers_push(sender, request: HttpRequest, user: User | None, **kwargs) -> None:
    if user is not None and request is not None and hasattr(request, "session"):
        unsubscribe_session(user, session_key=request.session.session_key or "")
