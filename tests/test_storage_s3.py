"""Object storage: with GUSP_S3_BUCKET set, a journal photo and a minutes PDF are written to the bucket,
served back through the platform's permission-checked views with the same bytes, and never public; a
backup reads the bucket's files and a restore writes them back.

Against a real S3-compatible server: the environment's when the S3 settings are given (CI starts moto's
server on loopback and runs this file with them), otherwise a moto server this module starts on a free
port. Either way the storage is configured by the settings block of `gusp/settings/base.py` itself."""

import datetime as dt
import io
import os
import runpy
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote

import boto3
import pytest
from botocore.exceptions import ClientError
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from actions.models import Action, Attachment
from actions.perms import loggable_residences
from charter.models import User
from governance.models import Meeting, Minutes
from governance.services import render_minutes_pdf
from gusp.core.management import backups

BASE_DIR = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.worker  # a server in another process


@pytest.fixture(scope="module")
def s3_server():
    """The environment that configures S3: the suite's own, or that of a moto server started here."""
    if os.environ.get("GUSP_S3_BUCKET"):
        yield {}
        return
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(endpoint, timeout=2).close()  # noqa: S310 - loopback
            break
        except urllib.error.HTTPError as answer:
            answer.close()  # it answers
            break
        except OSError:
            assert process.poll() is None and time.monotonic() < deadline, "moto server did not start"
            time.sleep(0.2)
    yield {
        "GUSP_S3_BUCKET": "gusp-test",
        "GUSP_S3_ENDPOINT_URL": endpoint,
        "GUSP_S3_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
    }
    process.terminate()
    process.wait(timeout=30)


@pytest.fixture
def s3(s3_server, settings, monkeypatch):
    """The default storage as the settings make it from the environment, and a boto3 client on its bucket."""
    for name, value in s3_server.items():
        monkeypatch.setenv(name, value)
    storage = runpy.run_path(str(BASE_DIR / "gusp" / "settings" / "base.py"))["STORAGES"]["default"]
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    settings.STORAGES = settings.STORAGES | {"default": storage}
    options = storage["OPTIONS"]
    client = boto3.client("s3", endpoint_url=options["endpoint_url"], region_name=options["region_name"])
    bucket = options["bucket_name"]
    try:
        client.head_bucket(Bucket=bucket)
    except ClientError:
        client.create_bucket(Bucket=bucket)
    prefix = options["location"].strip("/")
    written = []

    def stored(name: str) -> bytes:
        """The object's bytes, read from the bucket directly; checks it is private."""
        key = f"{prefix}/{name}" if prefix else name
        written.append(name)
        content = client.get_object(Bucket=bucket, Key=key)["Body"].read()
        grants = client.get_object_acl(Bucket=bucket, Key=key)["Grants"]
        assert not [grant for grant in grants if "URI" in grant["Grantee"]]  # no AllUsers, AuthenticatedUsers
        unsigned = f"{client.meta.endpoint_url}/{bucket}/{quote(key)}"
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(unsigned, timeout=10)  # noqa: S310 - the storage's own endpoint
        refused.value.close()
        assert refused.value.code == 403
        signed = default_storage.url(name)  # what the storage would hand out: signed and short-lived
        assert "X-Amz-Signature=" in signed and "X-Amz-Expires=300" in signed
        return content

    yield SimpleNamespace(client=client, bucket=bucket, stored=stored, endpoint=client.meta.endpoint_url)
    for name in written:
        default_storage.delete(name)
    client.close()


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (48, 32), (200, 120, 20)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_journal_photo_is_stored_in_the_bucket_and_served_back_after_the_permission_check(
    s3, demo, client_as, settings
):
    referent = User.objects.get(username="opac-sud")
    action = Action.objects.loggable_by(referent).order_by("pk").first()
    residence = loggable_residences(referent, action).first()
    client = client_as(referent)
    response = client.post(
        reverse("actions:intervention_create", args=[action.pk]),
        {
            "done_on": dt.date.today().isoformat(),
            "residence": residence.pk if residence else "",
            "text": "Hall d'entrée après nettoyage",
            "hours": "",
            "cost": "",
            "files": [SimpleUploadedFile("hall.png", png_bytes())],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    attachment = Attachment.objects.filter(intervention__action=action).latest("pk")

    content = s3.stored(attachment.file.name)
    assert Image.open(io.BytesIO(content)).size == (48, 32)
    assert not (Path(settings.MEDIA_ROOT) / attachment.file.name).exists()  # in the bucket, not on disk
    served = client.get(attachment.get_absolute_url())
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == content
    assert client_as(None).get(attachment.get_absolute_url()).status_code == 302  # to the login page
    page = client.get(action.get_absolute_url()).content.decode()
    assert attachment.get_absolute_url() in page and s3.endpoint not in page and s3.bucket not in page


def test_a_minutes_pdf_is_stored_in_the_bucket_and_served_back_after_the_permission_check(
    s3, demo, client_as, settings
):
    coordinator = User.objects.get(username="coordination")
    private = Meeting.objects.minutes_readable_by(coordinator).exclude(
        pk__in=Meeting.objects.minutes_readable_by(AnonymousUser()).values("pk")
    )
    minutes = Minutes.objects.filter(meeting__in=private).order_by("pk").first()
    assert render_minutes_pdf(minutes_id=minutes.pk, revision=minutes.revision) is True
    minutes.refresh_from_db()
    assert minutes.pdf_ready  # the storage finds it

    content = s3.stored(minutes.pdf.name)
    assert content.startswith(b"%PDF")
    assert not (Path(settings.MEDIA_ROOT) / minutes.pdf.name).exists()
    url = reverse("governance:minutes_pdf", args=[minutes.meeting_id])
    served = client_as(coordinator).get(url)
    assert served.status_code == 200 and served["Content-Type"] == "application/pdf"
    assert b"".join(served.streaming_content) == content
    assert client_as(None).get(url).status_code == 404
    page = client_as(coordinator).get(minutes.meeting.get_absolute_url()).content.decode()
    assert url in page and s3.endpoint not in page and s3.bucket not in page


def test_a_backup_reads_the_bucket_and_a_restore_writes_it_back(s3, db, tmp_path):
    name = default_storage.save(
        "journal/0/sauvegarde.pdf", ContentFile(b"%PDF-1.4\n% dans le compartiment\n")
    )
    content = s3.stored(name)
    archive = backups.create_backup(tmp_path).path
    default_storage.delete(name)
    (tmp_path / "extracted").mkdir()
    backups.restore_media(backups.open_archive(archive, tmp_path / "extracted"))
    assert s3.stored(name) == content
