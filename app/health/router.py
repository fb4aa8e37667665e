"""Liveness, readiness and metrics: outside /api/v1, unauthenticated, for load balancers and scrapers."""

from __future__ import annotations

import hmac

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text

from app.core.errors import NotFound, Unauthenticated, problem_response
from app.core.policy import Allow
from app.core.routing import OperationalRoute
from app.health.policies import METRICS, OPERATIONS

router = APIRouter(tags=["operations"], route_class=OperationalRoute)


@router.get("/healthz", summary="The process is alive", dependencies=[Allow(OPERATIONS)])
def check_liveness() -> dict[str, str]:
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


_NOT_READY = {
    "database_unreachable": ("The database does not answer.", "Cơ sở dữ liệu không phản hồi."),
    "schema_not_at_head": (
        "The database schema is not at the latest migration; run `thidua migrate`.",
        "Lược đồ cơ sở dữ liệu chưa ở phiên bản mới nhất; hãy chạy `thidua migrate`.",
    ),
}


@router.get(
    "/readyz",
    summary="The database answers and its schema is at the latest migration",
    responses={
        503: {
            "description": "Not ready (`not_ready`); `reason`: `database_unreachable` or `schema_not_at_head`"
        }
    },
    dependencies=[Allow(OPERATIONS)],
)
async def check_readiness(request: Request) -> JSONResponse:
    ok, reason = await run_in_threadpool(_check_ready, request)
    if ok:
        return JSONResponse({"status": "ok", "reason": reason})
    return problem_response(
        request,
        503,
        "not_ready",
        _NOT_READY[reason][0],
        detail_vi=_NOT_READY[reason][1],
        extra={"reason": reason},
    )


@router.get(
    "/metrics",
    summary="Prometheus metrics (production: with THIDUA_METRICS_TOKEN as a bearer token)",
    response_class=Response,
    responses={401: {"description": "The scrape token is missing or wrong"}, 404: {"description": "Off"}},
    dependencies=[Allow(METRICS)],
)
def get_metrics(request: Request) -> Response:
    settings = request.app.state.settings
    access = settings.metrics_access
    if access == "off":
        raise NotFound("Not found.", detail_vi="Không tìm thấy.")
    if access == "token":
        sent = request.headers.get("authorization", "")
        expected = "Bearer " + settings.metrics_token.get_secret_value()
        if not hmac.compare_digest(sent.encode(), expected.encode()):
            raise Unauthenticated(
                "The metrics scrape token is missing or wrong.",
                detail_vi="Thiếu hoặc sai mã truy cập số liệu giám sát.",
            )
    return Response(generate_latest(request.app.state.metrics.registry), media_type=CONTENT_TYPE_LATEST)
