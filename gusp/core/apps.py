from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class PlatformAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with its default site behind the second factor (gusp.core.adminsite)."""

    default = False
    default_site = "gusp.core.adminsite.VerifiedAdminSite"


class CoreConfig(AppConfig):
    default = True
    name = "gusp.core"
    label = "core"
    verbose_name = "Socle de la plateforme"

    def ready(self):
        # Job handlers are registered by each app's `tasks` module: import them in every process (web
        # and worker), so that a service can queue a job by name.
        from importlib import import_module
        from importlib.util import find_spec

        from django.apps import apps

        for config in apps.get_app_configs():
            if find_spec(f"{config.name}.tasks") is not None:
                import_module(f"{config.name}.tasks")
        from django.conf import settings

        for module in settings.GUSP_EXTRA_JOB_MODULES:
            import_module(module)
