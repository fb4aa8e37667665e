# syntax=docker/dockerfile:1
# thidua API image: configured only by THIDUA_* environment variables (see README.md).
#
#   docker build -t thidua .
#   docker run -p 8000:8000 -e THIDUA_JWT_SECRET=... -e THIDUA_DATABASE_URL=postgresql://... thidua
#   # the 2016 demo, kept in a volume:
#   docker run -p 8000:8000 -v thidua-data:/app/data -e THIDUA_DEMO=1 -e THIDUA_JWT_SECRET=... \
#       -e THIDUA_ADMIN_USERNAME=admin -e THIDUA_ADMIN_PASSWORD=... thidua
#
# Every package comes from requirements.lock with its hashes (pip --require-hashes), the build backend
# included, so the image holds exactly what the lock says. The Alembic migrations live beside the package
# (migrations/, found by app.core.migrations relative to the source tree), so the project is installed
# in editable mode from /app and the final stage keeps the virtualenv and /app at the builder's paths.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS builder
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1
RUN python -m venv /opt/venv
WORKDIR /app
# The locked dependencies first, so this layer is rebuilt only when the lock changes.
COPY requirements.lock ./
RUN /opt/venv/bin/pip install --require-hashes -r requirements.lock
COPY pyproject.toml README.md ./
COPY app ./app
COPY migrations ./migrations
COPY docker/entrypoint.sh /usr/local/bin/thidua-entrypoint
# --no-deps --no-build-isolation: the dependencies and setuptools are the lock's, nothing else is fetched.
# Byte-compile now: the runtime user cannot write to /app.
RUN /opt/venv/bin/pip install --no-deps --no-build-isolation -e . \
    && /opt/venv/bin/python -m compileall -q app migrations \
    && /opt/venv/bin/thidua --help >/dev/null

FROM ${PYTHON_IMAGE}
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    THIDUA_ENV=production \
    THIDUA_DATABASE_URL=sqlite:////app/data/thidua.db \
    THIDUA_DOCUMENT_DIR=/app/data/documents \
    THIDUA_HOST=0.0.0.0 \
    THIDUA_PORT=8000 \
    THIDUA_DEMO=0
RUN groupadd --system --gid 10001 thidua \
    && useradd --system --uid 10001 --gid thidua --home-dir /app --shell /usr/sbin/nologin thidua
COPY --from=builder /opt/venv /opt/venv
COPY --from=builder /app /app
COPY --from=builder /usr/local/bin/thidua-entrypoint /usr/local/bin/thidua-entrypoint
WORKDIR /app
# The embedded SQLite database and the dossiers' documents are written to /app/data; with PostgreSQL,
# mount a volume every container shares at /app/data/documents (or point THIDUA_DOCUMENT_DIR at one).
RUN mkdir -p /app/data && chown thidua:thidua /app/data
VOLUME ["/app/data"]
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('THIDUA_PORT', '8000'), timeout=4)"]
# Migrates (under a PostgreSQL advisory lock, so replicas starting together take turns), loads the 2016
# demo into an empty database when THIDUA_DEMO=1, then serves. Any other command runs instead, e.g.
# `docker run ... thidua thidua users create ...`.
ENTRYPOINT ["thidua-entrypoint"]
CMD ["serve"]
