from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Brobyggare"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from portal import file_modes, signals  # noqa: F401  (connects the receivers)

        file_modes.tighten_all()
        connection_created.connect(file_modes.on_connection_created)
