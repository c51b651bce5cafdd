"""The client's network: the other people who support them (a god man, boendestöd, the
case officer at Försäkringskassan, a sister), written down with the client. It is the
checklist before the contact ends: personligt ombud ends when the client has the
support they need elsewhere. It hangs off the contact, so it is erased with it."""

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models.consent import Organisation
from portal.models.contact import Contact
from portal.models.plan import Written


class NetworkRole(models.TextChoices):
    GOD_MAN = "god_man", _("God man")
    FORVALTARE = "forvaltare", _("Förvaltare")
    BOENDESTOD = "boendestod", _("Boendestöd")
    KONTAKTPERSON = "kontaktperson", _("Kontaktperson")
    CASE_OFFICER = "case_officer", _("Handläggare")
    CARE = "care", _("Vården (läkare, sjuksköterska, kurator)")
    RELATIVE = "relative", _("Anhörig")
    FRIEND = "friend", _("Vän")
    OTHER = "other", _("Någon annan")


class NetworkPerson(Written):
    Role = NetworkRole  # so templates compare through the enum

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="network")
    role = models.CharField(_("roll"), max_length=20, choices=NetworkRole.choices)
    # The person's own name, if known; "Handläggaren" alone says nothing a role does not.
    name = models.CharField(_("namn"), max_length=120, blank=True)
    organisation = models.CharField(
        _("organisation"), max_length=20, choices=Organisation.choices, blank=True
    )
    organisation_other = models.CharField(_("vilken organisation"), max_length=120, blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    email = models.EmailField(_("e-post"), max_length=200, blank=True)
    # How to reach them in practice: "via växeln, fråga efter Lena", "bara tisdagar".
    reach = models.CharField(_("hur man når personen"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.label

    def may_remove(self, user: Any) -> bool:
        """The client removes anyone in their network; the ombud only whom the client
        did not add."""
        if user.pk == self.contact.client_id:
            return True
        return super().may_remove(user)

    @property
    def organisation_name(self) -> str:
        if self.organisation == Organisation.OTHER:
            return self.organisation_other
        return str(self.get_organisation_display()) if self.organisation else ""

    @property
    def role_name(self) -> str:
        return str(self.get_role_display())

    @property
    def what(self) -> str:
        """Their role, and where: "Handläggare på Försäkringskassan"."""
        if self.organisation_name:
            return _("%(role)s på %(organisation)s") % {
                "role": self.role_name,
                "organisation": self.organisation_name,
            }
        return self.role_name

    @property
    def label(self) -> str:
        """One line for a list or a choice: "Lena Berg, handläggare på Försäkringskassan"."""
        what = self.what
        if not self.name:
            return what
        return f"{self.name}, {what[:1].lower()}{what[1:]}"
