"""The steering group's pages (coordinators): system failures filtered, as a trend per
quarter, printable, and as CSV for the steering-group meeting."""

import csv
import io

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from portal import steering
from portal.decorators import role_required
from portal.models import FailureCategory, FailureOrganisation, Level, Role, SystemFailure

coordinator_required = role_required(Role.COORDINATOR)


class FailureFilterForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Organisation"),
        queryset=FailureOrganisation.objects.none(),
        required=False,
        empty_label=gettext_lazy("Alla"),
    )
    level = forms.ChoiceField(
        label=gettext_lazy("Nivå"),
        choices=[("", gettext_lazy("Alla")), *Level.choices],
        required=False,
    )
    category = forms.ChoiceField(
        label=gettext_lazy("Kategori"),
        choices=[("", gettext_lazy("Alla")), *FailureCategory.choices],
        required=False,
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        choices=[("", gettext_lazy("Alla")), *SystemFailure.Status.choices],
        required=False,
    )
    start = forms.DateField(
        label=gettext_lazy("Från"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": gettext_lazy("Skriv datumet som år-månad-dag.")},
    )
    end = forms.DateField(
        label=gettext_lazy("Till"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": gettext_lazy("Skriv datumet som år-månad-dag.")},
    )

    def __init__(self, *args, operation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = FailureOrganisation.objects.filter(
            operation=operation
        )

    def filters(self) -> steering.Filters:
        data = self.cleaned_data if self.is_valid() else {}
        organisation = data.get("organisation")
        return steering.Filters(
            organisation=organisation.pk if organisation else None,
            level=data.get("level", ""),
            category=data.get("category", ""),
            status=data.get("status", ""),
            date_from=data.get("start"),
            date_to=data.get("end"),
        )


def _selected(request: HttpRequest):
    operation = request.user.operation
    if operation is None:
        raise Http404
    form = FailureFilterForm(request.GET or None, operation=operation)
    selected = list(steering.failures(operation, form.filters()))
    return form, selected


@coordinator_required
@require_GET
def failures(request: HttpRequest):
    form, selected = _selected(request)
    trend = steering.trend(selected)
    context = {
        "form": form,
        "failures": selected,
        "trend": trend,
        "levels": list(Level),
        "chart": steering.chart_svg(trend, title=_("Systemfel per kvartal och nivå")),
        "query": request.GET.urlencode(),
        "legend": [(level.label, steering.LEVEL_COLOURS[level]) for level in Level],
    }
    return render(request, "coordinator/failures.html", context)


def _cell(value) -> str:
    """Text that a spreadsheet would run as a formula is written as plain text."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@coordinator_required
@require_GET
def failures_csv(request: HttpRequest):
    _form, selected = _selected(request)
    out = io.StringIO()
    out.write("\ufeff")  # a BOM, so spreadsheet programs read å, ä and ö right
    writer = csv.writer(out, delimiter=";")
    writer.writerow(
        [
            _("Datum"),
            _("Organisation"),
            _("Nivå"),
            _("Kategori"),
            _("Status"),
            _("Klienter som berörs"),
            _("Mötts igen (gånger)"),
            _("Klienter när det mötts igen"),
            _("Beskrivning"),
            _("Förslag på förbättring"),
            _("Skickad till"),
            _("Skickad"),
            _("Svar"),
            _("Besvarad"),
        ]
    )
    for failure in selected:
        writer.writerow(
            [
                _cell(value)
                for value in [
                    failure.occurred_on.isoformat(),
                    failure.organisation.name,
                    failure.get_level_display(),
                    failure.get_category_display(),
                    failure.get_status_display(),
                    failure.clients_affected,
                    failure.times_seen,
                    failure.clients_total,
                    failure.description,
                    failure.improvement,
                    failure.get_sent_to_display() if failure.sent_to else "",
                    failure.sent_on.isoformat() if failure.sent_on else "",
                    failure.answer,
                    failure.answered_on.isoformat() if failure.answered_on else "",
                ]
            ]
        )
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="systemfel.csv"'
    return response
