"""The command-line door to the syntheses: the same engine as the web's job (`documents.build_pdf`), run
synchronously, writing the PDF to a file. Nothing is recorded in the history."""

import datetime as dt
import hashlib
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from charter.models import Charter

from ... import services
from ...documents import build_pdf
from ...scope import Scope


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"Date invalide : {value!r} (attendu : AAAA-MM-JJ).") from error


class Command(BaseCommand):
    help = (
        "Produit la synthèse PDF d'une charte (par thème, par quartier, les deux ou toute la charte) pour une "
        "période, avec le même moteur que les synthèses demandées sur la plateforme."
    )

    def add_arguments(self, parser):
        parser.add_argument("--charter", required=True, help="Identifiant (slug) de la charte.")
        parser.add_argument("--theme", help="Lettre du thème prioritaire, par exemple A.")
        parser.add_argument("--territory", help="Identifiant (slug) du quartier, par exemple les-hermes.")
        parser.add_argument("--from", dest="starts_on", help="Début de la période (AAAA-MM-JJ).")
        parser.add_argument("--to", dest="ends_on", help="Fin de la période (AAAA-MM-JJ).")
        parser.add_argument(
            "--public", action="store_true", help="Version publique (celle que publie la coordination)."
        )
        parser.add_argument("--output", required=True, help="Fichier PDF à écrire.")

    def handle(self, *args, charter, theme, territory, starts_on, ends_on, public, output, **options):
        found = Charter.objects.filter(slug=charter).first()
        if found is None:
            raise CommandError(f"Aucune charte « {charter} ».")
        theme_obj = territory_obj = None
        if theme:
            theme_obj = found.themes.filter(code__iexact=theme.strip()).first()
            if theme_obj is None:
                codes = ", ".join(found.themes.values_list("code", flat=True))
                raise CommandError(f"Aucun thème « {theme} » dans cette charte (thèmes : {codes}).")
        if territory:
            territory_obj = found.territories.filter(slug=territory.strip()).first()
            if territory_obj is None:
                slugs = ", ".join(found.territories.values_list("slug", flat=True))
                raise CommandError(f"Aucun quartier « {territory} » dans cette charte (quartiers : {slugs}).")
        first, last = services.default_period(found)
        period = (_date(starts_on) if starts_on else first, _date(ends_on) if ends_on else last)
        try:
            services.check_scope(
                charter=found,
                theme=theme_obj,
                territory=territory_obj,
                starts_on=period[0],
                ends_on=period[1],
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        scope = Scope(
            charter=found,
            theme=theme_obj,
            territory=territory_obj,
            starts_on=period[0],
            ends_on=period[1],
            public=public,
        )
        built = build_pdf(scope)
        path = Path(output)
        path.write_bytes(built.pdf.content)
        checksum = hashlib.sha256(built.pdf.content).hexdigest()
        self.stdout.write(
            self.style.SUCCESS(
                f"{path} : {built.pdf.pages} page(s), {len(built.pdf.content)} octets, SHA-256 {checksum} "
                f"(données et gabarits {built.html_seconds:.2f} s, mise en page {built.pdf_seconds:.2f} s)."
            )
        )
