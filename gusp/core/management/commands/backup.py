from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat

from .. import backups


class Command(BaseCommand):
    help = (
        "Sauvegarde la base de données et les fichiers déposés ensemble, dans une archive datée "
        "(gusp-backup-AAAAMMJJ-HHMMSS.tar.gz) du dossier GUSP_BACKUP_DIR."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            dest="directory",
            type=Path,
            help=f"Dossier des sauvegardes (par défaut : {settings.GUSP_BACKUP_DIR}).",
        )
        parser.add_argument(
            "--keep",
            type=int,
            metavar="N",
            help="Ensuite, ne garder que les N sauvegardes les plus récentes du dossier.",
        )

    def handle(self, *args, directory: Path | None = None, keep: int | None = None, **options):
        if keep is not None and keep < 1:
            raise CommandError("--keep doit valoir au moins 1.")
        directory = directory or Path(settings.GUSP_BACKUP_DIR)
        try:
            backup = backups.create_backup(directory)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        counts = backups.table_counts()
        size = filesizeformat(backup.path.stat().st_size)
        self.stdout.write(self.style.SUCCESS(f"Sauvegarde enregistrée : {backup.path} ({size})"))
        self.stdout.write(
            f"  base de données {backups.describe_database()} : {len(counts)} tables, "
            f"{backups.format_number(sum(counts.values()))} lignes"
        )
        self.stdout.write(
            f"  fichiers déposés : {backups.format_number(backup.files)} ({filesizeformat(backup.file_bytes)}), "
            f"depuis {backups.describe_storage()}"
        )
        if keep:
            removed = backups.prune(directory, keep)
            if removed:
                self.stdout.write(
                    f"{len(removed)} sauvegarde(s) plus ancienne(s) supprimée(s) ; "
                    f"les {keep} plus récentes sont gardées."
                )
