"""System failures (systemfel och brister): recurring failures in society's support for
the target group, recorded by ombud with no client identity, for the steering group."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    CASE_OFFICER = "case_officer", _("Handläggarnivå")
    LOCAL = "local", _("Lokal nivå")
    CENTRAL = "central", _("Central nivå")


class FailureCategory(models.TextChoices):
    TREATMENT = "treatment", _("Bemötande")
    COMPETENCE = "competence", _("Kompetens")
    HANDLING = "handling", _("Handläggning och ansvar")
    COORDINATION = "coordination", _("Samordning mellan myndigheter")
    ACCESS = "access", _("Tillgänglighet")
    RESOURCES = "resources", _("Resurser och insatser")
    RULES = "rules", _("Regelverk")
    OTHER = "other", _("Annat")


class FailureOrganisation(models.Model):
    """An organisation in the operation's list (Försäkringskassan, psykiatrin, …)."""

    operation = models.ForeignKey(
        "portal.Operation", on_delete=models.CASCADE, related_name="failure_organisations"
    )
    name = models.CharField(_("organisation"), max_length=120)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["operation", "name"], name="one_organisation_name")
        ]

    def __str__(self) -> str:
        return self.name


class SystemFailure(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        SENT = "sent", _("Skickad")
        ANSWERED = "answered", _("Besvarad")
        CLOSED = "closed", _("Avslutad")

    class SentTo(models.TextChoices):
        ORGANISATION = "organisation", _("Organisationen")
        STEERING = "steering", _("Ledningsgruppen")
        BOTH = "both", _("Organisationen och ledningsgruppen")

    operation = models.ForeignKey("portal.Operation", on_delete=models.PROTECT)
    organisation = models.ForeignKey(FailureOrganisation, on_delete=models.PROTECT)
    occurred_on = models.DateField(_("datum"), default=timezone.localdate)
    level = models.CharField(_("nivå"), max_length=20, choices=Level.choices)
    category = models.CharField(_("kategori"), max_length=20, choices=FailureCategory.choices)
    description = models.TextField(_("beskrivning"), max_length=4000)
    clients_affected = models.PositiveIntegerField(_("antal klienter som berörs"), default=1)
    improvement = models.TextField(_("förslag på förbättring"), max_length=4000, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    sent_to = models.CharField(max_length=15, choices=SentTo.choices, blank=True)
    sent_on = models.DateField(null=True, blank=True)
    answer = models.TextField(_("svar"), max_length=4000, blank=True)
    answered_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-pk"]

    def __str__(self) -> str:
        return f"System failure {self.pk}"


class FailureSighting(models.Model):
    """Another ombud (or the same) met the failure again: this is how recurrence shows."""

    failure = models.ForeignKey(SystemFailure, on_delete=models.CASCADE, related_name="sightings")
    ombud = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    seen_on = models.DateField(default=timezone.localdate)
    clients_affected = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-seen_on", "-pk"]

    def __str__(self) -> str:
        return f"Sighting {self.pk}"
