from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Brobyggare"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from portal import checks, file_modes, signals  # noqa: F401  (receivers, checks)

        file_modes.tighten_all()
        connection_created.connect(file_modes.on_connection_created)


class BrobyggareAdminConfig(admin_apps.AdminConfig):
    """Django's admin, as portal.admin_site.BrobyggareAdminSite (INSTALLED_APPS names this)."""

    default = False  # PortalConfig is this module's config for the portal app
    default_site = "portal.admin_site.BrobyggareAdminSite"
