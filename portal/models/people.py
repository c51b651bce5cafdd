"""Operations (verksamheter) and the people who use the app."""

import datetime
from decimal import Decimal

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Operation(models.Model):
    """A PO operation, e.g. a municipality's, with its caseload rule."""

    name = models.CharField(_("namn"), max_length=200)
    caseload_per_fte = models.PositiveSmallIntegerField(_("klienter per heltidsombud"), default=15)
    # The municipalities the operation serves; the forms ask which when there are several,
    # and the annual report counts clients per municipality.
    municipalities = models.JSONField(default=list, blank=True)

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    CLIENT = "client", _("Klient")
    OMBUD = "ombud", _("Ombud")
    COORDINATOR = "coordinator", _("Samordnare")


class User(AbstractUser):
    """Everyone who signs in. The role decides which part of the app they see."""

    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)
    operation = models.ForeignKey(
        Operation, on_delete=models.PROTECT, related_name="users", null=True, blank=True
    )
    # Full-time equivalent for ombud (1.0 = heltid); the caseload limit scales with it.
    fte = models.DecimalField(
        _("tjänstgöringsgrad"), max_digits=3, decimal_places=2, default=Decimal("1.00")
    )
    # Made by `manage.py demo`: a production-profile start refuses to run with it
    # (portal/checks.py).
    is_demo = models.BooleanField(default=False)
    # "Jag orkar inte just nu": a client's notifications paused until a moment, or until
    # they turn them on again (open). Their own choice; no reason is ever asked or kept.
    notifications_paused_until = models.DateTimeField(null=True, blank=True)
    notifications_paused_open = models.BooleanField(default=False)

    @property
    def is_client(self) -> bool:
        return self.role == Role.CLIENT

    @property
    def is_ombud(self) -> bool:
        return self.role == Role.OMBUD

    @property
    def is_coordinator(self) -> bool:
        return self.role == Role.COORDINATOR

    def notifications_paused(self, now: datetime.datetime | None = None) -> bool:
        """Are this person's notifications paused at `now`?"""
        if self.notifications_paused_open:
            return True
        until = self.notifications_paused_until
        return until is not None and until > (now or timezone.now())

    @property
    def display_name(self) -> str:
        return self.first_name or self.username

    def caseload_limit(self) -> int:
        if self.operation is None:
            return 0
        return round(self.operation.caseload_per_fte * self.fte)


class StaffPeriod(models.Model):
    """An ombud's full-time equivalent over a period: the staff history the annual report
    counts årsarbetare from (a part-time ombud counts pro rata over the year)."""

    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="+")
    ombud = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="staff_periods"
    )
    fte = models.DecimalField(_("tjänstgöringsgrad"), max_digits=3, decimal_places=2)
    started_on = models.DateField(_("från och med"))
    ended_on = models.DateField(_("till och med"), null=True, blank=True)

    class Meta:
        ordering = ["started_on", "pk"]

    def __str__(self) -> str:
        return f"Staff period {self.pk}"
