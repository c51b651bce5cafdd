"""Rows that follow other rows:

- Files follow their rows: when an attachment row is deleted (also by the cascade from a
  contact), its file is unlinked once the deletion is committed. Deletion is real deletion.
- A new ombud account (made in the admin, the demo or a test) opens its staff history at
  the day it was made, with its full-time equivalent; later changes go through
  portal.actions.staff."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from portal.models import Attachment, Role, StaffPeriod, User


@receiver(post_delete, sender=Attachment)
def unlink_attachment_file(sender, instance: Attachment, **kwargs) -> None:
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
