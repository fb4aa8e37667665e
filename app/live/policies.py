"""Who may follow a live stream. A session's turnout stream: whoever reads the session
(``app.voting.policies.READ_SESSION``, the route names it). A conference's stream: whoever reads the
conference (``app.conferences.policies``: members of the bloc that year, the leader, the secretariat,
observers, admins, and the conference's guests); everyone else gets 404."""

from __future__ import annotations

from typing import Annotated

from app.conferences.policies import CONFERENCE_READER, GUEST, MEMBER, READERS
from app.core.policy import Allow, Policy
from app.core.principal import Principal

FOLLOW_CONFERENCE = Policy(
    "live.conference",
    rules=(READERS, MEMBER, GUEST),
    visible=CONFERENCE_READER,
    then="Counts only (units present, ballots cast per session), never who voted. The token and the "
    "access are checked again at every poll: the stream ends when either lapses.",
)

ConferenceFollower = Annotated[Principal, Allow(FOLLOW_CONFERENCE)]
