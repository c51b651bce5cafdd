"""The admin site (AdminConfig.default_site), apart from portal/admin.py: importing
django.contrib.auth.admin there already makes the default site.

Who gets in: an active account marked is_staff that signs in with two factors (anyone but
a client: portal.actions.signin.needs_second_factor), signed in through the front door
(/admin/login/ leads there: the password, then the passkey or the app's code). Anyone else
who is signed in (an ombud, a client, a coordinator without is_staff) gets 404: the admin
is not theirs to know of, and sending them to sign in again would go round in a circle.
"""

from functools import wraps

from django.contrib import admin
from django.http import Http404, HttpRequest

from portal.actions.signin import needs_second_factor
from portal.models import User


class BrobyggareAdminSite(admin.AdminSite):
    site_header = "Brobyggare"

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(
            user.is_active
            and user.is_staff
            and isinstance(user, User)
            and needs_second_factor(user)
        )

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        @wraps(view)
        def signed_in_staff_only(request: HttpRequest, *args, **kwargs):
            if request.user.is_authenticated and not self.has_permission(request):
                raise Http404
            return inner(request, *args, **kwargs)

        return signed_in_staff_only
