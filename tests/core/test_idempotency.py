"""The generic Idempotency-Key mechanism, exercised on unit creation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, update

from app.models import IdempotencyRecord, ServiceClient, Unit


def _count_units(session_factory, code: str) -> int:
    with session_factory() as s:
        return s.scalar(select(func.count()).select_from(Unit).where(Unit.code == code))


def test_same_key_same_body_replays_the_first_response(client, admin_headers, session_factory):
    headers = {**admin_headers, "Idempotency-Key": "create-vp-1"}
    body = {"code": "VP", "name": "Văn phòng Bộ KH&CN"}
    first = client.post("/api/v1/units", headers=headers, json=body)
    assert first.status_code == 201
    again = client.post("/api/v1/units", headers=headers, json=body)
    assert again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert again.headers["etag"] == first.headers["etag"]
    assert _count_units(session_factory, "VP") == 1


def test_same_key_other_body_is_422_and_stores_nothing(client, admin_headers, session_factory):
    headers = {**admin_headers, "Idempotency-Key": "k-2"}
    assert client.post("/api/v1/units", headers=headers, json={"code": "A1", "name": "A"}).status_code == 201
    r = client.post("/api/v1/units", headers=headers, json={"code": "A2", "name": "B"})
    assert r.status_code == 422 and r.json()["code"] == "idempotency_key_reused"
    assert _count_units(session_factory, "A2") == 0


def test_key_in_flight_is_409_until_its_lease_expires(client, admin_headers, session_factory):
    headers = {**admin_headers, "Idempotency-Key": "k-3"}
    body = {"code": "A3", "name": "A"}
    first = client.post("/api/v1/units", headers=headers, json=body)
    # Pretend the first request is still running: put its record back in flight with a live lease.
    with session_factory() as s:
        s.execute(
            update(IdempotencyRecord).values(
                state="in_flight", locked_until=datetime.now(UTC) + timedelta(minutes=1)
            )
        )
        s.commit()
    busy = client.post("/api/v1/units", headers=headers, json=body)
    assert busy.status_code == 409 and busy.json()["code"] == "idempotency_in_flight"
    assert first.status_code == 201


def test_abandoned_claim_is_taken_over_after_its_lease(client, admin_headers, session_factory):
    from app.models.base import new_id, utcnow

    with session_factory() as s:  # a process died holding this key before doing anything
        me = client.get("/api/v1/auth/me", headers=admin_headers).json()
        now = utcnow()
        from app.core.idempotency import _request_hash

        s.add(
            IdempotencyRecord(
                id=new_id(),
                principal_id=f"user:{me['id']}",
                key="k-4",
                request_hash=_request_hash("POST", "/api/v1/units", b'{"code":"A4","name":"A"}'),
                state="in_flight",
                locked_until=now - timedelta(seconds=1),
                created_at=now,
                expires_at=now + timedelta(hours=24),
            )
        )
        s.commit()
    r = client.post(
        "/api/v1/units",
        headers={**admin_headers, "Idempotency-Key": "k-4", "Content-Type": "application/json"},
        content=b'{"code":"A4","name":"A"}',
    )
    assert r.status_code == 201
    assert _count_units(session_factory, "A4") == 1


def test_failed_request_releases_its_key(client, admin_headers, session_factory):
    headers = {**admin_headers, "Idempotency-Key": "k-5"}
    client.post("/api/v1/units", headers=admin_headers, json={"code": "DUP", "name": "A"})
    failed = client.post("/api/v1/units", headers=headers, json={"code": "DUP", "name": "A"})
    assert failed.status_code == 409
    with session_factory() as s:
        assert s.scalar(select(func.count()).select_from(IdempotencyRecord)) == 0
    # The client can fix the conflict elsewhere and retry with the same key.


def test_keys_are_scoped_to_the_principal(client, headers_for, session_factory):
    a, b = headers_for("admin"), headers_for("admin")
    r1 = client.post(
        "/api/v1/units", headers={**a, "Idempotency-Key": "shared"}, json={"code": "S1", "name": "A"}
    )
    r2 = client.post(
        "/api/v1/units", headers={**b, "Idempotency-Key": "shared"}, json={"code": "S2", "name": "B"}
    )
    assert r1.status_code == r2.status_code == 201
    assert r1.json()["id"] != r2.json()["id"]


def test_keys_are_kept_at_least_24_hours(client, admin_headers, session_factory):
    client.post(
        "/api/v1/units", headers={**admin_headers, "Idempotency-Key": "k-6"}, json={"code": "A6", "name": "A"}
    )
    with session_factory() as s:
        rec = s.scalars(select(IdempotencyRecord)).one()
        assert rec.state == "done"
        assert rec.expires_at - rec.created_at >= timedelta(hours=24)


def test_a_response_with_a_one_time_secret_is_never_stored_nor_replayed(
    client, admin_headers, session_factory
):
    headers = {**admin_headers, "Idempotency-Key": "new-client"}
    body = {"name": "Reporting script", "scopes": ["units:read"]}
    first = client.post("/api/v1/service-clients", headers=headers, json=body)
    assert first.status_code == 201
    secret = first.json()["client_secret"]
    with session_factory() as s:
        record = s.scalars(select(IdempotencyRecord)).one()
    assert record.state == "withheld" and record.response_body is None
    assert secret not in repr(record.response_headers)
    # The retry learns that the first request succeeded and where the client is, not the secret.
    again = client.post("/api/v1/service-clients", headers=headers, json=body)
    assert again.status_code == 409
    assert again.json()["code"] == "idempotency_secret_withheld"
    assert again.headers["location"] == first.headers["location"]
    assert secret not in again.text
    with session_factory() as s:
        assert s.scalar(select(func.count()).select_from(ServiceClient)) == 1


def test_other_stored_responses_are_encrypted(client, admin_headers, session_factory):
    headers = {**admin_headers, "Idempotency-Key": "sealed"}
    first = client.post("/api/v1/units", headers=headers, json={"code": "SEAL", "name": "Vụ Niêm phong"})
    assert first.status_code == 201
    with session_factory() as s:
        stored = s.scalars(select(IdempotencyRecord)).one().response_body
    assert b"SEAL" not in stored and first.json()["id"].encode() not in stored


def _create_unit_once(client, headers, code):
    headers = {**headers, "Idempotency-Key": f"replay-{code}"}
    body = {"code": code, "name": "Vụ " + code}
    assert client.post("/api/v1/units", headers=headers, json=body).status_code == 201
    return lambda: client.post("/api/v1/units", headers=headers, json=body)


def test_a_replay_after_logout_is_401_not_the_stored_response(client, headers_for):
    headers = headers_for("admin")
    replay = _create_unit_once(client, headers, "LOGOUT")
    assert replay().headers.get("idempotent-replayed") == "true"  # the key works while logged in
    assert client.post("/api/v1/auth/logout", headers=headers).status_code == 204
    r = replay()
    assert r.status_code == 401 and "idempotent-replayed" not in r.headers
    assert "LOGOUT" not in r.text


def test_a_replay_by_a_disabled_user_is_401(client, headers_for, admin_headers):
    headers = headers_for("admin")
    replay = _create_unit_once(client, headers, "DISABLED")
    me = client.get("/api/v1/auth/me", headers=headers).json()
    off = client.patch(f"/api/v1/users/{me['id']}", headers=admin_headers, json={"active": False})
    assert off.status_code == 200
    r = replay()
    assert r.status_code == 401 and "DISABLED" not in r.text


def test_a_replay_by_a_caller_who_lost_the_right_is_403(client, headers_for, admin_headers):
    headers = headers_for("admin")
    replay = _create_unit_once(client, headers, "DEMOTED")
    me = client.get("/api/v1/auth/me", headers=headers).json()
    demoted = client.patch(f"/api/v1/users/{me['id']}", headers=admin_headers, json={"roles": ["observer"]})
    assert demoted.status_code == 200
    r = replay()
    assert r.status_code == 403 and "DEMOTED" not in r.text
    assert "idempotent-replayed" not in r.headers


def test_a_refused_caller_claims_no_key(client, headers_for, session_factory):
    observer = {**headers_for("observer"), "Idempotency-Key": "not-mine"}
    r = client.post("/api/v1/units", headers=observer, json={"code": "NOPE", "name": "Vụ Không"})
    assert r.status_code == 403
    with session_factory() as s:
        assert s.scalar(select(func.count()).select_from(IdempotencyRecord)) == 0
