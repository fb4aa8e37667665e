"""Who may call the operational routes, as a policy they declare (see ``app.core.policy``): anyone, so
load balancers and metrics scrapers need no token. The routes live outside /api/v1 and disclose no data
of the application (only its liveness, readiness and process metrics)."""

from __future__ import annotations

from app.core.policy import Policy

OPERATIONS = Policy("operations.probe", public=True)
