from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Brobyggare"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from portal import checks, file_modes, signals  # noqa: F401  (receivers, checks)

        file_modes.tighten_all()
        connection_created.connect(file_modes.on_connection_created)
