"""View decorators for the two sides of the app."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404


def role_required(role: str):
    """Signed in, with this role. Anyone else gets 404: the page is not theirs to know of."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.user.role != role:
                raise Http404
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
