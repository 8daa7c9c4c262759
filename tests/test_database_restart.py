"""PostgreSQL restarted under a running server: the server keeps its connections between requests (as in
production, `CONN_MAX_AGE`), so after a restart its next request finds a dead connection. With
`CONN_HEALTH_CHECKS` it checks the connection first and reconnects: no error page once the database is
back. The restart is played by terminating every server connection to the test database, which is what a
restart does to them. (SQLite has no server to restart.)"""

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from django.db import connection

from tests.utils import BASE_DIR, worker_database_url

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="a database server to restart")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=20) as response:  # noqa: S310 - a local test server
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.worker
def test_no_error_page_after_the_database_restarts(transactional_db):
    port = free_port()
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "gusp.settings.test",
        "DATABASE_URL": worker_database_url(),
        "GUSP_TEST_CONN_MAX_AGE": "600",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gusp/gunicorn.conf.py", "gusp.wsgi:application"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/chartes/"
    try:
        for _ in range(100):
            try:
                if get(url) == 200:
                    break
            except OSError:
                time.sleep(0.2)
        assert get(url) == 200
        name = connection.settings_dict["NAME"]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                [name],
            )
            (terminated,) = cursor.fetchone()
        assert terminated >= 1  # the server's persistent connection was there, and is now dead
        assert [get(url) for _ in range(3)] == [200, 200, 200]
    finally:
        server.terminate()
        server.wait(timeout=30)
