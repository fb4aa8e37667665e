"""Ballot receipts: a random code the delegate keeps, of which only a hash is stored.

A receipt proves that a ballot was counted and says nothing else: not what it chose, not who holds it.
It is 192 random bits (``secrets.token_urlsafe(24)``), so it is neither guessable nor ordered by time, and
an unsalted SHA-256 of it is safe to store (there is no dictionary to try). The code itself is shown
once, in the answer to the ballot, and never written anywhere by the server.
"""

from __future__ import annotations

import hashlib
import re
import secrets

RECEIPT_BYTES = 24  # 192 bits; the contract asks for at least 128
RECEIPT_LENGTH = 32  # characters of urlsafe base64 for 24 bytes, no padding
_RECEIPT_SHAPE = re.compile(rf"^[A-Za-z0-9_-]{{{RECEIPT_LENGTH}}}$")


def new_receipt() -> str:
    return secrets.token_urlsafe(RECEIPT_BYTES)


def receipt_hash(receipt: str) -> str:
    return hashlib.sha256(receipt.encode("ascii")).hexdigest()


def well_formed(receipt: str) -> bool:
    """Whether ``receipt`` could be one of ours; anything else is simply unknown (404)."""
    return bool(_RECEIPT_SHAPE.match(receipt))


def new_ballot_id() -> str:
    """A ballot's primary key: random, so neither its value nor the index order follows casting order."""
    return secrets.token_hex(16)
