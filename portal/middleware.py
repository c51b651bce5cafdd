"""Request-wide policies: a strict Content-Security-Policy, Swedish-first language choice,
and the session's idle timeout and lifetime, and 400 (never 500) for a body that cannot be
parsed."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.http import JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import defaults

from portal.actions import sessions
from portal.queries.sessions import IDLE, LIFETIME, time_left

# No inline scripts or styles anywhere: everything comes from our own static files.
CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        # A voice message is played back from the phone's own memory (blob:) before it
        # is sent, and from our attachment view after.
        "media-src 'self' blob:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "manifest-src 'self'",
        "worker-src 'self'",
    ]
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        # The microphone for this site's own pages only (a voice message), never a frame.
        response.headers.setdefault("Permissions-Policy", "geolocation=(), microphone=(self)")
        return response


class SwedishFirstLocaleMiddleware:
    """Swedish unless the user has chosen English in the app.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so a Swedish
    public service would appear in English on many phones. Here only an explicit choice
    (the language cookie, set by Django's set_language view) switches language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        response.headers.setdefault("Vary", "Cookie")
        translation.deactivate()
        return response


class SessionLifetimeMiddleware:
    """The idle timeout and the absolute lifetime, enforced on the server for every request
    (the rules are in portal/actions/sessions.py). A session past either is signed out
    before the view runs, so the view sees an anonymous request and the sign-in page says
    why. Every answer to a signed-in request says how long the session has left without
    activity (`X-Session-Expires-In`, seconds; `X-Session-Ends`: "idle" if activity would
    move that, "lifetime" if nothing will), for static/js/session.js."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        ended = sessions.enforce_lifetime(request)
        request.session_ended = ended or ""  # read by views.session_status
        if ended and request.method == "GET":
            messages.info(request, _said(ended))
        response = self.get_response(request)
        left = time_left(request)
        if left is not None:
            response.headers["X-Session-Expires-In"] = str(left[0])
            response.headers["X-Session-Ends"] = left[1]
        return response


def _said(reason: str) -> str:
    """What the sign-in page says about a session that just ended."""
    if reason == LIFETIME:
        return _("Du har varit inloggad länge, så du loggades ut. Logga in igen.")
    if reason == IDLE:
        return _("Du loggades ut eftersom ingenting hade hänt på en stund. Logga in igen.")
    return _("Du är utloggad. Logga in igen.")


class MalformedBodyMiddleware:
    """A request body Django cannot parse is the sender's mistake: 400, never 500.

    Django parses a form body (multipart or urlencoded) the first time request.POST is read;
    CsrfViewMiddleware reads it for every POST. A multipart body that is cut off, has no
    boundary or a broken header raises MultiPartParserError there, which Django would answer
    with 500. Too many fields or files, or a body over DATA_UPLOAD_MAX_MEMORY_SIZE, is a
    SuspiciousOperation (400, but as an HTML page, also under /api/). So the body is parsed
    here, first, and a failure answered with 400: JSON under /api/ (the API's error shape),
    the plain Swedish 400 page elsewhere. Must come before CsrfViewMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST":
            try:
                request.POST  # noqa: B018  (parsed here, once; Django keeps the result)
            except (MultiPartParserError, SuspiciousOperation, UnicodeDecodeError):
                return bad_request(request)
        return self.get_response(request)


def bad_request(request):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(MALFORMED)}, status=400)
    return defaults.bad_request(request, SuspiciousOperation("malformed body"))


MALFORMED = gettext_lazy(
    "Det som skickades gick inte att läsa. Skicka JSON med Content-Type: application/json, "
    "eller ett helt formulär."
)
