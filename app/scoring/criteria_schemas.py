"""Request and response models for a campaign's criteria tree (tiêu chí, bảng chấm điểm)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from app.core.literal import InlineEnum
from app.core.text import MULTI_LINE, clean_text
from app.models import enums
from app.scoring.tree import MAX_CODE_LENGTH, MAX_NODES, MAX_POINTS_CENTI, MAX_TITLE_LENGTH

CODE_PATTERN = rf"^[0-9A-Za-z.]{{1,{MAX_CODE_LENGTH}}}$"

Kind = InlineEnum[enums.CriterionKind]


Code = Annotated[
    str,
    Field(
        pattern=CODE_PATTERN,
        examples=["1.1"],
        description="Letters, digits and dots; unique in the tree. A child's code starts with its "
        "parent's code and a dot: `1` → `1.1` → `1.1.a`.",
    ),
]
Title = Annotated[
    str,
    Field(
        min_length=1,
        max_length=MAX_TITLE_LENGTH,
        examples=["Thực hiện chức năng, nhiệm vụ chuyên môn được giao"],
    ),
    BeforeValidator(clean_text),
    # A title is a cell of the scoring table, which may hold line breaks (Alt+Enter in Excel).
    MULTI_LINE,
]
Points = Annotated[
    Decimal,
    Field(
        ge=0,
        le=MAX_POINTS_CENTI // 100,
        decimal_places=2,
        allow_inf_nan=False,
        examples=[10],
        description="The item's maximum: at least 0, at most 2 decimals.",
    ),
]


class CriterionIn(BaseModel):
    """A group (with `children`; no `max_points`, no `kind`) or an item (no children; both required)."""

    model_config = ConfigDict(extra="forbid")

    code: Code
    title: Title
    max_points: Points | None = None
    kind: Kind | None = Field(
        default=None,
        description="Items only: `standard` counts toward `max_total`, `bonus` adds, `penalty` subtracts.",
    )
    required: bool | None = Field(
        default=None,
        description="Items only: a sheet is submitted only when every required item is scored. Default true.",
    )
    children: list[CriterionIn] | None = Field(default=None, max_length=MAX_NODES)


class CriteriaPut(BaseModel):
    """The whole tree: it replaces the campaign's criteria."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "criteria": [
                        {
                            "code": "1",
                            "title": "Thực hiện nhiệm vụ chuyên môn",
                            "children": [
                                {
                                    "code": "1.1",
                                    "title": "Hoàn thành kế hoạch công tác năm",
                                    "max_points": 10,
                                    "kind": "standard",
                                },
                                {
                                    "code": "1.2",
                                    "title": "Sáng kiến được công nhận",
                                    "max_points": 5,
                                    "kind": "bonus",
                                    "required": False,
                                },
                            ],
                        }
                    ]
                }
            ]
        },
    )

    criteria: list[CriterionIn] = Field(max_length=MAX_NODES)


class CriterionItemRead(BaseModel):
    code: str
    title: str
    max_points: float
    kind: str = Field(description="standard | bonus | penalty (more may come).")
    required: bool


class CriterionGroupRead(BaseModel):
    code: str
    title: str
    children: list[CriterionGroupRead | CriterionItemRead]


class CriteriaRead(BaseModel):
    campaign_id: str
    criteria: list[CriterionGroupRead | CriterionItemRead] = Field(
        description="Top-level groups and items, in order."
    )
    max_total: float = Field(description="The sum of the standard items' `max_points`.")
    locked: bool = Field(
        description="True once a score sheet of the campaign has been submitted: the tree can no longer "
        "be replaced."
    )
