"""The ombud's working notes (arbets- och minnesanteckningar): private to their author, handed
to the client or destroyed when the contact ends."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models.contact import Contact


class WorkingNote(models.Model):
    """The ombud's private working and memory note. Never the coordinator's to read; at
    the end of the contact it is handed to the client or destroyed."""

    class Disposition(models.TextChoices):
        UNDECIDED = "", _("Inte bestämt")
        HAND_OVER = "hand_over", _("Lämnas till klienten")
        DESTROY = "destroy", _("Förstörs")

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("anteckning"), max_length=5000)
    disposition = models.CharField(
        max_length=10, choices=Disposition.choices, blank=True, default=Disposition.UNDECIDED
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Handed to the client (at the end of the contact, or when it moved to another
    # ombud): from then on it is the client's, in their copy, and no longer its author's.
    handed_over_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Note {self.pk}"
