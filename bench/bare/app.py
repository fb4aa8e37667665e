"""The bare stack: what a ballot cast and an authenticated read cost with nothing of the product's own.

    THIDUA_DATABASE_URL=... THIDUA_JWT_SECRET=... uvicorn bench.bare.app:app --workers N

- ``POST /bare/votes/{round_id}``: verify the bearer JWT with python-jose (HS256, the product's secret,
  issuer and audience, the same required claims), insert one row under a unique (round, voter)
  constraint with SQLAlchemy and commit; 201, or 409 when the voter already has a row in that round.
- ``GET /bare/items/{item_id}``: verify the JWT the same way and select one row by id; 200 or 404.

The engine comes from ``app.core.db.make_engine``: the same database, pool sizes and durability as the
product (SQLite: WAL, ``synchronous=FULL``, ``BEGIN IMMEDIATE`` for writes and a deferred ``BEGIN`` for
reads; PostgreSQL: the server's defaults). Nothing else of the product runs here: no middleware, no
principal lookup, no audit trail, no events.
"""

from __future__ import annotations

import os
import uuid
from typing import Any

from fastapi import FastAPI, Header, HTTPException, Response
from jose import JWTError, jwt
from pydantic import BaseModel
from sqlalchemy import Column, MetaData, String, Table, UniqueConstraint, insert, select
from sqlalchemy.exc import IntegrityError

from app.core.db import READ_ONLY, make_engine

DEV_SECRET = "development-only-secret-change-me-please"  # the product's default (app.core.config)

metadata = MetaData()
VOTES = Table(
    "bench_bare_votes",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("round_id", String(64), nullable=False),
    Column("voter_id", String(64), nullable=False),
    Column("choice", String(64), nullable=False),
    UniqueConstraint("round_id", "voter_id"),
)
ITEMS = Table(
    "bench_bare_items",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("status", String(16), nullable=False),
)

SECRET = os.environ.get("THIDUA_JWT_SECRET", DEV_SECRET)
ISSUER = os.environ.get("THIDUA_JWT_ISSUER", "thidua")
AUDIENCE = os.environ.get("THIDUA_JWT_AUDIENCE", "thidua-api")
OPTIONS = {"require_exp": True, "require_iat": True, "require_jti": True, "require_sub": True}

engine = make_engine(os.environ.get("THIDUA_DATABASE_URL", "sqlite:///./data/bench-bare.db"))
app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)


class VoteIn(BaseModel):
    choices: list[str]


def _subject(authorization: str | None) -> str:
    if authorization is None or not authorization.lower().startswith("bearer "):
        raise HTTPException(401)
    try:
        claims: dict[str, Any] = jwt.decode(
            authorization[7:], SECRET, algorithms=["HS256"], audience=AUDIENCE, issuer=ISSUER, options=OPTIONS
        )
    except JWTError as exc:
        raise HTTPException(401) from exc
    return str(claims["sub"])


@app.get("/readyz")
def readyz() -> dict[str, str]:
    return {"status": "ok"}


@app.post("/bare/votes/{round_id}", status_code=201)
def cast(round_id: str, body: VoteIn, authorization: str | None = Header(default=None)) -> dict[str, str]:
    voter = _subject(authorization)
    row_id = str(uuid.uuid4())
    try:
        with engine.begin() as conn:
            conn.execute(
                insert(VOTES).values(
                    id=row_id,
                    round_id=round_id,
                    voter_id=voter,
                    choice=body.choices[0] if body.choices else "",
                )
            )
    except IntegrityError as exc:
        raise HTTPException(409, "already voted") from exc
    return {"id": row_id}


@app.get("/bare/items/{item_id}")
def read(
    item_id: str, response: Response, authorization: str | None = Header(default=None)
) -> dict[str, str]:
    _subject(authorization)
    with engine.connect().execution_options(**{READ_ONLY: True}) as conn, conn.begin():
        row = conn.execute(select(ITEMS).where(ITEMS.c.id == item_id)).one_or_none()
    if row is None:
        raise HTTPException(404)
    return {"id": row.id, "name": row.name, "status": row.status}
