from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Brobyggare"

    def ready(self) -> None:
        from portal import checks, signals  # noqa: F401  (connects the receivers, checks)
