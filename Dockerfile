# Production image: gunicorn serves the app; the same image runs the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    APP_ENV=production

# WeasyPrint's system libraries (Pango, HarfBuzz subsetting, a font) and curl for the healthcheck.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core curl \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system app \
    && useradd --system --gid app --home-dir /app --no-create-home --shell /usr/sbin/nologin app

WORKDIR /app

# Dependencies only (pyproject declares no packages): this layer is rebuilt only when they change.
COPY pyproject.toml ./
RUN pip install --no-cache-dir . && rm -rf build *.egg-info

# Source stays root-owned and read-only to the app; only var/ and staticfiles/ are writable.
COPY . .
RUN mkdir -p /app/var/media /app/staticfiles && chown -R app:app /app/var /app/staticfiles

USER app

# Dummy values satisfy the production settings checks for this one build step only.
RUN SECRET_KEY=build-only-dummy-key-for-collectstatic-not-secret0 \
    ALLOWED_HOSTS='*' \
    DATABASE_URL=postgres://x@localhost/x \
    python manage.py collectstatic --noinput

EXPOSE 8000

# Workers, threads and timeouts from the machine's cores and the WEB_* variables (gunicorn.conf.py).
CMD ["gunicorn", "--config", "gunicorn.conf.py", "strategy_app.wsgi:application"]
