# syntax=docker/dockerfile:1
# One image for both processes: the API (default command) and the worker
# (`python -m app worker`). docker-compose.yml runs them with PostgreSQL and Redis.

# ---- 1. the SPA: frontend/dist --------------------------------------------------------
FROM node:20-bookworm-slim AS frontend
WORKDIR /src/frontend
ENV npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci
COPY schemas/ /src/schemas/
COPY frontend/ ./
RUN npm run build

# ---- 2. the Python app ----------------------------------------------------------------
FROM python:3.11-slim AS app
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app

# Dependencies first (pinned), so code changes don't reinstall them.
COPY requirements/base.txt requirements/base.txt
RUN pip install -r requirements/base.txt

# The app, installed in place (editable) so that backend/migrations sits beside it as in
# development: `python -m app migrate` finds it there.
COPY pyproject.toml alembic.ini ./
COPY schemas/ schemas/
COPY backend/ backend/
RUN pip install --no-deps -e . \
    && useradd --system --uid 10001 --user-group --home-dir /app --no-create-home waymark

COPY --from=frontend /src/frontend/dist /app/frontend/dist

ENV WAYMARK_SPA_DIR=/app/frontend/dist \
    WAYMARK_ENV=production \
    WAYMARK_HOST=0.0.0.0 \
    WAYMARK_PORT=8000

USER waymark
EXPOSE 8000
# The API's readiness; docker-compose.yml gives the workers their own check
# (`python -m app worker --check`: their heartbeat in Redis).
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=5 \
    CMD ["python", "-c", "import sys, urllib.request as u; sys.exit(u.urlopen('http://127.0.0.1:8000/health/ready', timeout=4).status != 200)"]
CMD ["python", "-m", "app", "serve", "--host", "0.0.0.0", "--port", "8000"]
