"""A real broker outage for the tests: the Celery app of the test process is pointed at a Redis port where
nothing listens (not a mock: the publishing code really fails to connect), then put back."""

import contextlib

from gusp.celery import app


@contextlib.contextmanager
def broker_down():
    saved = app.conf.broker_url, dict(app.conf.broker_transport_options or {})
    app.conf.broker_url = "redis://127.0.0.1:9/0"
    app.conf.broker_transport_options = {"socket_connect_timeout": 1, "socket_timeout": 1}
    app._pool = None
    app.amqp._producer_pool = None
    try:
        yield
    finally:
        app.conf.broker_url, app.conf.broker_transport_options = saved
        app._pool = None
        app.amqp._producer_pool = None
