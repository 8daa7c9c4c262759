# Production image: the Django app under gunicorn; the same image runs the one-shot migrations, the Celery
# worker and beat, and the backups (docker-compose.yml).
FROM python:3.11-slim-bookworm

# Static files are collected below into the image (DJANGO_STATIC_ROOT), never into a volume: each release
# serves its own files and manifest. The volumes hold data only: GUSP_VAR_DIR (uploaded files when no S3
# bucket is configured, beat's schedule) and GUSP_BACKUP_DIR.
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=gusp.settings.prod GUSP_VAR_DIR=/var/lib/gusp \
    DJANGO_STATIC_ROOT=/app/staticfiles GUSP_BACKUP_DIR=/var/backups/gusp

# WeasyPrint needs Pango; DejaVu fonts for the PDFs; pg_dump and pg_restore of PostgreSQL 15 (the
# database's version) for `manage.py backup` and `restore`.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core \
      postgresql-client-15 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --create-home --home-dir /app gusp \
 && mkdir -p /var/lib/gusp /var/backups/gusp && chown gusp /var/lib/gusp /var/backups/gusp

WORKDIR /app
# The dependencies first (pyproject.toml installs no package of its own): a code change keeps this layer.
COPY pyproject.toml ./
RUN pip install --no-cache-dir .
COPY . .
# Hashed and compressed static files with their manifest, owned by root: the app reads them, never writes.
# No database nor secret is needed; the build's scratch directory is left out of the image.
RUN DJANGO_SECRET_KEY=collectstatic-only GUSP_VAR_DIR=/tmp/gusp-build \
      python manage.py collectstatic --noinput -v0 \
 && rm -rf /tmp/gusp-build \
 && test -f /app/staticfiles/staticfiles.json

USER gusp
EXPOSE 8000
# Port 8000, 3 workers (GUNICORN_WORKERS), access log with secret URLs redacted: gusp/gunicorn.conf.py.
CMD ["gunicorn", "-c", "gusp/gunicorn.conf.py", "gusp.wsgi:application"]
