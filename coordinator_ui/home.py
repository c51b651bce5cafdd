"""The coordinator's start page: how many clients each ombud has in each phase, and the
queue in two numbers. No names of clients."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from portal.decorators import coordinator_required
from portal.models import Phase
from portal.queries.caseload import staff_overview
from portal.queries.intake import queue_summary
from portal.types import AuthedRequest


@coordinator_required
@require_GET
def home(request: AuthedRequest) -> HttpResponse:
    operation = request.user.operation
    context = {
        "rows": staff_overview(operation),
        "phases": list(Phase),
        "queue": queue_summary(operation),
    }
    return render(request, "coordinator/home.html", context)
