from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from portal import coordinator_views, report_views, steering_views, views
from portal.api import api

urlpatterns = [
    path("", views.home, name="home"),
    path("logga-in/", views.LoginView.as_view(), name="login"),
    path("logga-ut/", views.LogoutView.as_view(), name="logout"),
    path("sprak/", set_language, name="set_language"),
    path("healthz", views.healthz, name="healthz"),
    # django-pwa: /manifest.json (templates/manifest.json), /serviceworker.js (from the
    # root, so it may control scope "/") and its default /offline/ page.
    path("", include("pwa.urls")),
    path("samordnare/", views.coordinator_home, name="coordinator_home"),
    path("samordnare/systemfel/", steering_views.failures, name="coordinator_failures"),
    path("samordnare/systemfel.csv", steering_views.failures_csv, name="coordinator_failures_csv"),
    path("samordnare/redovisning/", report_views.report, name="coordinator_report"),
    path(
        "samordnare/redovisning/<int:year>.csv",
        report_views.report_csv,
        name="coordinator_report_csv",
    ),
    path("samordnare/ko/", coordinator_views.queue, name="coordinator_queue"),
    path("samordnare/ko/ny/", coordinator_views.register, name="coordinator_intake_new"),
    path(
        "samordnare/ko/forturer/",
        coordinator_views.priority_ground_add,
        name="coordinator_priority_ground_add",
    ),
    path("samordnare/ko/<int:intake_id>/", coordinator_views.intake, name="coordinator_intake"),
    path(
        "samordnare/ko/<int:intake_id>/ta-bort/",
        coordinator_views.withdraw,
        name="coordinator_intake_withdraw",
    ),
    path("bilaga/<int:attachment_id>/", views.attachment, name="attachment"),
    path("traff/<int:meeting_id>/kalender.ics", views.meeting_calendar, name="meeting_calendar"),
    path("api/", api.urls),
    path("ombud/forfragan/ny/", coordinator_views.ombud_register, name="ombud_intake_new"),
    path("ombud/", include("ombud_ui.urls")),
    path("", include("client_ui.urls")),
    path("admin/", admin.site.urls),
]
