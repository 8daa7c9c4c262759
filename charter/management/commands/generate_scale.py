import random
import time
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from charter import scale


class Command(BaseCommand):
    help = "Ajoute un jeu de données synthétique de N fois la charte de Vitrolles (déterministe pour une graine)."

    def add_arguments(self, parser):
        parser.add_argument("--factor", type=int, default=1, help="Nombre de chartes synthétiques à créer.")
        parser.add_argument("--seed", type=int, default=2007, help="Graine du générateur pseudo-aléatoire.")

    def handle(self, *args, factor: int, seed: int, **options):
        if factor < 1 or factor > 5000:
            raise CommandError("Le facteur doit être compris entre 1 et 5000.")
        started = time.monotonic()
        with transaction.atomic():
            charters = scale.generate(factor=factor, seed=seed)
            rng = random.Random(seed + 1)
            # Every other app adds its own synthetic records through its `scale` module.
            for config in apps.get_app_configs():
                if config.name != "charter" and find_spec(f"{config.name}.scale") is not None:
                    import_module(f"{config.name}.scale").generate(charters, rng)
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(charters)} charte(s) synthétique(s) ajoutée(s) en {time.monotonic() - started:.1f} s."
            )
        )
