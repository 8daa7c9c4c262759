"""Backups of the platform: the database and the uploaded files, together in one archive.

`gusp-backup-YYYYMMDD-HHMMSS.tar.gz` (in `settings.GUSP_BACKUP_DIR`) holds, in this order:

- `database.sqlite3` (SQLite's online backup API) or `database.pgdump` (pg_dump, custom format): a native
  dump, so that every row comes back as it was, history tables and sequences included (a `dumpdata` →
  `loaddata` round trip does not: the history rows collide);
- `media/<name>`: every file of the default storage (the filesystem under MEDIA_ROOT, or the S3 bucket),
  read and written through the storage API;
- `manifest.json`: the date, the database vendor, and the size and SHA-256 of every member. A restore
  checks them all before it changes anything.

The database is dumped before the files are listed: a file uploaded meanwhile is at worst an extra file in
the archive, never a row whose file is missing.

pg_dump and pg_restore get the connection's settings (host, user, password, TLS options) the way Django's
`dbshell` gives them to psql. django-dbbackup was weighed and left aside: its commands write the database
and the files to two archives with two dates, overwrite a SQLite file under open connections, skip the
files that exist on a restore and never ask before replacing a database that holds data; and its
PostgreSQL connector, the part worth keeping, leaks its temporary files and logs every command line.
"""

import datetime as dt
import hashlib
import json
import os
import sqlite3
import subprocess
import tarfile
import tempfile
import time
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files import File
from django.core.files.storage import storages
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

FORMAT = "gusp-backup"
VERSION = 1
PREFIX = "gusp-backup-"
SUFFIX = ".tar.gz"
MANIFEST = "manifest.json"
MEDIA = "media/"
DATABASE_MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
VENDOR_LABELS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
# Tables that `migrate` fills by itself: a database holding rows in these only is empty.
SCAFFOLDING_TABLES = {"django_migrations", "django_content_type", "auth_permission", "sqlite_sequence"}
# pg_restore replaces what exists in one transaction (a failure changes nothing); the objects belong to
# the restoring role, whichever role the dump came from.
PG_RESTORE_OPTIONS = ["--clean", "--if-exists", "--single-transaction", "--no-owner", "--no-privileges"]
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or a restore that cannot go on; the message is in French, for the person running it."""


@dataclass(frozen=True)
class Backup:
    path: Path
    vendor: str
    files: int
    file_bytes: int


@dataclass(frozen=True)
class Archive:
    """A backup extracted into a working directory, every member checked against the manifest."""

    path: Path
    manifest: dict
    database: Path
    media: dict[str, Path]  # stored name → extracted copy

    @property
    def created_at(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.manifest["created_at"])

    @property
    def vendor(self) -> str:
        return self.manifest["database"]["vendor"]


# Backup ----------------------------------------------------------------------------------------------


def create_backup(directory: Path | None = None) -> Backup:
    """Write a new archive of the database and the uploaded files; it appears under its final name only
    once complete."""
    directory = Path(directory or settings.GUSP_BACKUP_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    vendor = current_vendor()
    created_at = timezone.now()
    path = _new_archive_path(directory, created_at)
    partial = path.with_name(path.name + ".partial")
    storage = storages["default"]
    # Readable by this account only, from the start: the dump holds every account's password hash.
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with open(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
            with tempfile.TemporaryDirectory(dir=directory, prefix=".dump-") as scratch:  # mode 0700
                dump = Path(scratch) / "database"
                _dump_database(vendor, dump)
                with dump.open("rb") as handle:
                    database = _add(archive, DATABASE_MEMBERS[vendor], handle, dump.stat().st_size)
            media = []
            for name in list_files(storage):
                with storage.open(name, "rb") as handle:
                    media.append({"name": name, **_add(archive, MEDIA + name, handle, handle.size)})
            manifest = {
                "format": FORMAT,
                "version": VERSION,
                "created_at": created_at.isoformat(),
                "database": {"vendor": vendor, "member": DATABASE_MEMBERS[vendor], **database},
                "media": media,
            }
            content = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            _add(archive, MANIFEST, _BytesReader(content), len(content))
        partial.rename(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return Backup(path=path, vendor=vendor, files=len(media), file_bytes=sum(item["size"] for item in media))


def prune(directory: Path, keep: int) -> list[Path]:
    """Delete the archives of `directory` but the `keep` most recent ones (their names sort by date)."""
    archives = sorted(Path(directory).glob(f"{PREFIX}*{SUFFIX}"))
    removed = archives[:-keep] if keep > 0 else []
    for path in removed:
        path.unlink()
    return removed


def _new_archive_path(directory: Path, created_at: dt.datetime) -> Path:
    stem = f"{PREFIX}{timezone.localtime(created_at):%Y%m%d-%H%M%S}"
    path, number = directory / f"{stem}{SUFFIX}", 1
    while path.exists():
        number += 1
        path = directory / f"{stem}-{number}{SUFFIX}"
    return path


def _dump_database(vendor: str, target: Path) -> None:
    if vendor == "sqlite":
        # The online backup API copies a consistent state, even while others write.
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
        return
    # pg_dump reads one snapshot: consistent even while others write.
    _run_postgresql("pg_dump", ["--format=custom", "--file", str(target)])


class _HashingReader:
    """Reads a file for tarfile while computing its SHA-256."""

    def __init__(self, handle):
        self.handle = handle
        self.digest = hashlib.sha256()

    def read(self, size=-1):
        data = self.handle.read(size)
        self.digest.update(data)
        return data


class _BytesReader:
    def __init__(self, content: bytes):
        self.content, self.offset = content, 0

    def read(self, size=-1):
        end = len(self.content) if size is None or size < 0 else self.offset + size
        data, self.offset = self.content[self.offset : end], min(end, len(self.content))
        return data


def _add(archive: tarfile.TarFile, member: str, handle, size: int) -> dict:
    info = tarfile.TarInfo(member)
    info.size, info.mtime, info.mode = size, int(time.time()), 0o600
    reader = _HashingReader(handle)
    archive.addfile(info, reader)
    return {"size": size, "sha256": reader.digest.hexdigest()}


# Restore ---------------------------------------------------------------------------------------------


def find_archive(name: str) -> Path:
    """The archive at this path, or of this name in GUSP_BACKUP_DIR."""
    for path in (Path(name), Path(settings.GUSP_BACKUP_DIR) / name):
        if path.is_file():
            return path
    raise BackupError(f"Sauvegarde introuvable : {name} (ni ce chemin, ni dans {settings.GUSP_BACKUP_DIR}).")


def open_archive(path: Path, workdir: Path) -> Archive:
    """Extract an archive into `workdir`, checking every member against the manifest. Raises BackupError
    if it is not a backup of the platform, or if a member is missing, added or altered."""
    extracted: dict[str, tuple[Path, int, str]] = {}
    manifest = None
    try:
        with tarfile.open(path, "r:gz") as archive:
            for index, member in enumerate(archive):
                if not member.isfile():
                    raise BackupError(f"{path.name} contient autre chose que des fichiers ({member.name}).")
                source = archive.extractfile(member)
                if member.name == MANIFEST:
                    manifest = json.loads(source.read())
                    continue
                target, digest = workdir / str(index), hashlib.sha256()
                with source, target.open("wb") as out:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
                extracted[member.name] = (target, member.size, digest.hexdigest())
    except (OSError, EOFError, zlib.error, tarfile.TarError, ValueError) as error:
        raise BackupError(
            f"{path.name} n'est pas une sauvegarde lisible de la plateforme ({error})."
        ) from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path.name} n'est pas une sauvegarde de la plateforme (manifeste absent).")
    if manifest.get("version") != VERSION:
        raise BackupError(f"{path.name} est au format {manifest.get('version')}, non pris en charge ici.")

    database = manifest["database"]
    if DATABASE_MEMBERS.get(database.get("vendor")) != database.get("member"):
        raise BackupError(f"{path.name} contient une base {database.get('vendor')}, non prise en charge.")
    expected = {database["member"]: database} | {MEDIA + item["name"]: item for item in manifest["media"]}
    missing, added = sorted(set(expected) - set(extracted)), sorted(set(extracted) - set(expected))
    if missing or added:
        raise BackupError(
            f"{path.name} ne correspond pas à son manifeste (manquants : {', '.join(missing) or 'aucun'} ; "
            f"en trop : {', '.join(added) or 'aucun'}). Rien n'a été restauré."
        )
    for member, (_target, size, sha256) in extracted.items():
        if (size, sha256) != (expected[member]["size"], expected[member]["sha256"]):
            raise BackupError(
                f"{member} est altéré dans {path.name} (empreinte différente). Rien n'a été restauré."
            )
    for item in manifest["media"]:
        if not _safe_name(item["name"]):
            raise BackupError(
                f"Nom de fichier refusé dans {path.name} : {item['name']}. Rien n'a été restauré."
            )
    return Archive(
        path=path,
        manifest=manifest,
        database=extracted[database["member"]][0],
        media={item["name"]: extracted[MEDIA + item["name"]][0] for item in manifest["media"]},
    )


def _safe_name(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return bool(parts) and not name.startswith("/") and "\\" not in name and ".." not in parts


def restore_database(archive: Archive) -> None:
    """Replace the database's content by the archive's. On PostgreSQL, in one transaction."""
    vendor = current_vendor()
    if archive.vendor != vendor:
        raise BackupError(
            f"Cette sauvegarde vient d'une base {VENDOR_LABELS[archive.vendor]} ; la base configurée est "
            f"{VENDOR_LABELS[vendor]}. Rien n'a été restauré."
        )
    if vendor == "sqlite":
        # The backup API, backwards: page by page, under SQLite's locks (never a file copied under
        # open connections).
        connection.ensure_connection()
        source = sqlite3.connect(archive.database)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        return
    connection.close()  # pg_restore --clean drops the tables: hold no lock on them
    _run_postgresql("pg_restore", [*PG_RESTORE_OPTIONS, "--dbname"], str(archive.database))


def _run_postgresql(program: str, options: list[str], *arguments: str) -> None:
    """Run pg_dump or pg_restore on the configured database, connected as `dbshell` connects psql."""
    if not connection.settings_dict.get("NAME"):
        raise BackupError("La base PostgreSQL à sauvegarder ou restaurer doit être nommée (NAME).")
    args, env = connection.client.settings_to_cmd_args_env(connection.settings_dict, options)
    try:
        result = subprocess.run(  # noqa: S603 - fixed programs, arguments from the settings
            [program, *args[1:], *arguments],
            env={**os.environ, **(env or {})},
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            check=False,
        )
    except FileNotFoundError as error:
        raise BackupError(f"{program} est introuvable : installez le client PostgreSQL.") from error
    if result.returncode != 0:
        unchanged = " ; la base est inchangée" if program == "pg_restore" else ""
        raise BackupError(f"{program} a échoué{unchanged} : {result.stderr.strip()}")


def restore_media(archive: Archive) -> list[str]:
    """Write the archive's files into the default storage, replacing those of the same name. Returns the
    names of the files of the storage that the archive does not have (left in place)."""
    storage = storages["default"]
    for name, extracted in archive.media.items():
        if storage.exists(name):
            storage.delete(name)
        with extracted.open("rb") as handle:
            stored = storage.save(name, File(handle, name=PurePosixPath(name).name))
        if stored != name:
            raise BackupError(f"Le fichier {name} a été enregistré sous un autre nom ({stored}).")
    return sorted(set(list_files(storage)) - set(archive.media))


# The database and the storage, as they are ------------------------------------------------------------


def current_vendor() -> str:
    if connection.vendor not in DATABASE_MEMBERS:
        raise BackupError(f"Base {connection.vendor} non prise en charge (SQLite et PostgreSQL seulement).")
    return connection.vendor


def database_has_data() -> bool:
    """Whether a table holds rows besides those that `migrate` writes by itself."""
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table in SCAFFOLDING_TABLES:
                continue
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")  # noqa: S608
            if cursor.fetchone() is not None:
                return True
    return False


def table_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def migration_gaps() -> tuple[list[str], list[str]]:
    """(migrations of this code not applied to the database, migrations applied to the database that this
    code does not have: the backup comes from a newer version)."""
    executor = MigrationExecutor(connection)
    loader = executor.loader
    pending = [f"{m.app_label}.{m.name}" for m, _ in executor.migration_plan(loader.graph.leaf_nodes())]
    unknown = [
        f"{app}.{name}"
        for app, name in sorted(set(loader.applied_migrations) - set(loader.disk_migrations))
        if app in loader.migrated_apps
    ]
    return pending, unknown


def list_files(storage) -> list[str]:
    """Every file of a storage (filesystem or S3), by its stored name."""
    names, folders = [], [""]
    while folders:
        folder = folders.pop()
        try:
            subfolders, files = storage.listdir(folder)
        except FileNotFoundError:  # MEDIA_ROOT not created yet
            continue
        names += [f"{folder}/{name}" if folder else name for name in files]
        folders += [f"{folder}/{name}" if folder else name for name in subfolders]
    return sorted(names)


def format_number(value: int) -> str:
    return f"{value:,}".replace(",", "\u202f")


def describe_storage(storage=None) -> str:
    storage = storage or storages["default"]
    bucket = getattr(storage, "bucket_name", None)
    return f"le compartiment S3 « {bucket} »" if bucket else str(getattr(storage, "location", storage))


def describe_database() -> str:
    return f"{VENDOR_LABELS.get(connection.vendor, connection.vendor)} « {connection.settings_dict['NAME']} »"
