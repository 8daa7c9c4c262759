import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from charter.choices import Role
from charter.data import DEMO_FOLDERS, charter_slug
from charter.demo import demo_accounts
from charter.models import Charter
from gusp.core.demo import forget_demo_data_presence
from gusp.core.loading import registered

DEFAULT_DEV_PASSWORD = "demo-gusp-2026"  # noqa: S105 - local demo accounts only, never in production


class Command(BaseCommand):
    help = (
        "Charge la charte GUSP de Vitrolles (2007-2009), l'exemple fictif 2025-2030 et les comptes de "
        "démonstration (idempotent)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--password", help="Mot de passe des comptes de démonstration.")
        parser.add_argument(
            "--data",
            type=Path,
            action="append",
            help="Dossier de données d'une charte, répétable (par défaut : charter/data/vitrolles-2007 puis "
            "charter/data/exemple-2025).",
        )

    def handle(self, *args, password=None, data=None, **options):
        folders = DEMO_FOLDERS if not data else data if isinstance(data, list) else [data]
        password = (
            password
            or os.environ.get("GUSP_DEMO_PASSWORD")
            or (DEFAULT_DEV_PASSWORD if settings.DEBUG else None)
        )
        for folder in folders:
            self._load(Path(folder), password)
        forget_demo_data_presence()  # the pages' banner asks again whether demonstration data exists
        if password:
            self.stdout.write(f"Mot de passe commun : {password}")
        else:
            self.stdout.write(
                self.style.WARNING(
                    "Aucun mot de passe défini (DEBUG désactivé) : passez --password ou GUSP_DEMO_PASSWORD."
                )
            )

    def _load(self, data: Path, password: str | None) -> None:
        with transaction.atomic():
            # Each app loads its part of the folder, in the order of settings.GUSP_DATA_LOADERS.
            for load in registered("GUSP_DATA_LOADERS"):
                load(data, password=password)
        charter = Charter.objects.get(slug=charter_slug(data))
        self.stdout.write(self.style.SUCCESS(f"Charte chargée : {charter} — {charter.get_absolute_url()}"))
        self.stdout.write("Comptes de démonstration :")
        for account in demo_accounts(data):
            if account.get("superuser"):
                label = "Administration Django (superutilisateur)"
            else:
                label = Role(account["role"]).label
            self.stdout.write(f"  {account['username']:<14} {label}")
