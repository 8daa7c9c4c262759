"""Backups: `manage.py backup` saves the database and the uploaded files in one archive; `manage.py restore`
puts them back into an EMPTY database — a fresh SQLite file, or a fresh PostgreSQL database when the suite
runs on PostgreSQL (DATABASE_URL) — with every row of every table (history tables and sequences included)
and every file's bytes identical. The restore runs in its own process, as `make restore` does."""

import datetime as dt
import io
import os
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from PIL import Image

from actions.models import Action
from actions.services import log_intervention
from actions.uploads import check_upload
from charter.data import VITROLLES_2007
from charter.models import User
from gusp.core.management import backups
from tests.utils import DEMO_PASSWORD

BASE_DIR = Path(__file__).resolve().parent.parent

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (48, 32), (20, 90, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def saved_world(settings):
    """The demo data, committed (a backup is taken by another process on PostgreSQL), with a journal entry
    holding a photo and a document in the filesystem storage. The files are removed afterwards."""
    settings.STORAGES = settings.STORAGES | {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    }
    call_command("load_demo", data=VITROLLES_2007, password=DEMO_PASSWORD, stdout=io.StringIO())  # idempotent
    referent = User.objects.get(username="opac-sud")
    action = Action.objects.filter(sheet__charter__slug="vitrolles-2007").order_by("pk").first()
    entry = log_intervention(
        action=action,
        author=referent,
        done_on=dt.date.today(),
        text="Passage de contrôle, photo et compte rendu joints",
        files=[
            check_upload(SimpleUploadedFile("cage-b.png", png_bytes())),
            check_upload(SimpleUploadedFile("rapport.pdf", b"%PDF-1.4\n% rapport de visite\n%%EOF\n")),
        ],
    )
    attachments = list(entry.attachments.all())
    assert len(attachments) == 2
    yield attachments
    for attachment in attachments:
        default_storage.delete(attachment.file.name)


@pytest.fixture
def empty_database(tmp_path):
    """A DATABASE_URL to a database with nothing in it, of the suite's kind."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    name = f"gusp_restore_{uuid.uuid4().hex[:10]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{name}").geturl()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def restore(archive: Path, database_url: str, var_dir: Path, *options: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GUSP_S3_")} | {
        "DJANGO_SETTINGS_MODULE": "gusp.settings.test",
        "DATABASE_URL": database_url,
        "GUSP_VAR_DIR": str(var_dir),  # its files go to var_dir/test-media
    }
    return subprocess.run(
        [sys.executable, "manage.py", "restore", str(archive), *options],
        cwd=BASE_DIR,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
    )


def raw_connection(settings_dict: dict):
    """A connection of the driver itself (not the ORM) to this database, in autocommit mode."""
    if settings_dict["ENGINE"].endswith("sqlite3"):
        return sqlite3.connect(settings_dict["NAME"], isolation_level=None)
    import psycopg

    return psycopg.connect(
        dbname=settings_dict["NAME"],
        user=settings_dict["USER"],
        password=settings_dict["PASSWORD"] or None,
        host=settings_dict["HOST"] or None,
        port=settings_dict["PORT"] or None,
        autocommit=True,
    )


def database_content(settings_dict: dict) -> dict[str, list]:
    """Every row of every table (sorted), and on PostgreSQL every sequence's position."""
    db = raw_connection(settings_dict)
    try:
        if isinstance(db, sqlite3.Connection):
            tables = "SELECT name FROM sqlite_master WHERE type = 'table'"
        else:
            tables = "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        names = [row[0] for row in db.execute(tables).fetchall()]
        content = {t: sorted(db.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in names}  # noqa: S608
        if not isinstance(db, sqlite3.Connection):
            sequences = "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'"
            content["<sequences>"] = sorted(db.execute(sequences).fetchall())
        return content
    finally:
        db.close()


def files_under(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_backup_then_restore_into_an_empty_database_gives_back_every_row_and_file(
    saved_world, empty_database, tmp_path, settings
):
    output = io.StringIO()
    call_command("backup", directory=tmp_path / "backups", stdout=output)
    [archive] = (tmp_path / "backups").glob("gusp-backup-*.tar.gz")
    assert f"Sauvegarde enregistrée : {archive}" in output.getvalue()
    with tarfile.open(archive) as tar:
        members = tar.getnames()
    assert members[0] == backups.DATABASE_MEMBERS[connection.vendor] and members[-1] == "manifest.json"
    for attachment in saved_world:
        assert f"media/{attachment.file.name}" in members

    var_dir = tmp_path / "restored-var"
    result = restore(archive, empty_database, var_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Restauré : {archive.name}" in result.stdout
    assert "fichiers déposés : " in result.stdout
    assert "migration" not in result.stdout, result.stdout  # nothing pending, nothing unknown

    # Every table, row for row.
    source = database_content(connection.settings_dict)
    restored_settings = {**connection.settings_dict, "NAME": urlsplit(empty_database).path.lstrip("/")}
    if connection.vendor == "sqlite":
        restored_settings["NAME"] = str(tmp_path / "restored.sqlite3")
    restored = database_content(restored_settings)
    assert sorted(restored) == sorted(source)
    for table, rows in source.items():
        assert restored[table] == rows, table
    assert len(source) > 80
    assert len(source["actions_attachment"]) >= 2
    assert source["actions_historicalprojectsheet"] and source["governance_historicalminutes"]
    # Every uploaded file, byte for byte.
    source_files, restored_files = files_under(settings.MEDIA_ROOT), files_under(var_dir / "test-media")
    assert restored_files == source_files
    for attachment in saved_world:
        with default_storage.open(attachment.file.name) as stored:
            assert restored_files[attachment.file.name] == stored.read()

    # Now that the database holds data, a restore asks first: without --yes it refuses, in French.
    refused = restore(archive, empty_database, var_dir)
    assert refused.returncode != 0
    assert "contient déjà des données" in refused.stderr and "--yes" in refused.stderr
    # With --yes it replaces what changed since the backup.
    (var_dir / "test-media" / saved_world[0].file.name).write_bytes(b"altered")
    db = raw_connection(restored_settings)
    db.execute("UPDATE charter_charter SET title = 'Modifiée après la sauvegarde'")
    db.close()
    replaced = restore(archive, empty_database, var_dir, "--yes")
    assert replaced.returncode == 0, replaced.stdout + replaced.stderr
    assert database_content(restored_settings)["charter_charter"] == source["charter_charter"]
    assert files_under(var_dir / "test-media") == source_files


def test_an_altered_archive_is_refused_before_anything_changes(saved_world, tmp_path):
    call_command("backup", directory=tmp_path, stdout=io.StringIO())
    [archive] = tmp_path.glob("gusp-backup-*.tar.gz")
    # The same archive with one uploaded file changed, its manifest untouched.
    altered = tmp_path / "altered.tar.gz"
    target = f"media/{saved_world[0].file.name}"
    with tarfile.open(archive) as source, tarfile.open(altered, "w:gz") as copy:
        for member in source:
            content = source.extractfile(member).read()
            if member.name == target:
                content = content[:-1] + b"!"
            member.size = len(content)
            copy.addfile(member, io.BytesIO(content))
    with pytest.raises(backups.BackupError, match="altéré"):
        backups.open_archive(altered, tmp_path)
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(archive.read_bytes()[:-200])
    with pytest.raises(backups.BackupError, match="n'est pas une sauvegarde lisible"):
        backups.open_archive(truncated, tmp_path)
