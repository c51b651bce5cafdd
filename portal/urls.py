"""The front door, the shared files, the API, and each side's pages under its own prefix."""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import set_language

from portal import views
from portal.api import api
from portal.pages import files, security, signin

# A database out of reach answers 503 (portal/errors.py); anything else the 500 page.
handler500 = "portal.errors.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("logga-in/", views.LoginView.as_view(), name="login"),
    path("logga-in/steg-2/", signin.verify, name="signin_verify"),
    path("logga-in/reservkod/", signin.recovery, name="signin_recovery"),
    path("logga-in/skydda-kontot/", signin.enrol, name="signin_enrol"),
    path("logga-in/skydda-kontot/klart/", signin.enrol_done, name="signin_enrol_done"),
    path("logga-in/nyckel/alternativ/", signin.passkey_options, name="signin_passkey_options"),
    path("logga-in/nyckel/", signin.passkey_signin, name="signin_passkey"),
    path("logga-in/glomt/", signin.forgot, name="password_forgot"),
    path("konto/sakerhet/", security.security, name="account_security"),
    path("konto/nyckel/alternativ/", security.register_options, name="passkey_register_options"),
    path("konto/nyckel/", security.register, name="passkey_register"),
    path("konto/nyckel/<int:passkey_id>/ta-bort/", security.remove, name="passkey_remove"),
    path("konto/reservkoder/", security.new_recovery_codes, name="recovery_codes_new"),
    path("konto/bekrafta/", security.confirm, name="signin_confirm"),
    path(
        "konto/bekrafta/nyckel/alternativ/",
        security.confirm_passkey_options,
        name="signin_confirm_passkey_options",
    ),
    path("konto/bekrafta/nyckel/", security.confirm_passkey, name="signin_confirm_passkey"),
    path("logga-ut/", views.LogoutView.as_view(), name="logout"),
    path("inloggad/", views.session_status, name="session_status"),
    path("sprak/", set_language, name="set_language"),
    path("healthz", views.healthz, name="healthz"),
    # django-pwa: /manifest.json (templates/manifest.json), /serviceworker.js (from the
    # root, so it may control scope "/") and its default /offline/ page.
    path("", include("pwa.urls")),
    path("bilaga/<int:attachment_id>/", files.attachment, name="attachment"),
    path("brev/sida/<int:page_id>/", files.letter_page, name="letter_page"),
    path("traff/<int:meeting_id>/kalender.ics", files.meeting_calendar, name="meeting_calendar"),
    path("api/", api.urls),
    path("samordnare/", include("coordinator_ui.urls")),
    path("ombud/", include("ombud_ui.urls")),
    path("", include("client_ui.urls")),
    # The admin signs in through the front door too: password, then the second factor.
    path("admin/login/", RedirectView.as_view(pattern_name="login", query_string=True)),
    path("admin/", admin.site.urls),
]
