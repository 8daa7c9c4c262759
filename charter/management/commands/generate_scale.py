import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from gusp.core.loading import registered


class Command(BaseCommand):
    help = "Ajoute un jeu de données synthétique de N fois la charte de Vitrolles (déterministe pour une graine)."

    def add_arguments(self, parser):
        parser.add_argument("--factor", type=int, default=1, help="Nombre de chartes synthétiques à créer.")
        parser.add_argument("--seed", type=int, default=2007, help="Graine du générateur pseudo-aléatoire.")
        parser.add_argument(
            "--large",
            action="store_true",
            help="Ajoute aussi une grande charte (une métropole : 60 quartiers, 600 résidences, 3 000 actions, "
            "200 000 entrées de journal, 50 000 constats), où les comptes de démonstration ont un rôle.",
        )
        parser.add_argument(
            "--large-size",
            type=float,
            default=1.0,
            help="Fraction de la grande charte (0.1 : un dixième de ses quartiers et de ses données).",
        )

    def handle(self, *args, factor: int, seed: int, large: bool = False, large_size: float = 1.0, **options):
        if factor < 0 or factor > 5000 or (factor == 0 and not large):
            raise CommandError("Le facteur doit être compris entre 1 et 5000 (ou 0 avec --large).")
        if not 0 < large_size <= 1:
            raise CommandError("--large-size est une fraction comprise entre 0 et 1.")
        started = time.monotonic()
        # settings.GUSP_SCALE_GENERATORS, in order: the first makes the charters
        # (`generate(factor=…, seed=…)`), each following one adds its app's records to them
        # (`generate(charters, rng)`).
        make_charters, *add_records = registered("GUSP_SCALE_GENERATORS")
        with transaction.atomic():
            charters = make_charters(factor=factor, seed=seed, large=large, size=large_size)
            rng = random.Random(seed + 1)
            for generate in add_records:
                generate(charters, rng)
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(charters)} charte(s) synthétique(s) ajoutée(s) en {time.monotonic() - started:.1f} s."
            )
        )
