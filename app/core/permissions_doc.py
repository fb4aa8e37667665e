"""``docs/permissions.md``, generated from the route policies (``thidua permissions``)."""

from __future__ import annotations

from fastapi import FastAPI

from app.core.policy import Policy, RoutePolicy, Who, route_policies

COLUMNS = (
    (Who.ANONYMOUS, "anon"),
    (Who.ADMIN, "admin"),
    (Who.SECRETARIAT, "secr."),
    (Who.OBSERVER, "obs."),
    (Who.OFFICER, "officer"),
    (Who.HEAD, "head"),
    (Who.OTHER_OFFICER, "other officer"),
    (Who.LEADER, "leader"),
    (Who.DEPUTY, "deputy"),
    (Who.OTHER_LEADER, "other-year leader"),
    (Who.ELECTOR, "elector"),
    (Who.CLIENT_SCOPED, "client + scope"),
    (Who.CLIENT, "client"),
)

HEADER = """# Permissions

Generated from the route policies by `thidua permissions` (`make permissions`); a test fails when this
file differs from what the code declares. Each route names one policy beside its definition
(`app/<feature>/policies.py`, mechanism in `app/core/policy.py`); the policy runs before the endpoint, so
a principal it does not admit gets 401 (no valid token), 404 (where the object's existence is not
disclosed) or 403, and nothing is read or written on its behalf.

Kinds of principal, as the permission-matrix test (`tests/core/test_permission_matrix.py`) plays them on
one bloc-year:

| column | who |
|---|---|
| anon | no token |
| admin, secr., obs. | a user with the `admin`, `secretariat` or `observer` role |
| officer | an officer of the unit the request concerns (the path's or the body's `unit_id`), a member |
| head | the head of that unit (`unit_head`), who is not also an officer |
| other officer | an officer of a unit outside the bloc |
| leader, deputy | an officer of the unit leading or deputising the campaign's bloc that year |
| other-year leader | an officer of the unit leading the same bloc in another year |
| elector | another officer of that unit, in the ballot session's electorate |
| client + scope | a service client bound to the unit, holding the scope the policy names |
| client | a service client bound to the unit, holding every other scope |

✓: admitted by the policy. Where the service narrows further (rows, fields, states), the last table says how.
"""


def _row(rp: RoutePolicy) -> str:
    assert rp.policy is not None
    admits = rp.policy.admits
    marks = " | ".join("✓" if who in admits else "" for who, _ in COLUMNS)
    return f"| `{rp.method} {rp.path}` | `{rp.policy.name}` | {marks} |"


def render(app: FastAPI) -> str:
    rows = [rp for rp in route_policies(app) if rp.policy is not None]
    rows.sort(key=lambda rp: (rp.path, rp.method))
    out = [HEADER, "## Operation × who", ""]
    out.append("| operation | policy | " + " | ".join(label for _, label in COLUMNS) + " |")
    out.append("|---|---|" + "---|" * len(COLUMNS))
    out.extend(_row(rp) for rp in rows)
    out += ["", "## Policies", "", "| policy | admits | scopes | then |", "|---|---|---|---|"]
    seen: dict[str, Policy] = {}
    for rp in rows:
        assert rp.policy is not None
        seen.setdefault(rp.policy.name, rp.policy)
    for name in sorted(seen):
        policy = seen[name]
        who = policy.who
        if policy.visible is not None:
            who += f"; 404 for anyone not {policy.visible.who}"
        scopes = ", ".join(f"`{s}`" for s in sorted(policy.scopes))
        out.append(f"| `{name}` | {who} | {scopes} | {policy.then} |")
    return "\n".join(out) + "\n"
