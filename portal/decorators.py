"""Who may open a page: one decorator per side of the app, defined here once.

Anyone signed in with another role gets 404, not 403: the page is not theirs to know of.
Anyone not signed in goes to the sign-in page. Views never compare roles by hand."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from portal.models import Role

View = Callable[..., HttpResponse]


def _role_required(*roles: str) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if getattr(request.user, "role", None) not in roles:
                raise Http404
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


client_required = _role_required(Role.CLIENT)
ombud_required = _role_required(Role.OMBUD)
coordinator_required = _role_required(Role.COORDINATOR)
