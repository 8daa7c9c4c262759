# Production image: the Django app under gunicorn; the same image runs the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=gusp.settings.prod GUSP_VAR_DIR=/var/lib/gusp

# WeasyPrint needs Pango; DejaVu fonts for the PDFs.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --create-home --home-dir /app gusp \
 && mkdir -p /var/lib/gusp && chown gusp /var/lib/gusp

WORKDIR /app
COPY pyproject.toml ./
COPY . .
RUN pip install --no-cache-dir . \
 && DJANGO_SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput -v0

USER gusp
EXPOSE 8000
CMD ["gunicorn", "gusp.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
