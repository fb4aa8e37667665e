"""A hash made at another argon2 cost (before the cost was changed) is replaced at the next successful
login, with a hash at the configured cost: the account keeps working, its version (ETag) stays, and it
answers again in the time an unknown name does. Through HTTP, on both databases."""

from __future__ import annotations

from argon2 import PasswordHasher, Type
from sqlalchemy import update

from app.models import ServiceClient, User

TOKEN = "/api/v1/auth/token"
# Another cost than the tests' (tests.support.settings): the hash of a deployment before a change.
OLD = PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1, type=Type.ID)


def _stored(session_factory, model, row_id: str) -> tuple[str, int]:
    with session_factory() as s:
        row = s.get(model, row_id)
        assert row is not None
        return (row.password_hash if model is User else row.secret_hash), row.version


def test_a_login_replaces_a_hash_of_another_cost(client, make_user, session_factory, passwords):
    user = make_user("observer")
    with session_factory() as s:
        s.execute(update(User).where(User.id == user["id"]).values(password_hash=OLD.hash(user["password"])))
        s.commit()
    old_hash, version = _stored(session_factory, User, user["id"])
    assert "m=2048,t=2" in old_hash

    data = {"grant_type": "password", "username": user["username"], "password": user["password"]}
    assert client.post(TOKEN, data=data).status_code == 200
    new_hash, new_version = _stored(session_factory, User, user["id"])
    assert new_hash != old_hash and passwords.upgraded(new_hash, user["password"]) is None
    assert new_version == version
    assert client.post(TOKEN, data=data).status_code == 200
    assert _stored(session_factory, User, user["id"]) == (new_hash, version)  # replaced once


def test_a_client_credentials_grant_replaces_a_secret_hash_of_another_cost(
    client, make_service_client, session_factory, passwords
):
    created = make_service_client(["results:read"])
    with session_factory() as s:
        s.execute(
            update(ServiceClient)
            .where(ServiceClient.id == created["id"])
            .values(secret_hash=OLD.hash(created["client_secret"]))
        )
        s.commit()
    old_hash, version = _stored(session_factory, ServiceClient, created["id"])

    data = {
        "grant_type": "client_credentials",
        "client_id": created["client_id"],
        "client_secret": created["client_secret"],
    }
    assert client.post(TOKEN, data=data).status_code == 200
    new_hash, new_version = _stored(session_factory, ServiceClient, created["id"])
    assert new_hash != old_hash and passwords.upgraded(new_hash, created["client_secret"]) is None
    assert new_version == version
    assert client.post(TOKEN, data=data).status_code == 200
