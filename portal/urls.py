"""The front door, the shared files, the API, and each side's pages under its own prefix."""

from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from portal import views
from portal.api import api
from portal.pages import files

urlpatterns = [
    path("", views.home, name="home"),
    path("logga-in/", views.LoginView.as_view(), name="login"),
    path("logga-ut/", views.LogoutView.as_view(), name="logout"),
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
    path("admin/", admin.site.urls),
]
