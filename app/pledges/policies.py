"""Who may act on a campaign's pledge, as policies the routes declare (see ``app.core.policy``).

The campaign's own policies (``app.campaigns.policies``) under the pledge's names, each with the
campaign's existence checked first: a missing campaign is 404 for everyone, before any 403.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from app.campaigns.policies import ACT_FOR_UNIT, CAMPAIGN_EXISTS, MANAGE_CAMPAIGN, READ_BLOC_PRIVATE
from app.core.policy import Allow
from app.core.principal import Principal

READ_PLEDGE = replace(
    READ_BLOC_PRIVATE,
    name="pledges.read",
    visible=CAMPAIGN_EXISTS,
    then="404 while the campaign has no pledge.",
)
MANAGE_PLEDGE = replace(
    MANAGE_CAMPAIGN,
    name="pledges.manage",
    visible=CAMPAIGN_EXISTS,
    then="Writing the text, opening and closing: only while the campaign is active (409 `campaign_closed`).",
)
SIGN_PLEDGE = replace(
    ACT_FOR_UNIT,
    name="pledges.sign",
    visible=CAMPAIGN_EXISTS,
    then="Only while the pledge is open, for a unit that is a member of the bloc that year (422 "
    "`not_a_member`).",
)

PledgeReader = Annotated[Principal, Allow(READ_PLEDGE)]
PledgeManager = Annotated[Principal, Allow(MANAGE_PLEDGE)]
PledgeSigner = Annotated[Principal, Allow(SIGN_PLEDGE)]
