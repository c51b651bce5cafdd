"""Receivers that keep their promises whichever path a change takes (a page, the admin,
the ORM):

- Files follow their rows: when an attachment or a letter's page is deleted (also by the
  cascade from a contact), its file is unlinked once the deletion is committed. Deletion
  is real deletion.
- Sessions follow the person (portal/actions/sessions.py): signing in lists the device,
  signing out deletes the session at once (before Django empties it, so the live sockets
  find it gone), a switched-off account loses every session, and a changed password
  makes the person's open sockets check theirs (the old hash no longer holds).
- Notices follow the sign-in: signing out (by any door that calls auth.logout) removes
  the push subscription made in that session, so the next person on a shared phone gets
  none of the last one's notices.
- A new ombud account opens its staff history at the day it was made, with its
  full-time equivalent; later changes go through portal.actions.staff.
- Every sign-in, failed try, lockout and sign-out is a line in the security log
  (portal/security_log.py): the account's id, never the name that was typed.
"""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest

from portal import security_log
from portal.actions import sessions
from portal.actions.push import unsubscribe_session
from portal.models import Attachment, LetterPage, Role, StaffPeriod, User
from realtime.events import sessions_changed


@receiver(post_delete, sender=Attachment)
@receiver(post_delete, sender=LetterPage)
def unlink_attachment_file(sender, instance: Attachment | LetterPage, **kwargs) -> None:
    name, storage = instance.file.name, instance.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@receiver(post_save, sender=User)
def open_staff_history(sender, instance: User, created: bool, **kwargs) -> None:
    if created and instance.role == Role.OMBUD and instance.operation_id is not None:
        StaffPeriod.objects.create(
            operation_id=instance.operation_id,
            ombud=instance,
            fte=instance.fte,
            started_on=instance.date_joined.date(),
        )


@receiver(user_logged_in)
def list_the_device(sender, request, user, **kwargs) -> None:
    if request is not None and isinstance(user, User):
        sessions.signed_in(request, user)


@receiver(user_logged_out)
def end_the_session(sender, request, user, **kwargs) -> None:
    if request is not None:
        sessions.signed_out(user if isinstance(user, User) else None, request.session.session_key)


@receiver(post_save, sender=User)
def sessions_follow_the_account(sender, instance: User, created: bool, **kwargs) -> None:
    if created:
        return
    if not instance.is_active:
        sessions.end_all_sessions(instance)
    # AbstractBaseUser keeps the new raw password in _password until save() is done:
    # set means the password just changed.
    elif getattr(instance, "_password", None) is not None:
        sessions_changed(instance)


@receiver(user_logged_out)
def forget_this_browsers_push(sender, request: HttpRequest, user: User | None, **kwargs) -> None:
    if user is not None and request is not None and hasattr(request, "session"):
        unsubscribe_session(user, session_key=request.session.session_key or "")


def _account_id(username: object) -> int | None:
    """The id of the account a typed username names, if any (the log keeps no names)."""
    if not isinstance(username, str) or not username:
        return None
    return User.objects.filter(username=username).values_list("pk", flat=True).first()


@receiver(user_logged_in)
def log_sign_in(sender, request, user, **kwargs) -> None:
    if request is not None and isinstance(user, User):
        security_log.event("signin.ok", request=request, user_id=user.pk)


@receiver(user_login_failed)
def log_failed_sign_in(sender, credentials, request=None, **kwargs) -> None:
    # Without a request it is no try from anywhere (a shell, the test client's login()).
    if request is not None:
        user_id = _account_id((credentials or {}).get("username"))
        security_log.event("signin.failed", request=request, user_id=user_id)


@receiver(user_locked_out)
def log_lockout(sender, request, username=None, **kwargs) -> None:
    security_log.event("signin.locked", request=request, user_id=_account_id(username))


@receiver(user_logged_out)
def log_sign_out(sender, request, user, **kwargs) -> None:
    if request is not None:
        security_log.event("signout", request=request, user_id=getattr(user, "pk", None))
