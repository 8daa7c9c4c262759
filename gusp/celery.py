import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gusp.settings.dev")

app = Celery("gusp")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="gusp.ping")
def ping() -> str:
    """Round trip through the broker and a worker, used by /healthz checks and tests."""
    return "pong"
