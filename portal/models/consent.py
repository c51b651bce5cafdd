"""Consent (samtycke) per organisation: the client's yes to the ombud being in contact with it."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models.contact import Contact


class Organisation(models.TextChoices):
    FORSAKRINGSKASSAN = "forsakringskassan", "Försäkringskassan"
    KRONOFOGDEN = "kronofogden", "Kronofogden"
    ARBETSFORMEDLINGEN = "arbetsformedlingen", "Arbetsförmedlingen"
    SOCIALTJANSTEN = "socialtjansten", _("Socialtjänsten")
    PSYKIATRIN = "psykiatrin", _("Psykiatrin")
    VARDCENTRAL = "vardcentral", _("Vårdcentralen")
    OVERFORMYNDAREN = "overformyndaren", _("Överförmyndaren")
    HOUSING = "housing", _("Bostadsbolaget")
    SKATTEVERKET = "skatteverket", "Skatteverket"
    CSN = "csn", "CSN"
    MIGRATIONSVERKET = "migrationsverket", "Migrationsverket"
    OTHER = "other", _("Annan")


class Consent(models.Model):
    """The client's consent (samtycke) for the ombud to be in contact with one organisation."""

    class Via(models.TextChoices):
        APP = "app", _("I appen")
        PAPER = "paper", _("På papper")

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="consents")
    organisation = models.CharField(_("organisation"), max_length=20, choices=Organisation.choices)
    organisation_other = models.CharField(_("vilken organisation"), max_length=120, blank=True)
    covers = models.CharField(_("vad samtycket gäller"), max_length=500)
    valid_until = models.DateField(_("gäller till och med"), null=True, blank=True)
    given_via = models.CharField(max_length=10, choices=Via.choices)
    given_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-given_at", "-pk"]

    def __str__(self) -> str:
        return f"Consent {self.pk}"

    @property
    def organisation_name(self) -> str:
        if self.organisation == Organisation.OTHER and self.organisation_other:
            return self.organisation_other
        return str(self.get_organisation_display())

    @property
    def is_active(self) -> bool:
        if self.withdrawn_at is not None:
            return False
        return self.valid_until is None or self.valid_until >= timezone.localdate()
