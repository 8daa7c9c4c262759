"""Import territories' perimeters from a GeoJSON file in the format of the national QPV open data
(« quartiers prioritaires de la politique de la ville », data.gouv.fr): one Feature per quarter, a Polygon or
MultiPolygon in WGS 84 longitude/latitude, its code and name in properties (`code_qp`, `lib_qp`; the
2015 files say `nom_qp`).

    python manage.py import_territories QP2024_France.geojson --charter vitrolles-2007
"""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from charter.models import Charter
from diagnostics import services

MAX_FILE_BYTES = 200 * 1024 * 1024


class Command(BaseCommand):
    help = "Importe les périmètres des quartiers d'une charte depuis un fichier GeoJSON (format des données QPV)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Fichier GeoJSON (FeatureCollection, WGS 84).")
        parser.add_argument("--charter", required=True, help="Identifiant (slug) de la charte.")
        parser.add_argument(
            "--code-property", default="code_qp", help="Propriété du code (défaut : code_qp)."
        )
        parser.add_argument("--name-property", default="lib_qp", help="Propriété du nom (défaut : lib_qp).")
        parser.add_argument("--source", default="", help="Source citée avec le périmètre.")
        parser.add_argument(
            "--approximate", action="store_true", help="Contours approximatifs (pas officiels)."
        )
        parser.add_argument(
            "--create-missing", action="store_true", help="Créer les quartiers absents de la charte."
        )

    def handle(self, *args, **options):
        charter = Charter.objects.filter(slug=options["charter"]).first()
        if charter is None:
            raise CommandError(f"Aucune charte « {options['charter']} ».")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Fichier introuvable : {path}")
        if path.stat().st_size > MAX_FILE_BYTES:
            raise CommandError("Fichier trop volumineux : découpez-le par commune.")
        try:
            collection = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CommandError(f"Ce fichier n'est pas un GeoJSON lisible : {error}") from error
        try:
            result = services.import_features(
                charter=charter,
                collection=collection,
                code_property=options["code_property"],
                name_property=options["name_property"],
                source=options["source"] or path.name,
                is_approximate=options["approximate"],
                create_missing=options["create_missing"],
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        for name, territory, created in result.saved:
            self.stdout.write(f"{'créé' if created else 'mis à jour'} : {name} → {territory}")
        for name, reason in result.skipped:
            self.stdout.write(self.style.WARNING(f"ignoré : {name} ({reason})"))
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(result.saved)} périmètre(s) importé(s), {len(result.skipped)} ignoré(s)."
            )
        )
