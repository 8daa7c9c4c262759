"""Project-level behaviour: health endpoint, login and home pages per role, deployment checks."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.urls import reverse

from tests.utils import DEMO_PASSWORD

BASE_DIR = Path(__file__).resolve().parent.parent


def test_healthz_reports_database_cache_and_broker(db, client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "broker", "static"}
    assert all(check["ok"] for check in body["checks"].values())
    assert body["checks"]["database"] == {"ok": True}  # no technical detail for anonymous callers


def test_healthz_gives_details_to_staff(demo, client_as):
    body = json.loads(client_as("admin").get("/healthz").content)
    assert body["checks"]["database"]["vendor"] in {"sqlite", "postgresql"}
    assert body["checks"]["broker"]["transport"]


def test_healthz_reports_a_broken_broker(db, client, settings):
    from gusp.celery import app

    previous = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    try:
        response = client.get("/healthz")
    finally:
        app.conf.broker_url = previous
    assert response.status_code == 503
    assert json.loads(response.content)["checks"]["broker"]["ok"] is False


def test_healthz_fails_when_pages_cannot_render_their_static_files(db, client_as, settings, tmp_path):
    """As in production: a manifest storage over STATIC_ROOT. An old manifest (left in a volume by a previous
    release) that lacks the stylesheet makes every page a 500: /healthz says so, as it does when the manifest
    lists the file but the file is not there."""
    settings.STORAGES = settings.STORAGES | {
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}
    }
    stylesheet = (BASE_DIR / "static" / "css" / "gusp.css").read_bytes()

    def health(case: str, paths: dict, files: list[str]) -> tuple[int, dict]:
        root = tmp_path / case
        (root / "css").mkdir(parents=True)
        (root / "staticfiles.json").write_text(json.dumps({"paths": paths, "version": "1.1", "hash": "x"}))
        for name in files:
            (root / name).write_bytes(stylesheet)
        settings.STATIC_ROOT = root  # a fresh storage, that reads this manifest (as a new process would)
        response = client_as("admin").get("/healthz")
        return response.status_code, json.loads(response.content)["checks"]["static"]

    hashed = "css/gusp.0123456789ab.css"
    assert health("fine", {"css/gusp.css": hashed}, [hashed]) == (
        200,
        {"ok": True, "url": "/static/css/gusp.0123456789ab.css"},
    )
    status, check = health("old-manifest", {"css/other.css": "css/other.0123456789ab.css"}, [hashed])
    assert (status, check["ok"], check["error"]) == (503, False, "ValueError")
    status, check = health("file-missing", {"css/gusp.css": hashed}, [])
    assert (status, check["ok"], check["error"]) == (503, False, "FileNotFoundError")
    assert json.loads(client_as(None).get("/healthz").content)["checks"]["static"] == {"ok": False}


def test_pages_require_login_by_default(db, client):
    response = client.get(reverse("charter:residence_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_with_wrong_password_says_so_in_french(demo, client):
    response = client.post(reverse("login"), {"username": "opac-sud", "password": "mauvais"})
    assert response.status_code == 200
    assert "Saisissez un nom d’utilisateur et un mot de passe valides" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_then_logout(demo, client):
    response = client.post(reverse("login"), {"username": "opac-sud", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"]
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_coordinator_home_shows_the_charter_at_a_glance(demo, client_as):
    html = client_as("coordination").get(reverse("home")).content.decode()
    assert "vous coordonnez" in html
    for quarter in [
        "Les Pins et Domaine des Pins",
        "Les Hermes",
        "La Petite Garrigue",
        "Le Liourat",
        "La Frescoule",
        "La Tuilière",
    ]:
        assert quarter in html
    assert "<strong>23</strong> fiches projets" in html
    assert "8 résidences, 2\u202f193 logements" in html or "8 résidences, 2\xa0193 logements" in html


def test_landlord_home_shows_its_residences_first(demo, client_as):
    html = client_as("opac-sud").get(reverse("home")).content.decode()
    own = html.index("Les résidences dont vous avez la charge")
    assert own < html.index("Les chartes auxquelles vous participez")
    section = html[own : html.index("Les chartes auxquelles vous participez")]
    assert "OPAC Sud" in section and "875" in section
    assert "LOGIREM" not in section


def test_committee_member_home_lists_their_committees(demo, client_as):
    html = client_as("comite").get(reverse("home")).content.decode()
    assert "Vos instances" in html
    assert "Comité de pilotage du PRU élargi à la GUSP" in html
    assert "Les résidences dont vous avez la charge" not in html


def test_anonymous_home_shows_published_charters_only(demo, client):
    html = client.get(reverse("home")).content.decode()
    assert "Charte de Gestion Urbaine et Sociale de Proximité" in html
    assert "Se connecter" in html


def test_security_headers(db, client):
    response = client.get(reverse("home"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_admin_is_for_staff_only(demo, client_as):
    assert client_as("coordination").get("/admin/").status_code == 302
    assert client_as("admin").get("/admin/").status_code == 200
    assert client_as("admin").get("/admin/charter/residence/").status_code == 200


def test_check_deploy_is_clean_with_production_settings():
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "gusp.settings.prod",
        "DJANGO_SECRET_KEY": "x" * 20 + "deploy-check-only-" + "y" * 30,
        "DJANGO_ALLOWED_HOSTS": "gusp.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"} | {
        "DJANGO_SETTINGS_MODULE": "gusp.settings.prod"
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_home_lists_late_actions_for_the_coordinator_and_the_referents(demo, client_as):
    coordinator = client_as("coordination").get(reverse("home")).content.decode()
    assert "Actions en retard" in coordinator
    assert "Renégociation du contrat de nettoyage, LOGIREM, Les Pins" in coordinator
    logirem = client_as("logirem").get(reverse("home")).content.decode()
    assert "Renégociation du contrat de nettoyage, LOGIREM, Les Pins" in logirem
    opac = client_as("opac-sud").get(reverse("home")).content.decode()
    assert "Renégociation du contrat de nettoyage, LOGIREM, Les Pins" not in opac  # neither leads nor joins
    assert "Formation inter-bailleurs des agents aux techniques de propreté" in opac
    assert "Actions en retard" not in client_as("comite").get(reverse("home")).content.decode()


def test_repeated_failed_logins_lock_the_account_for_this_address(demo, client):
    for _ in range(5):
        response = client.post(reverse("login"), {"username": "opac-sud", "password": "mauvais"})
    response = client.post(reverse("login"), {"username": "opac-sud", "password": DEMO_PASSWORD})
    assert response.status_code == 429
    assert "Connexion temporairement bloquée" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Another account from the same address is not locked.
    response = client.post(reverse("login"), {"username": "logirem", "password": DEMO_PASSWORD})
    assert response.status_code == 302


def test_coordinator_home_flags_committees_off_rhythm(demo, client_as):
    html = client_as("coordination").get(reverse("home")).content.decode()
    assert "Rythme des instances" in html
    assert "rythme non tenu" in html
    assert "Rythme des instances" not in client_as("opac-sud").get(reverse("home")).content.decode()


def test_refusals_are_french_pages(demo, client_as):
    from charter.models import Residence

    other = Residence.objects.get(landlord__slug="logirem")
    response = client_as("opac-sud").get(reverse("charter:residence_edit", args=[other.pk]))
    assert response.status_code == 404
    html = response.content.decode()
    assert 'lang="fr"' in html and "Page introuvable" in html and "Revenir à l'accueil" in html
    denied = client_as("opac-sud").get(reverse("charter:charter_edit", args=[demo.slug]))
    assert denied.status_code == 403 and "Accès refusé" in denied.content.decode()


def test_home_lists_the_next_meetings_of_my_committees(demo, client_as):
    import datetime as dt

    from governance.models import Committee
    from tests.factories import MeetingFactory

    technical = Committee.objects.get(charter=demo, kind="technical")
    wg_b = Committee.objects.get(charter=demo, kind="working_group", theme__code="B")
    day = dt.date.today() + dt.timedelta(days=12)
    mine, not_mine = (
        MeetingFactory(committee=technical, day=day),
        MeetingFactory(committee=wg_b, day=day + dt.timedelta(days=1)),
    )
    html = (
        client_as("opac-sud").get(reverse("home")).content.decode()
    )  # OPAC Sud sits on the technical committee
    assert "Prochaines réunions" in html
    assert mine.get_absolute_url() in html
    assert not_mine.get_absolute_url() not in html
