"""Files follow their rows: when an attachment or a letter's page is deleted (also by the
cascade from a contact), its file is unlinked once the deletion is committed. Deletion is
real deletion."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from portal.models import Attachment, LetterPage


@receiver(post_delete, sender=Attachment)
@receiver(post_delete, sender=LetterPage)
def unlink_attachment_file(sender, instance: Attachment | LetterPage, **kwargs) -> None:
    name, storage = instance.file.name, instance.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))
