"""Request and response models for the pledge (giao ước thi đua) and its signatures."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from app.core.names import UnitName, UnitRef
from app.core.text import MULTI_LINE, SINGLE_LINE, clean_text
from app.models import PledgeSignature

MAX_COMMITMENTS = 100


_Clean = BeforeValidator(clean_text)

Title = Annotated[
    str,
    _Clean,
    Field(min_length=1, max_length=300, examples=["Giao ước thi đua năm 2016 của Khối thi đua cơ quan Bộ"]),
    SINGLE_LINE,
]
Preamble = Annotated[
    str,
    _Clean,
    Field(max_length=20000, description="An empty string or null stores no preamble."),
    MULTI_LINE,
]
CommitmentText = Annotated[
    str,
    _Clean,
    Field(min_length=1, max_length=2000, examples=["Hoàn thành xuất sắc nhiệm vụ chính trị được giao."]),
    MULTI_LINE,
]
PersonName = Annotated[
    str, _Clean, Field(min_length=1, max_length=200, examples=["Nguyễn Văn A"]), SINGLE_LINE
]
Position = Annotated[str, _Clean, Field(min_length=1, max_length=200, examples=["Vụ trưởng"]), SINGLE_LINE]


class Commitment(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: CommitmentText


class PledgePut(BaseModel):
    """The whole text of the pledge: fields left out take their defaults (no preamble)."""

    model_config = ConfigDict(extra="forbid")

    title: Title
    preamble: Preamble | None = None
    commitments: list[Commitment] = Field(min_length=1, max_length=MAX_COMMITMENTS)


class SignatureCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    unit_id: str = Field(min_length=1, max_length=64, description="The member unit that signs.")
    signatory_name: PersonName
    signatory_position: Position


class CommitmentRead(BaseModel):
    # No rules on what is read back: a pledge stored before a rule changed stays readable.
    text: str


class SignatureRead(BaseModel):
    unit_id: str
    unit_code: str
    unit_name: str
    signatory_name: str
    signatory_position: str
    signed_at: datetime

    @classmethod
    def of(cls, signature: PledgeSignature, units: dict[str, UnitName]) -> SignatureRead:
        return cls(
            **UnitRef.of(signature.unit_id, units).model_dump(),
            signatory_name=signature.signatory_name,
            signatory_position=signature.signatory_position,
            signed_at=signature.signed_at,
        )


class PledgeRead(BaseModel):
    id: str
    campaign_id: str
    status: str = Field(description="draft | open | closed (more may come).")
    title: str
    preamble: str | None
    commitments: list[CommitmentRead]
    opened_at: datetime | None
    closed_at: datetime | None
    updated_at: datetime
    signatures: list[SignatureRead] = Field(description="In the order they were signed.")
    unsigned_unit_ids: list[str] = Field(
        description="Members of the bloc that year that have not signed, in membership order."
    )
    unsigned_units: list[UnitRef] = Field(
        description="The same units with their codes and names, in the same order."
    )
