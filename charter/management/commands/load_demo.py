import os
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from charter import demo

DEFAULT_DEV_PASSWORD = "demo-gusp-2026"  # noqa: S105 - local demo accounts only, never in production


class Command(BaseCommand):
    help = "Charge la charte GUSP de Vitrolles (2007-2009) et les comptes de démonstration (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--password", help="Mot de passe des comptes de démonstration.")

    def handle(self, *args, password=None, **options):
        password = (
            password
            or os.environ.get("GUSP_DEMO_PASSWORD")
            or (DEFAULT_DEV_PASSWORD if settings.DEBUG else None)
        )
        with transaction.atomic():
            charter = demo.load(password=password)
            # Every other app contributes its part of the charter through its own `demo` module.
            for config in apps.get_app_configs():
                if config.name != "charter" and find_spec(f"{config.name}.demo") is not None:
                    import_module(f"{config.name}.demo").load(charter)

        self.stdout.write(self.style.SUCCESS(f"Charte chargée : {charter} — {charter.get_absolute_url()}"))
        self.stdout.write("Comptes de démonstration :")
        for username, _org, role, *_ in demo.DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<14} {role.label}")
        self.stdout.write(f"  {'admin':<14} Administration Django (superutilisateur)")
        if password:
            self.stdout.write(f"Mot de passe commun : {password}")
        else:
            self.stdout.write(
                self.style.WARNING(
                    "Aucun mot de passe défini (DEBUG désactivé) : passez --password ou GUSP_DEMO_PASSWORD."
                )
            )
