"""Who may read awards and record their decision or revocation, as policies the routes declare (see
``app.core.policy``). Awards are proposed by publishing a ballot session (``app.voting.policies``)."""

from __future__ import annotations

from typing import Annotated

from app.core.policy import ANY_USER, Allow, Policy, role, scope
from app.core.principal import Principal

READ_AWARDS = Policy(
    "awards.read",
    rules=(ANY_USER, scope("results:read")),
    then="The verdict of a person's award (it may name discipline) only to admins, the secretariat and "
    "the officers of the person's unit; null for everyone else.",
)
PROPOSE_AWARDS = Policy("awards.propose", rules=(role("secretariat"),))
DECIDE_AWARDS = Policy("awards.decide", rules=(role("secretariat"),))

AwardReader = Annotated[Principal, Allow(READ_AWARDS)]
AwardProposer = Annotated[Principal, Allow(PROPOSE_AWARDS)]
AwardDecider = Annotated[Principal, Allow(DECIDE_AWARDS)]
"""Records the decision that confers an award, or revokes it."""
