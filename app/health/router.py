"""Liveness, readiness and metrics: outside /api/v1, unauthenticated, for load balancers and scrapers."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text

from app.core.policy import Allow
from app.core.routing import OperationalRoute
from app.health.policies import OPERATIONS

router = APIRouter(tags=["operations"], route_class=OperationalRoute)


@router.get("/healthz", summary="The process is alive", dependencies=[Allow(OPERATIONS)])
def healthz() -> dict[str, str]:
    return {"status": "ok"}


def _check_ready(request: Request) -> tuple[bool, str]:
    engine = request.app.state.engine
    head = request.app.state.schema_head
    try:
        with engine.connect() as conn:
            current = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except Exception:  # any database failure means "not ready"
        return False, "database_unreachable"
    if set(current) != {head}:
        return False, "schema_not_at_head"
    return True, "ok"


@router.get(
    "/readyz",
    summary="The database answers and its schema is at the latest migration",
    responses={503: {"description": "Not ready"}},
    dependencies=[Allow(OPERATIONS)],
)
async def readyz(request: Request) -> JSONResponse:
    ok, reason = await run_in_threadpool(_check_ready, request)
    return JSONResponse(
        {"status": "ok" if ok else "unavailable", "reason": reason}, status_code=200 if ok else 503
    )


@router.get(
    "/metrics", summary="Prometheus metrics", response_class=Response, dependencies=[Allow(OPERATIONS)]
)
def metrics(request: Request) -> Response:
    return Response(generate_latest(request.app.state.metrics.registry), media_type=CONTENT_TYPE_LATEST)
