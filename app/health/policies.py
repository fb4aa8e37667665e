"""Who may call the operational routes, as a policy they declare (see ``app.core.policy``): anyone, so
load balancers and metrics scrapers need no token. The routes live outside /api/v1 and disclose no data
of the application (only its liveness, readiness and process metrics)."""

from __future__ import annotations

from app.core.policy import Policy

OPERATIONS = Policy("operations.probe", public=True)

METRICS = Policy(
    "operations.metrics",
    public=True,
    then="With THIDUA_METRICS_TOKEN set, only a scraper sending it as `Authorization: Bearer`; unset, "
    "open in development and not served (404) in production.",
)
DOCS = Policy(
    "operations.docs",
    public=True,
    then="As THIDUA_DOCS_ACCESS says: `public` (development default) anyone; `token` (production default) "
    "/openapi.json with a valid access token, the pages not served; `off` none (404).",
)
