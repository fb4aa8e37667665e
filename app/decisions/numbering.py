"""Taking a decision's number (and its certificates' numbers) from a register.

One statement, the same on SQLite and PostgreSQL::

    UPDATE decision_registers
       SET last_number = last_number + 1, last_certificate = last_certificate + :k
     WHERE id = :register
    RETURNING last_number, last_certificate

It runs inside the transaction that issues the decision. PostgreSQL locks the register's row until that
transaction ends, so a second issuer's UPDATE waits and then reads the first one's committed counter;
SQLite takes the database's write lock at ``BEGIN IMMEDIATE`` (``app.core.db``), so issuers run one after
the other. A transaction that fails after taking its number rolls the counter back with everything else:
the next issue takes the same number, and the register has no gap. The unique index on
``decisions (register_id, number)`` is the last word against a duplicate.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import update
from sqlalchemy.orm import Session

from app.models.base import table_of
from app.models.decision import DecisionRegister


@dataclass(frozen=True)
class Taken:
    number: int
    certificates: range  # the certificate numbers taken, in order (empty when none)


def take(session: Session, register_id: str, *, certificates: int = 0) -> Taken:
    table = table_of(DecisionRegister)
    row = session.execute(
        update(table)
        .where(table.c.id == register_id)
        .values(last_number=table.c.last_number + 1, last_certificate=table.c.last_certificate + certificates)
        .returning(table.c.last_number, table.c.last_certificate)
    ).one()
    number, last_certificate = int(row[0]), int(row[1])
    return Taken(number, range(last_certificate - certificates + 1, last_certificate + 1))
