import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from .. import backups


class Command(BaseCommand):
    help = (
        "Restaure une sauvegarde faite par « manage.py backup » : la base de données et les fichiers "
        "déposés. Demande confirmation (ou --yes) si la base contient déjà des données."
    )
    requires_system_checks = []  # the database may still be empty

    def add_arguments(self, parser):
        parser.add_argument(
            "archive", help="L'archive : un chemin, ou le nom d'un fichier de GUSP_BACKUP_DIR."
        )
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Remplacer sans demander le contenu d'une base qui contient déjà des données.",
        )
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="Ne rien demander : sans --yes, refuser de remplacer une base qui contient des données.",
        )

    def handle(self, *args, archive: str, yes: bool, interactive: bool = True, **options):
        try:
            path = backups.find_archive(archive)
            if not yes and backups.database_has_data():
                self._confirm(path, interactive)
            with tempfile.TemporaryDirectory(prefix="gusp-restore-") as workdir:
                extracted = backups.open_archive(path, Path(workdir))
                backups.restore_database(extracted)
                left = backups.restore_media(extracted)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self._report(extracted, left)

    def _confirm(self, path: Path, interactive: bool) -> None:
        question = (
            f"La base de données {backups.describe_database()} contient déjà des données : la restauration "
            f"de {path.name} les remplace, ainsi que les fichiers déposés de même nom."
        )
        if not (interactive and sys.stdin.isatty()):
            raise CommandError(f"{question} Relancez avec --yes pour confirmer (make restore FILE=… YES=1).")
        answer = input(f"{question}\nTapez « oui » pour continuer : ")
        if answer.strip().lower() != "oui":
            raise CommandError("Restauration annulée : rien n'a été modifié.")

    def _report(self, extracted: backups.Archive, left: list[str]) -> None:
        counts = backups.table_counts()
        when = timezone.localtime(extracted.created_at)
        file_bytes = sum(item["size"] for item in extracted.manifest["media"])
        self.stdout.write(
            self.style.SUCCESS(f"Restauré : {extracted.path.name} (sauvegarde du {when:%d/%m/%Y à %Hh%M})")
        )
        self.stdout.write(
            f"  base de données {backups.describe_database()} : {len(counts)} tables, "
            f"{backups.format_number(sum(counts.values()))} lignes"
        )
        self.stdout.write(
            f"  fichiers déposés : {backups.format_number(len(extracted.media))} ({filesizeformat(file_bytes)}), "
            f"dans {backups.describe_storage()}"
        )
        if left:
            self.stdout.write(
                f"  {backups.format_number(len(left))} fichier(s) déjà présent(s) mais absent(s) de la sauvegarde, laissé(s) "
                "en place."
            )
        pending, unknown = backups.migration_gaps()
        if unknown:
            self.stdout.write(
                self.style.WARNING(
                    f"La sauvegarde vient d'une version plus récente de la plateforme ({len(unknown)} "
                    "migration(s) inconnue(s) de ce code) : déployez cette version avant de servir la base."
                )
            )
        elif pending:
            self.stdout.write(
                self.style.WARNING(
                    f"{len(pending)} migration(s) à appliquer : lancez « python manage.py migrate »."
                )
            )
