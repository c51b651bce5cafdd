"""ASGI entry point for daphne: HTTP goes to Django, WebSockets to realtime.routing,
behind an Origin check and the session (the consumer authenticates from it)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
django_asgi_app = get_asgi_application()

from portal.checks import refuse_to_start_with_demo_accounts  # noqa: E402

# daphne runs no system checks of its own: a production start with demo accounts fails.
refuse_to_start_with_demo_accounts()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from channels.sessions import SessionMiddlewareStack  # noqa: E402  (needs Django set up)

from realtime.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(
            # The session only: LiveConsumer finds the user itself (channels' get_user),
            # in the same trip to the database thread as its contacts.
            SessionMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)
