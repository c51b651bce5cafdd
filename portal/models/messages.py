"""Secure messages between a client and their ombud, with attachments kept privately."""

import uuid
from typing import Any

from django.conf import settings
from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.db import models
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext_lazy as _

from portal.models.contact import Contact


class _PrivateStorage(LazyObject):
    """storages["private"], looked up when first used and again after STORAGES changes
    (a FileField keeps the object it was given, so it must not be the backend itself)."""

    def _setup(self):
        self._wrapped = storages["private"]


_private: Any = _PrivateStorage()


@receiver(setting_changed)
def _forget_private_storage(setting, **kwargs) -> None:
    if setting == "STORAGES":
        _private._wrapped = empty


def private_storage():
    """Outside static/ and any public media path: files go out only through a view that
    checks the reader belongs to the contact."""
    return _private


def attachment_path(instance, filename: str) -> str:
    # A random name: nothing about the person or the original file name on disk.
    extension = filename.rsplit(".", 1)[-1]
    return f"attachments/{uuid.uuid4().hex}.{extension}"


class Message(models.Model):
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Made by the form or the phone. A retry carries the same id, so it is stored once.
    client_uuid = models.UUIDField()
    text = models.TextField(_("meddelande"), max_length=4000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # When the other party read it.
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["contact", "client_uuid"], name="one_message_per_client_uuid"
            )
        ]
        indexes = [models.Index(fields=["contact", "read_at"])]

    def __str__(self) -> str:
        return f"Message {self.pk}"


class Attachment(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(storage=private_storage, upload_to=attachment_path)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    # A voice message's length in seconds (read from its container when it came).
    seconds = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Attachment {self.pk}"

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")

    @property
    def is_audio(self) -> bool:
        return self.content_type.startswith("audio/")
