"""Who looked: who opened or changed the client's data, and when, never what it said."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models.contact import Contact


class AuditEntry(models.Model):
    """Who opened or changed the client's data, and when: never what it said."""

    class Action(models.TextChoices):
        VIEWED_PLAN = "viewed_plan", _("öppnade planen")
        VIEWED_MESSAGES = "viewed_messages", _("öppnade meddelandena")
        VIEWED_CONSENTS = "viewed_consents", _("öppnade samtyckena")
        VIEWED_NOTES = "viewed_notes", _("öppnade sina arbetsanteckningar")
        VIEWED_ATTACHMENT = "viewed_attachment", _("öppnade en bilaga")
        VIEWED_LETTER = "viewed_letter", _("öppnade ett brev")
        CHANGED = "changed", _("ändrade")
        EXPORTED = "exported", _("hämtade en kopia av allt")
        SIGNED_OUT = "signed_out", _("loggade ut dig från alla enheter")
        VIEWED_NETWORK = "viewed_network", _("öppnade ditt nätverk")

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="audit")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    what = models.CharField(max_length=40, blank=True)  # e.g. "task", never its content
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["contact", "-created_at"])]

    def __str__(self) -> str:
        return f"Audit {self.pk}"
