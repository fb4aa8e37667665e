"""create_app(): routers, middleware and exception handlers; nothing else."""

from __future__ import annotations

import asyncio
import logging
import tomllib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from importlib import metadata
from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import Response
from fastapi.routing import APIRoute

from app.achievements.exclusions_router import router as exclusions_router
from app.achievements.ratings_router import router as ratings_router
from app.achievements.router import router as achievements_router
from app.audit.router import router as audit_router
from app.auth.router import router as auth_router
from app.awards.router import router as awards_router
from app.blocs.router import router as blocs_router
from app.calendar.router import router as calendar_router
from app.campaigns.router import router as campaigns_router
from app.conferences.next_year_router import router as conference_leadership_router
from app.conferences.people_router import router as conference_people_router
from app.conferences.router import router as conferences_router
from app.core import audit_sealer, dispatch
from app.core.config import Settings, get_settings
from app.core.db import MAX_CONNECTIONS, make_engine, make_sessionmaker, read_only_engine
from app.core.errors import install_error_handlers
from app.core.idempotency import IdempotentReplay, ResponseSealer
from app.core.logging import configure_logging
from app.core.middleware import (
    BodySizeLimitMiddleware,
    HttpSemanticsMiddleware,
    Metrics,
    NulInUrlMiddleware,
    RequestContextMiddleware,
    SecurityHeadersMiddleware,
    upload_limits,
)
from app.core.migrations import head_revision
from app.core.openapi import install as install_openapi
from app.core.security import PasswordService, TokenService
from app.council.router import router as councils_router
from app.council.sessions_router import router as council_sessions_router
from app.counting.router import router as counting_router
from app.decisions.router import outcome_router as decision_outcome_router
from app.decisions.router import recoveries_router as decision_recoveries_router
from app.decisions.router import registers_router as decision_registers_router
from app.decisions.router import router as decisions_router
from app.dossiers.router import router as dossiers_router
from app.eligibility.catalogue_router import router as legal_regimes_router
from app.eligibility.router import router as eligibility_router
from app.events.router import router as events_router
from app.health.docs_router import router as docs_router
from app.health.router import router as health_router
from app.live.router import router as live_router
from app.people.files_router import router as unit_people_router
from app.people.router import router as people_router
from app.pledges.router import router as pledges_router
from app.proposals.router import router as proposals_router
from app.regulations.router import router as regulations_router
from app.reports.router import router as reports_router
from app.reviews.router import router as reviews_router
from app.scoring.criteria_router import router as criteria_router
from app.scoring.sheets_router import router as scores_router
from app.statistics.router import router as statistics_router
from app.summary.router import router as summary_router
from app.titles.forms_router import router as forms_router
from app.titles.router import router as titles_router
from app.units.router import router as units_router
from app.users import bootstrap
from app.users.router import clients_router, users_router
from app.voting.ballots_router import router as ballots_router
from app.voting.minutes_router import router as minutes_router
from app.voting.router import router as voting_router
from app.webhooks.openapi import webhooks_router
from app.webhooks.router import router as webhook_endpoints_router
from app.year_reports.contributions_router import router as year_report_contributions_router
from app.year_reports.router import router as year_report_router

log = logging.getLogger("thidua")

API_DESCRIPTION = """
Emulation and commendation ("thi đua, khen thưởng") for a ministry: units, blocs and their yearly
members, campaigns, pledges, score sheets, ballot sessions, awards, reports and an audit trail.

Errors are RFC 9457 problem details with a stable `code`; send `Accept-Language: vi` for Vietnamese.
Lists are cursor-paginated (`limit`, `cursor`, `Link: rel="next"`). Create endpoints honour
`Idempotency-Key`. Mutable resources carry an `ETag`; send it back as `If-Match`.
"""


# One entry per tag a route uses (a test checks both ways), in the order the docs pages list them.
TAG_DESCRIPTIONS = {
    "auth": "Access and refresh tokens: log in, refresh, log out, who am I.",
    "users": "User accounts and their roles and units (admins); unlocking.",
    "service clients": "Machine clients bound to a unit, their scopes and secrets (admins).",
    "units": "The ministry's units (đơn vị), by id or by their stable code.",
    "people": "People, their employments and transfers; a unit's people as a list, CSV or XLSX.",
    "achievements": "Initiatives and research works (sáng kiến) of people and units.",
    "exclusions": "Discipline, investigations and complaints that bar people and units from titles.",
    "ratings": "Yearly ratings of people and units (xếp loại).",
    "blocs": "Emulation blocs (khối thi đua), their members and delegates by year.",
    "campaigns": "Emulation campaigns (phong trào thi đua) and units' registrations.",
    "pledge": "A campaign's pledge (giao ước thi đua): draft, open, sign, close.",
    "criteria": "A campaign's criteria tree (tiêu chí) and its points.",
    "scores": "Score sheets (self and review), bulk scoring and the ranking.",
    "reports": "Units' emulation reports to a campaign.",
    "voting": "Ballot sessions (bỏ phiếu): settings, open, close, publish, cancel, results, runoffs.",
    "ballots": "Secret ballots of a session, its turnout and receipt checks.",
    "minutes": "The counting minutes (biên bản kiểm phiếu) of a session, as DOCX.",
    "counting": "Paper and mixed ballots: a session's counting committee (ban kiểm phiếu) and its members' "
    "independent paper counts, compared until they agree (docs/paper-ballots.md).",
    "live": "Live views for the conference screen as server-sent events: a session's turnout, a "
    "conference's attendance (docs/live.md).",
    "reviews": "A unit's year-end review of its people: the vote, its results and the decision.",
    "council": "The emulation and commendation council (Hội đồng Thi đua - Khen thưởng) and its members.",
    "council sessions": "Council sessions: agenda, attendance, quorum, the secret vote, result, minutes.",
    "conferences": "The bloc's conference (hội nghị tổng kết / sơ kết): plan, agenda, open with its quorum, "
    "close, attendance and the minutes (docs/conference.md).",
    "conference people": "A conference's guests, the member units' delegates, check-in and voting delegates.",
    "conference leadership": "Next year's leader and deputy the conference chose (election or rotation) and "
    "next year's membership draft it fills.",
    "awards": "Awards (khen thưởng): proposed by the secretariat, then decided or revoked.",
    "titles": "The catalogues of titles (danh hiệu) and forms of commendation.",
    "regulations": "The ministry's and the blocs' regulations and their settings.",
    "eligibility": "Verdicts on who may receive which title, caps, and the legal regimes behind them.",
    "summary": "A bloc's year summary as JSON, XLSX or DOCX.",
    "year report": "The bloc's year report (báo cáo tổng kết): drafted in versions by the leader, members' "
    "comments and additions with the leader's answers, comparisons, adoption, DOCX (docs/year-report.md).",
    "proposals": "Proposals for commendation (tờ trình đề nghị khen thưởng) through the procedure: items, "
    "review, return, consultation, council, signing or forwarding (docs/proposals.md).",
    "dossiers": "A proposal's dossier: documents uploaded (type read from the bytes) or drafted by the "
    "system, checksummed, served only to the proposal's readers.",
    "statistics": "The ministry's commendation statistics (Circular 02/2023/TT-BNV) as JSON or XLSX.",
    "webhooks": "Webhook endpoints of service clients: signed deliveries of events, secrets, the delivery "
    "log and redelivery (docs/webhooks.md).",
    "calendar": "Public holidays and worked days the time limits are counted on, and deadlines in working "
    "days (docs/calendar.md).",
    "decisions": "Decisions (quyết định) numbered from registers without gap: award decisions, a higher "
    "authority's recorded outcome, amendments, revocations and the recovery of money (docs/decisions.md).",
    "audit": "The audit trail and the check of its hash chain (admins, observers).",
    "events": "The change feed: what happened (awards, results, reports, units), in commit order, for "
    "integrating systems; see docs/events.md.",
    "operations": "Liveness, readiness and metrics for load balancers and scrapers (outside /api/v1).",
}
OPENAPI_TAGS = [{"name": name, "description": text} for name, text in TAG_DESCRIPTIONS.items()]


def package_version() -> str:
    """The package's version (pyproject.toml), which the API reports too: installed metadata, else the
    pyproject.toml of a source checkout."""
    try:
        return metadata.version("thidua")
    except metadata.PackageNotFoundError:
        pyproject = Path(__file__).resolve().parents[1] / "pyproject.toml"
        if pyproject.is_file():
            return str(tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"])
        return "0+unknown"


def operation_id(route: APIRoute) -> str:
    """The endpoint function's name (verb_noun, unique: tests/core/test_openapi_contract.py)."""
    return route.name


API_PREFIX = "/api/v1"


def feature_routers() -> tuple[APIRouter, ...]:
    """Every feature's router, in the order their routes are matched (each included under ``API_PREFIX``
    directly: one level of included routers less for every request to walk, twice, on FastAPI 0.165)."""
    return (
        auth_router,
        users_router,
        clients_router,
        units_router,
        people_router,
        unit_people_router,
        achievements_router,
        exclusions_router,
        ratings_router,
        blocs_router,
        campaigns_router,
        titles_router,
        forms_router,
        regulations_router,
        eligibility_router,
        legal_regimes_router,
        audit_router,
        pledges_router,
        awards_router,
        criteria_router,
        scores_router,
        ballots_router,
        voting_router,
        minutes_router,
        counting_router,
        live_router,
        reports_router,
        reviews_router,
        councils_router,
        council_sessions_router,
        conferences_router,
        conference_people_router,
        conference_leadership_router,
        proposals_router,
        dossiers_router,
        summary_router,
        year_report_router,
        year_report_contributions_router,
        statistics_router,
        events_router,
        webhook_endpoints_router,
        calendar_router,
        decision_registers_router,
        decisions_router,
        decision_outcome_router,
        decision_recoveries_router,
    )


def bind_database(app: FastAPI, settings: Settings) -> None:
    """Point the app at its database (and the settings that go with it)."""
    app.state.settings = settings
    app.state.engine = make_engine(settings.database_url)
    app.state.sessionmaker = make_sessionmaker(app.state.engine)
    app.state.read_only_engine = read_only_engine(app.state.engine)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Created here, in the loop that serves the requests (see TransactionalRoute).
        app.state.db_slots = asyncio.Semaphore(MAX_CONNECTIONS)
        state = app.state
        await run_in_threadpool(bootstrap.ensure_admin, state.sessionmaker, state.passwords, state.settings)
        every = state.settings.audit_seal_seconds
        sealing = asyncio.create_task(audit_sealer.keep_sealing(state.sessionmaker, every)) if every else None
        yield
        if sealing is not None:
            sealing.cancel()
            with suppress(asyncio.CancelledError):
                await sealing
        app.state.engine.dispose()

    app = FastAPI(
        title="thidua",
        version=package_version(),
        summary="Thi đua, khen thưởng: the ministry's emulation and commendation API",
        description=API_DESCRIPTION,
        lifespan=lifespan,
        openapi_tags=OPENAPI_TAGS,
        generate_unique_id_function=operation_id,
        webhooks=webhooks_router(),  # documented only: what receivers are sent (app/webhooks/openapi.py)
        # Served by app.health.docs_router, as THIDUA_DOCS_ACCESS says.
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
    )
    bind_database(app, settings)
    app.state.passwords = PasswordService(settings)
    app.state.tokens = TokenService(settings)
    app.state.metrics = Metrics()
    app.state.response_sealer = ResponseSealer(settings.jwt_secret)
    app.state.schema_head = head_revision()

    install_error_handlers(app)
    install_openapi(app)  # every error documented as the problem details the handlers send

    @app.exception_handler(IdempotentReplay)
    async def _replay(_request: Request, exc: IdempotentReplay) -> Response:
        return exc.response

    app.include_router(health_router)
    app.include_router(docs_router)
    for router in feature_routers():
        app.include_router(router, prefix=API_PREFIX)
    dispatch.install(app, API_PREFIX)  # a request walks only the routers under its first segment

    # Outermost first: every response (413s and CORS preflights included) gets a request id and a log line.
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
            allow_headers=[
                "Authorization",
                "Content-Type",
                "Idempotency-Key",
                "If-Match",
                "If-None-Match",
                "X-Request-ID",
                "Accept-Language",
            ],
            expose_headers=[
                "ETag",
                "Location",
                "Link",
                "Content-Disposition",
                "Idempotent-Replayed",
                "X-Request-ID",
                "Retry-After",
            ],
        )
    app.add_middleware(NulInUrlMiddleware)
    app.add_middleware(
        BodySizeLimitMiddleware,
        max_bytes=settings.max_body_bytes,
        overrides=upload_limits(settings.document_max_bytes),
    )
    app.add_middleware(HttpSemanticsMiddleware)
    app.add_middleware(RequestContextMiddleware)
    app.add_middleware(SecurityHeadersMiddleware, hsts_seconds=settings.hsts_seconds)
    return app


def _default_app() -> FastAPI:
    settings = get_settings()
    configure_logging(settings.log_level)
    return create_app(settings)


app = _default_app()
