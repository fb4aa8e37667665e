# syntax=docker/dockerfile:1
# thidua API image: configured only by THIDUA_* environment variables (see README.md).
#
#   docker build -t thidua .
#   docker run -p 8000:8000 -e THIDUA_JWT_SECRET=... -e THIDUA_DATABASE_URL=postgresql://... thidua
#
# The Alembic migrations live beside the package (migrations/, found by app.core.migrations relative to
# the source tree), so the project is installed in editable mode from /app and the final stage keeps
# both the virtualenv and /app at the same paths the builder used.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS builder
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1
RUN python -m venv /opt/venv
WORKDIR /app
# Dependencies first, against a stub package, so this layer is rebuilt only when pyproject.toml changes.
COPY pyproject.toml README.md ./
RUN mkdir app && touch app/__init__.py \
    && /opt/venv/bin/pip install --upgrade pip \
    && /opt/venv/bin/pip install -e . \
    && rm -rf app
COPY app ./app
COPY migrations ./migrations
# Byte-compile now: the runtime user cannot write to /app.
RUN /opt/venv/bin/python -m compileall -q app migrations \
    && /opt/venv/bin/thidua --help >/dev/null

FROM ${PYTHON_IMAGE}
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    THIDUA_ENV=production \
    THIDUA_DATABASE_URL=sqlite:////app/data/thidua.db \
    THIDUA_PORT=8000
RUN groupadd --system --gid 10001 thidua \
    && useradd --system --uid 10001 --gid thidua --home-dir /app --shell /usr/sbin/nologin thidua
COPY --from=builder /opt/venv /opt/venv
COPY --from=builder /app /app
WORKDIR /app
# Only the embedded SQLite database is written to disk; with PostgreSQL the container is stateless.
RUN mkdir -p /app/data && chown thidua:thidua /app/data
VOLUME ["/app/data"]
USER thidua
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('THIDUA_PORT', '8000'), timeout=4)"]
# Migrates first (under a PostgreSQL advisory lock, so replicas starting together take turns); pass
# --no-migrate when a release step runs `thidua migrate` instead.
CMD ["thidua", "serve", "--host", "0.0.0.0"]
