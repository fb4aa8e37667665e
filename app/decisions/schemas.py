"""Request and response models for decisions (quyết định), their registers and recoveries."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Self

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from app.core import choices
from app.core.days import RecordDay
from app.core.literal import InlineEnum
from app.core.patch import PatchBody, refuse_null
from app.core.text import MULTI_LINE, SINGLE_LINE, clean_text
from app.models.decision import DecisionKind as _Kind
from app.models.decision import DecisionStatus as _Status

DecisionKind = InlineEnum[_Kind]
DecisionStatus = InlineEnum[_Status]

_Clean = BeforeValidator(clean_text)
_Id = Annotated[str, Field(min_length=1, max_length=64)]
Line = Annotated[str, _Clean, Field(min_length=1, max_length=300), SINGLE_LINE]
Subject = Annotated[str, _Clean, Field(min_length=1, max_length=500), SINGLE_LINE]
Note = Annotated[str, _Clean, Field(min_length=1, max_length=2000), MULTI_LINE]
Ground = Annotated[str, _Clean, Field(min_length=1, max_length=500), SINGLE_LINE]
AuthorityCode = Annotated[str, Field(pattern=r"^[A-Z0-9Đ-]{1,32}$", examples=["BKHCN"])]
Number = Annotated[str, _Clean, Field(min_length=1, max_length=100, examples=["245/QĐ-TTg"]), SINGLE_LINE]
Certificate = Annotated[str, _Clean, Field(min_length=1, max_length=64), SINGLE_LINE]
GroundCode = Annotated[
    str, Field(pattern=r"^[a-z_]{1,32}$", examples=["khai_gian_doi"], description="A code of law.md §5.")
]

DEFAULT_AUTHORITY_CODE = "BKHCN"
DEFAULT_AUTHORITY_NAME = "Bộ Khoa học và Công nghệ"


# ---- registers ----------------------------------------------------------------------------------------


class DecisionRegisterCreate(BaseModel):
    """The numbering book (sổ đăng ký) of one authority for one year."""

    model_config = ConfigDict(extra="forbid")

    authority_code: AuthorityCode = Field(description="The authority's code, e.g. `BKHCN`.")
    authority_name: Line = Field(description="The authority's name, e.g. `Bộ Khoa học và Công nghệ`.")
    year: int = Field(ge=1945, le=2200)
    symbol: Annotated[str, Field(pattern=r"^[A-ZĐ0-9-]{1,32}$", examples=["QĐ-BKHCN"])] = Field(
        description="The symbol after the number: a decision reads `{number}/{symbol}`."
    )


class DecisionRegisterRead(BaseModel):
    id: str
    authority_code: str
    authority_name: str
    year: int
    symbol: str
    last_number: int = Field(description="The last number taken (0: none yet); the next issue takes +1.")
    last_certificate: int = Field(description="The last certificate number taken.")
    created_at: datetime


# ---- decisions -----------------------------------------------------------------------------------------


class AmendedRecipient(BaseModel):
    """One correction: the recipient of the target decision it replaces, and what changes (name as printed,
    cash, certificate number); what is not sent stays as it was."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra=choices.at_least_one_of("name", "cash_vnd", "certificate_number")
    )

    replaces_recipient_id: _Id = Field(description="A recipient of the target (issued award) decision.")
    name: Line | None = None
    cash_vnd: int | None = Field(default=None, ge=0, le=10**12)
    certificate_number: Certificate | None = None

    @model_validator(mode="after")
    def _changes_something(self) -> Self:
        if self.name is None and self.cash_vnd is None and self.certificate_number is None:
            raise ValueError("give at least one of name, cash_vnd and certificate_number")
        return self


class DecisionCreate(BaseModel):
    """A draft decision. `award`: from a proposal in state `signing` (its approved items become the
    recipients). `amendment`: corrects recipients of an issued award decision (`amendments`). `revocation`:
    revokes recipients of an issued award decision (`revoked_recipient_ids`) on a legal ground."""

    # The fields each kind takes, as the validator below checks them (so the document says it too).
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra=choices.one_of_kinds(
            choices.when(
                "kind",
                "award",
                choices.sent("proposal_id"),
                choices.not_sent("target_decision_id"),
                choices.not_sent("revocation_ground"),
                choices.not_listed("revoked_recipient_ids"),
                choices.not_listed("amendments"),
            ),
            choices.when(
                "kind",
                "amendment",
                choices.sent("target_decision_id"),
                choices.not_sent("proposal_id"),
                choices.listed("amendments"),
                choices.not_sent("revocation_ground"),
                choices.not_listed("revoked_recipient_ids"),
            ),
            choices.when(
                "kind",
                "revocation",
                choices.sent("target_decision_id"),
                choices.not_sent("proposal_id"),
                choices.sent("revocation_ground"),
                choices.listed("revoked_recipient_ids"),
                choices.not_listed("amendments"),
            ),
        ),
    )

    kind: DecisionKind
    proposal_id: _Id | None = Field(default=None, description="For `award`: the proposal in `signing`.")
    target_decision_id: _Id | None = Field(
        default=None, description="For `amendment` and `revocation`: the issued award decision changed."
    )
    subject: Subject | None = Field(
        default=None,
        description="Trích yếu, e.g. `Về việc tặng Cờ thi đua của Bộ năm 2016`; a default "
        "is written from the proposal or the target.",
    )
    decision_date: RecordDay
    signer_name: Line | None = None
    signer_position: Line | None = Field(default=None, examples=["Bộ trưởng", "KT. Bộ trưởng - Thứ trưởng"])
    legal_grounds: list[Ground] | None = Field(
        default=None,
        max_length=30,
        description="The `Căn cứ …` lines; by default those of the regime in force on the decision date.",
    )
    authority_code: AuthorityCode = DEFAULT_AUTHORITY_CODE
    authority_name: Line = DEFAULT_AUTHORITY_NAME
    revocation_ground: GroundCode | None = Field(default=None, description="For `revocation`.")
    revoked_recipient_ids: list[_Id] | None = Field(
        default=None, max_length=500, description="For `revocation`: recipients of the target decision."
    )
    amendments: list[AmendedRecipient] | None = Field(default=None, max_length=500)
    reason: Note | None = Field(default=None, description="Why (amendment, revocation): kept with it.")

    @model_validator(mode="after")
    def _fits_kind(self) -> Self:
        if self.kind == _Kind.AWARD:
            if self.proposal_id is None or self.target_decision_id is not None:
                raise ValueError("an award decision names proposal_id (and no target_decision_id)")
            if self.revocation_ground or self.revoked_recipient_ids or self.amendments:
                raise ValueError(
                    "an award decision has no revocation ground, revoked recipients or amendments"
                )
        else:
            if self.target_decision_id is None or self.proposal_id is not None:
                raise ValueError("an amendment or a revocation names target_decision_id (and no proposal_id)")
        if self.kind == _Kind.REVOCATION and (
            self.revocation_ground is None or not self.revoked_recipient_ids or self.amendments
        ):
            raise ValueError("a revocation names revocation_ground and revoked_recipient_ids")
        if self.kind == _Kind.AMENDMENT and (
            not self.amendments or self.revocation_ground or self.revoked_recipient_ids
        ):
            raise ValueError("an amendment lists amendments")
        return self


class DecisionUpdate(PatchBody):
    """A draft's fields; only those sent change. The recipients follow the proposal or the target."""

    subject: Subject | None = None
    decision_date: RecordDay | None = None
    signer_name: Line | None = None
    signer_position: Line | None = None
    legal_grounds: list[Ground] | None = Field(default=None, max_length=30)
    authority_name: Line | None = None
    reason: Note | None = None

    _not_null = field_validator("subject", "decision_date", "legal_grounds", "authority_name")(refuse_null)


class DecisionRecipientRead(BaseModel):
    id: str
    position: int
    name: str = Field(description="As printed on the decision.")
    unit_id: str | None
    unit_code: str | None = None
    unit_name: str | None = None
    person_id: str | None
    person_name: str | None = None
    title_code: str | None
    title_name: str | None = None
    form_code: str | None
    form_name: str | None = None
    award_name: str = Field(description="The title's or form's name (whichever it is).")
    cash_vnd: int | None = Field(description="The cash the decision pays (VND), null where none.")
    certificate_number: str | None
    award_id: str | None
    proposal_item_id: str | None
    replaces_recipient_id: str | None = Field(
        default=None, description="For an amendment or a revocation: the target decision's recipient."
    )


class CommendationDecisionRead(BaseModel):
    id: str
    kind: str = Field(description="`award`, `amendment` or `revocation`.")
    status: str = Field(description="`draft` or `issued`.")
    number: int | None
    number_text: str | None = Field(description="E.g. `1/QĐ-BKHCN`; null while a draft.")
    external: bool = Field(description="A higher authority's decision recorded here (no register of ours).")
    authority_code: str | None
    authority_name: str
    register_id: str | None
    subject: str
    decision_date: date | None
    signer_name: str | None
    signer_position: str | None
    legal_grounds: list[str]
    proposal_id: str | None
    proposal_title: str | None = None
    target_decision_id: str | None
    target_number_text: str | None = None
    revocation_ground: str | None
    revocation_ground_text: str | None = None
    revocation_ground_citation: str | None = Field(
        default=None,
        description="Where the law says it: `điểm b khoản 2 Điều 93 Luật Thi đua, khen thưởng …`.",
    )
    reason: str | None
    issued_at: datetime | None
    recipients: list[DecisionRecipientRead]
    created_at: datetime
    updated_at: datetime


class ProposalOutcomeCreate(BaseModel):
    """The higher authority's decision on a forwarded proposal: every approved item granted or refused."""

    model_config = ConfigDict(extra="forbid")

    decision_number: Number = Field(description="As written on it, e.g. `245/QĐ-TTg`.")
    decision_date: RecordDay
    authority_name: Line = Field(examples=["Thủ tướng Chính phủ"])
    signer_name: Line | None = None
    signer_position: Line | None = None
    subject: Subject | None = None
    granted: list[_Id] = Field(default_factory=list, max_length=500)
    refused: list[_Id] = Field(default_factory=list, max_length=500)


# ---- recoveries ----------------------------------------------------------------------------------------


class RecoveryRead(BaseModel):
    id: str
    decision_id: str
    award_id: str
    recipient_name: str | None = None
    money_due_vnd: int
    money_recovered_vnd: int
    object_description: str | None
    object_recovered: bool
    completed_on: date | None
    note: str | None
    updated_at: datetime


class RecoveryUpdate(PatchBody):
    money_recovered_vnd: int | None = Field(default=None, ge=0, le=10**12)
    object_recovered: bool | None = None
    completed_on: RecordDay | None = Field(default=None, description="`null` clears it.")
    note: Note | None = Field(default=None, description="`null` clears it.")

    _not_null = field_validator("money_recovered_vnd", "object_recovered")(refuse_null)
