"""Who may read and change a proposal's dossier, as policies the routes declare (``app.core.policy``).

The dossier is the proposal's: whoever may read the proposal reads its documents (others get 404, as for
the proposal); the proposer and the office may add and remove documents, the service narrowing by state
(``app.dossiers.documents``)."""

from __future__ import annotations

from typing import Annotated

from app.core.errors import Forbidden
from app.core.policy import Allow, Policy, role
from app.core.principal import Principal
from app.proposals.policies import (
    CLIENT_OF_PROPOSAL_UNIT,
    OF_PROPOSAL_UNIT,
    OFFICE,
    PROPOSAL_READER,
)


def _not_writer() -> Forbidden:
    return Forbidden(
        "Only the proposing unit's officers and head, its proposals:write client, or the secretariat may "
        "change the dossier.",
        detail_vi="Chỉ cán bộ, thủ trưởng đơn vị đề nghị, ứng dụng có quyền proposals:write của đơn vị, hoặc "
        "Thường trực Hội đồng được thay đổi hồ sơ.",
    )


READ_DOSSIER = Policy(
    "dossiers.read",
    rules=(role("admin", "secretariat", "observer"), OF_PROPOSAL_UNIT, CLIENT_OF_PROPOSAL_UNIT),
    visible=PROPOSAL_READER,
    then="A document's bytes are checked against its SHA-256 before they are served.",
)
WRITE_DOSSIER = Policy(
    "dossiers.write",
    rules=(OFFICE, OF_PROPOSAL_UNIT, CLIENT_OF_PROPOSAL_UNIT),
    visible=PROPOSAL_READER,
    denied=_not_writer,
    then="The proposer while the proposal is `draft` or `returned`; the office until it is decided, rejected "
    "or withdrawn (409 `dossier_locked`).",
)

DossierReader = Annotated[Principal, Allow(READ_DOSSIER)]
DossierWriter = Annotated[Principal, Allow(WRITE_DOSSIER)]
