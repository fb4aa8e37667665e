"""Which secrets sign a delivery: the current one, and after a rotation the previous one until its
overlap ends, so a receiver can switch to the new secret without missing or refusing a delivery.

Standard Webhooks lets ``webhook-signature`` carry several signatures; a receiver accepts the delivery
when one of them is made with the secret it holds.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from app.models import WebhookEndpoint
from app.webhooks import secrets, signing


def signing_secrets(endpoint: WebhookEndpoint, now: datetime, *, master: str | None = None) -> list[str]:
    """The secrets that sign a delivery to ``endpoint`` at ``now``: the current one first, then the
    previous one while it overlaps. Raises ``secrets.SecretUnreadable`` when the service's key changed."""
    keys = [secrets.decrypt(endpoint.secret_encrypted, master=master)]
    expires = endpoint.previous_secret_expires_at
    if endpoint.previous_secret_encrypted is not None and expires is not None and expires > now:
        keys.append(secrets.decrypt(endpoint.previous_secret_encrypted, master=master))
    return keys


def rotate(
    endpoint: WebhookEndpoint, now: datetime, *, overlap_hours: float, master: str | None = None
) -> str:
    """Give ``endpoint`` a new secret (returned, to be shown once); the current one keeps signing beside it
    for ``overlap_hours`` (none when 0). A secret rotated out earlier stops signing now: there is one
    previous secret at most. ``master``: the service's JWT secret (the settings' by default)."""
    new = signing.new_secret()
    if overlap_hours > 0:
        endpoint.previous_secret_encrypted = endpoint.secret_encrypted
        endpoint.previous_secret_expires_at = now + timedelta(hours=overlap_hours)
    else:
        endpoint.previous_secret_encrypted = None
        endpoint.previous_secret_expires_at = None
    endpoint.secret_encrypted = secrets.encrypt(new, master=master)
    return new
