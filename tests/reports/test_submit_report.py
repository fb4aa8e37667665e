"""``thidua submit-report``: a unit's script submitting its report to real servers (uvicorn), surviving a
server crashed at each moment of the submission, on SQLite and PostgreSQL; and the client's rules
(idempotency key, retries, exit codes) on their own."""

from __future__ import annotations

import contextlib
import io
import json
import re
import socket
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from app.cli import cli
from app.core.config import Settings
from app.models import AuditEvent, Report
from app.reports import client as report_client
from app.reports.client import ReportClient, RetryPolicy, Submission

LINE = re.compile(r"^submitted (annual|mid-year) report version (\d+) \(id ([0-9a-f-]{36})\)")

REPORT = {
    "title": "Báo cáo tổng kết công tác thi đua năm 2016",
    "sections": [
        {"heading": "I. Kết quả", "body": "Hoàn thành 100% nhiệm vụ."},
        {"heading": "II. Phương hướng", "body": "Tiếp tục phát huy."},
    ],
    "metrics": {"documents_issued": 152, "completion_rate": 98.5},
}


# ---- a bloc, a campaign and the unit's service client ------------------------------------------------


@pytest.fixture
def report_file(tmp_path: Path) -> Path:
    """The usual report (``REPORT``) as a JSON file."""
    return write(tmp_path, REPORT)


@pytest.fixture
def server_url(live_server: Any) -> str:
    """The base URL of a live server started for the test."""
    return str(live_server().url)


@pytest.fixture
def unit_client(
    make_bloc: Callable[..., dict[str, Any]],
    make_campaign: Callable[..., dict[str, Any]],
    make_service_client: Callable[..., dict[str, Any]],
) -> dict[str, Any]:
    """Unit C of a 2016 bloc, its campaign, and C's ``reports:write`` client (``env`` for the script)."""
    bloc = make_bloc(4, year=2016)
    unit = bloc["unit_ids"][2]
    campaign = make_campaign(bloc)
    sc = make_service_client(["reports:write"], unit)
    return {
        "unit_id": unit,
        "other_unit_id": bloc["unit_ids"][3],
        "campaign_id": campaign["id"],
        "env": {"THIDUA_CLIENT_ID": sc["client_id"], "THIDUA_CLIENT_SECRET": sc["client_secret"]},
    }


def write(tmp_path: Path, content: dict[str, Any], name: str = "report.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    return path


class Captured(io.StringIO):
    """stderr of a run; ``retrying`` is set once the client is in its retry loop."""

    def __init__(self) -> None:
        super().__init__()
        self.retrying = threading.Event()

    def write(self, s: str) -> int:
        if "retrying in" in s:
            self.retrying.set()
        return super().write(s)


def submit(
    uc: dict[str, Any],
    file: Path,
    base_url: str | Callable[[], str],
    *,
    kind: str | None = None,
    unit_id: str | None = None,
    err: Captured | None = None,
    **options: Any,
) -> tuple[int, str, str]:
    out, err = io.StringIO(), err or Captured()
    code = report_client.run(
        file,
        campaign_id=uc["campaign_id"],
        unit_id=unit_id or uc["unit_id"],
        kind=kind,
        base_url=base_url,
        env=uc["env"],
        out=out,
        err=err,
        **options,
    )
    return code, out.getvalue(), err.getvalue()


def stored(session_factory: Any) -> list[tuple[str, str, int]]:
    with session_factory() as s:
        rows = s.scalars(select(Report).order_by(Report.submitted_at, Report.id))
        return [(r.id, r.kind, r.version) for r in rows]


def audited(session_factory: Any) -> int:
    with session_factory() as s:
        return int(s.scalar(select(func.count()).where(AuditEvent.action == "report.submit")) or 0)


def printed(out: str) -> tuple[str, str, int]:
    match = LINE.match(out)
    assert match, out
    kind, version, report_id = match.groups()
    return report_id, kind.replace("-", "_"), int(version)


# ---- a proxy that crashes the server at a chosen moment ----------------------------------------------


def _close(*socks: socket.socket) -> None:
    for s in socks:
        with contextlib.suppress(OSError):
            s.shutdown(socket.SHUT_RDWR)
        s.close()


def _whole_request(conn: socket.socket, first: bytes) -> bytes:
    """The rest of an HTTP/1.1 request whose first bytes are ``first`` (headers and Content-Length body)."""
    data = first
    while b"\r\n\r\n" not in data:
        more = conn.recv(65536)
        if not more:
            return data
        data += more
    head, _, body = data.partition(b"\r\n\r\n")
    match = re.search(rb"(?im)^content-length:\s*(\d+)", head)
    length = int(match.group(1)) if match else 0
    while len(body) < length:
        more = conn.recv(65536)
        if not more:
            break
        body += more
    return head + b"\r\n\r\n" + body


class CrashingProxy:
    """Listens on one port and forwards to the current server. Armed with a moment, it crashes that
    server (``crash()``) once, during the first report submission that passes through:

    - ``before``: the request has reached the proxy, not the server;
    - ``during``: the whole request has been handed to the server, which is killed at once;
    - ``after``: the server has answered (so it has committed), but the answer never reaches the client.

    The client then sees a dropped connection, like any network failure, and retries."""

    def __init__(self, upstream: str) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.upstream: str | None = upstream
        self.moment: str | None = None
        self._crash: Callable[[], None] | None = None
        self.crashed = threading.Event()
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def arm(self, moment: str, crash: Callable[[], None]) -> None:
        self.moment, self._crash = moment, crash

    def close(self) -> None:
        self.listener.close()

    def _fire(self) -> bool:
        with self._lock:
            if self._crash is None or self.crashed.is_set():
                return False
            self.crashed.set()
        self._crash()
        return True

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        upstream = self.upstream
        if upstream is None:  # the server is down: drop the connection
            _close(conn)
            return
        host, port = upstream.removeprefix("http://").split(":")
        try:
            server = socket.create_connection((host, int(port)), timeout=5)
        except OSError:
            _close(conn)
            return
        server.settimeout(None)
        report_sent = threading.Event()

        def answers() -> None:
            try:
                while chunk := server.recv(65536):
                    if report_sent.is_set() and self.moment == "after" and self._fire():
                        return  # committed and answered; the answer is lost with the server
                    conn.sendall(chunk)
            except OSError:
                pass
            finally:
                _close(conn, server)

        threading.Thread(target=answers, daemon=True).start()
        try:
            while chunk := conn.recv(65536):
                if chunk.startswith(b"POST /api/v1/campaigns/") and not self.crashed.is_set():
                    request = _whole_request(conn, chunk)
                    if self.moment == "before" and self._fire():
                        return
                    server.sendall(request)
                    if self.moment == "during" and self._fire():
                        return
                    report_sent.set()
                    continue
                server.sendall(chunk)
        except OSError:
            pass
        finally:
            _close(conn, server)


# ---- against real servers ----------------------------------------------------------------------------

# A crashed request's idempotency claim is taken over after this lease (default 60 s).
LIVE_ENV = {"THIDUA_IDEMPOTENCY_LEASE_SECONDS": "1"}
# A new server process takes a few seconds to start; on a loaded machine, longer. The default policy
# (8 tries, about 30 s) is for production; the crash tests leave the replacement more time.
PATIENT = RetryPolicy(tries=15, max_delay=4.0, max_wait=120.0)


@pytest.mark.live
@pytest.mark.parametrize("moment", ["before", "during", "after"])
def test_a_crashed_server_never_yields_two_versions(
    moment: str, unit_client: dict[str, Any], live_server: Any, session_factory: Any, tmp_path: Path
) -> None:
    first = live_server(**LIVE_ENV)
    proxy = CrashingProxy(first.url)
    restarted: list[Any] = []

    def crash() -> None:
        first.kill()
        proxy.upstream = None

        def restart() -> None:  # a new process on the same database, behind the same address
            restarted.append(live_server(**LIVE_ENV))
            proxy.upstream = restarted[0].url

        threading.Thread(target=restart, daemon=True).start()

    proxy.arm(moment, crash)
    try:
        code, out, err = submit(unit_client, write(tmp_path, REPORT), proxy.url, policy=PATIENT)
    finally:
        proxy.close()
    assert proxy.crashed.is_set() and restarted, err
    assert code == 0, err
    assert "retrying in" in err
    assert out.count("\n") == 1
    assert "already been submitted" not in out  # this run made it, whichever try was stored
    assert stored(session_factory) == [printed(out)]
    assert printed(out)[1:] == ("annual", 1)
    assert audited(session_factory) == 1
    if moment == "after":
        assert "its answer was replayed" in err


@pytest.mark.live
def test_the_script_waits_for_a_server_that_comes_back_elsewhere(
    unit_client: dict[str, Any], live_server: Any, session_factory: Any, tmp_path: Path
) -> None:
    """The server is down when the script starts; a new one comes up on another port. The base URL is
    read before every request, so the script finds it."""
    down = live_server()
    base = {"url": down.url}
    down.kill()
    err = Captured()
    result: list[tuple[int, str, str]] = []
    worker = threading.Thread(
        target=lambda: result.append(
            submit(unit_client, write(tmp_path, REPORT), lambda: base["url"], err=err, policy=PATIENT)
        )
    )
    worker.start()
    assert err.retrying.wait(30), err.getvalue()
    assert stored(session_factory) == []
    base["url"] = live_server().url
    worker.join(timeout=120)
    ((code, out, log),) = result
    assert code == 0, log
    assert stored(session_factory) == [printed(out)] and printed(out)[2] == 1


@pytest.mark.live
def test_resubmitting_replays_and_a_changed_file_makes_a_new_version(
    unit_client: dict[str, Any], server_url: str, report_file: Path, session_factory: Any, tmp_path: Path
) -> None:
    url, path = server_url, report_file
    code, out, err = submit(unit_client, path, url)
    assert code == 0, err
    first = printed(out)
    assert out == f"submitted annual report version 1 (id {first[0]})\n"

    # The same file again (a cron job run twice): the first submission is replayed, no new version.
    code, again, err = submit(unit_client, path, url)
    assert code == 0, err
    assert printed(again) == first
    assert again.rstrip("\n").endswith("no new version was made")
    # Key order and formatting of the file do not matter: the content is the same.
    reordered = tmp_path / "reordered.json"
    reordered.write_text(json.dumps(dict(reversed(REPORT.items())), indent=4, ensure_ascii=False))
    assert printed(submit(unit_client, reordered, url)[1]) == first
    assert stored(session_factory) == [first]

    # A changed file is another submission: version 2.
    changed = write(tmp_path, {**REPORT, "metrics": {"documents_issued": 153}}, "changed.json")
    code, out, err = submit(unit_client, changed, url)
    assert code == 0, err
    second = printed(out)
    assert second[1:] == ("annual", 2) and "already" not in out
    # --kind overrides: the same file as a mid-year report is a new report (its own version 1).
    code, out, err = submit(unit_client, path, url, kind="mid_year")
    assert code == 0, err
    mid = printed(out)
    assert mid[1:] == ("mid_year", 1)
    assert out.startswith("submitted mid-year report version 1")
    assert stored(session_factory) == [first, second, mid]
    assert audited(session_factory) == 3


@pytest.mark.live
def test_a_yaml_file_and_its_kind(
    unit_client: dict[str, Any], live_server: Any, session_factory: Any, tmp_path: Path
) -> None:
    url = live_server().url
    path = tmp_path / "so-ket.yaml"
    path.write_text(
        "kind: mid_year\n"
        "title: Báo cáo sơ kết 6 tháng đầu năm 2016\n"
        "sections:\n"
        "  - heading: I. Kết quả\n"
        "    body: |\n"
        "      Đến 2016-06-30, hoàn thành kế hoạch.\n"
        "  - heading: Ngày báo cáo\n"
        "    body: 2016-07-05\n"  # YAML reads a date; it is sent as text
        "metrics:\n"
        "  completion_rate: 51.5\n",
        encoding="utf-8",
    )
    code, out, err = submit(unit_client, path, url)
    assert code == 0, err
    report_id, kind, version = printed(out)
    assert (kind, version) == ("mid_year", 1)
    with session_factory() as s:
        report = s.get(Report, report_id)
        assert report.sections[1] == {"heading": "Ngày báo cáo", "body": "2016-07-05"}
        assert report.metrics == {"completion_rate": 51.5}
    code, out, err = submit(unit_client, path, url, kind="annual")
    assert code == 0 and printed(out)[1:] == ("annual", 1)


@pytest.mark.live
def test_refusals_exit_1_with_one_line(
    unit_client: dict[str, Any], server_url: str, report_file: Path, session_factory: Any, tmp_path: Path
) -> None:
    url, path = server_url, report_file
    # Another unit's report: the client is bound to its own unit.
    code, out, err = submit(unit_client, path, url, unit_id=unit_client["other_unit_id"])
    assert (code, out) == (1, "")
    assert err.count("\n") == 1
    assert err.startswith("error: refused: HTTP 403 forbidden: Only an officer of the unit")
    # A limit broken: the field is named.
    long_title = write(tmp_path, {**REPORT, "title": "t" * 301}, "long.json")
    code, out, err = submit(unit_client, long_title, url)
    assert (code, out) == (1, "")
    assert err.startswith("error: refused: HTTP 422 validation_error") and "[title: " in err
    assert err.count("\n") == 1
    # Wrong credentials.
    bad = {**unit_client, "env": {**unit_client["env"], "THIDUA_CLIENT_SECRET": "wrong"}}
    code, out, err = submit(bad, path, url)
    assert (code, out) == (1, "")
    assert err.startswith("error: could not obtain a token (HTTP 401 invalid_client")
    assert stored(session_factory) == []


@pytest.mark.live
def test_a_refused_token_is_renewed_once(
    unit_client: dict[str, Any], live_server: Any, session_factory: Any, tmp_path: Path
) -> None:
    url = live_server().url
    logs: list[str] = []
    client = ReportClient(
        base_url=url,
        client_id=unit_client["env"]["THIDUA_CLIENT_ID"],
        client_secret=unit_client["env"]["THIDUA_CLIENT_SECRET"],
        token="expired-or-revoked",
        log=logs.append,
    )
    submission = Submission.of(REPORT, campaign_id=unit_client["campaign_id"], unit_id=unit_client["unit_id"])
    result = client.submit(submission)
    assert (result.version, logs) == (1, ["the token was refused; obtaining a new one"])
    assert client.token not in (None, "expired-or-revoked")
    assert stored(session_factory) == [(result.id, "annual", 1)]


@pytest.mark.live
def test_the_command_line(
    unit_client: dict[str, Any], live_server: Any, session_factory: Any, tmp_path: Path
) -> None:
    url = live_server().url
    args = [
        "submit-report",
        str(write(tmp_path, REPORT)),
        "--campaign",
        unit_client["campaign_id"],
        "--unit",
        unit_client["unit_id"],
        "--base-url",
        url,
    ]
    runner = CliRunner()
    result = runner.invoke(cli, args, env=unit_client["env"])
    assert result.exit_code == 0, result.output
    assert printed(result.stdout) == stored(session_factory)[0]
    result = runner.invoke(cli, [*args, "--kind", "mid_year"], env=unit_client["env"])
    assert result.exit_code == 0 and result.stdout.startswith("submitted mid-year report version 1")
    refused = runner.invoke(cli, [*args[:5], unit_client["other_unit_id"], *args[6:]], env=unit_client["env"])
    assert refused.exit_code == 1 and "HTTP 403 forbidden" in refused.stderr
    missing = runner.invoke(cli, args, env={"THIDUA_CLIENT_ID": "", "THIDUA_CLIENT_SECRET": ""})
    assert missing.exit_code == 2
    assert (
        missing.stderr == "error: set THIDUA_CLIENT_ID and THIDUA_CLIENT_SECRET (the unit's service client)\n"
    )


# ---- the client's rules, without a server --------------------------------------------------------------


def _env() -> dict[str, str]:
    return {"THIDUA_CLIENT_ID": "tdc_x", "THIDUA_CLIENT_SECRET": "s"}


def _run(file: Path, transport: httpx.BaseTransport | None = None, **options: Any) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = report_client.run(
        file,
        campaign_id="camp",
        unit_id="unit",
        kind=None,
        base_url="http://thidua.invalid",
        env=options.pop("env", _env()),
        out=out,
        err=err,
        transport=transport,
        **options,
    )
    return code, out.getvalue(), err.getvalue()


def test_the_idempotency_key_is_the_content_not_its_spelling() -> None:
    one = Submission.of(
        {"title": "T", "sections": [{"heading": "H", "body": "B"}]}, campaign_id="c", unit_id="u"
    )
    same = Submission.of(
        {"sections": [{"body": "B", "heading": "H"}], "title": "T"}, campaign_id="c", unit_id="u"
    )
    assert one.kind == "annual"
    assert one.idempotency_key() == same.idempotency_key()
    assert one.body() == same.body()
    assert re.fullmatch(r"[0-9a-f]{64}", one.idempotency_key())
    differs = [
        Submission.of(dict(one.content), campaign_id="c2", unit_id="u"),
        Submission.of(dict(one.content), campaign_id="c", unit_id="u2"),
        Submission.of(dict(one.content), campaign_id="c", unit_id="u", kind="mid_year"),
        Submission.of({**one.content, "title": "T2"}, campaign_id="c", unit_id="u"),
    ]
    assert len({one.idempotency_key(), *(s.idempotency_key() for s in differs)}) == 5
    # --kind overrides the file's kind.
    assert Submission.of({"kind": "mid_year"}, campaign_id="c", unit_id="u").kind == "mid_year"
    assert Submission.of({"kind": "mid_year"}, campaign_id="c", unit_id="u", kind="annual").kind == "annual"
    assert json.loads(one.body()) == {
        "kind": "annual",
        "sections": [{"body": "B", "heading": "H"}],
        "title": "T",
        "unit_id": "u",
    }


def test_backoff_doubles_is_capped_and_honours_retry_after() -> None:
    policy = RetryPolicy()
    assert [policy.delay(n) for n in range(1, 8)] == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0]
    assert policy.delay(1, rand=1.0) == 0.625  # at most 25% jitter
    assert policy.delay(1, retry_after=3) == 3.0
    assert policy.delay(5, retry_after=3) == 8.0


@pytest.mark.parametrize("rand", [0.0, 1.0])  # no jitter, and the most
def test_by_default_the_retries_outlast_a_dead_servers_idempotency_lease(tmp_path: Path, rand: float) -> None:
    """A server that died holding this submission's key answers 409 idempotency_in_flight (Retry-After: 1)
    until the key's lease runs out (THIDUA_IDEMPOTENCY_LEASE_SECONDS, 60 s by default); the command's
    default retries wait longer than that, so it completes instead of giving up (it gave up at ~35 s)."""
    lease = Settings(database_url="sqlite://").idempotency_lease_seconds
    clock = [0.0]

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/v1/auth/token":
            return httpx.Response(200, json={"access_token": "tok"})
        if clock[0] < lease:
            body = {"code": "idempotency_in_flight", "detail": "busy"}
            return httpx.Response(409, json=body, headers={"Retry-After": "1"})
        return _created()

    def sleep(seconds: float) -> None:
        clock[0] += seconds

    code, out, err = _run(
        write(tmp_path, REPORT), httpx.MockTransport(handler), sleep=sleep, rand=lambda: rand
    )
    assert code == 0, err
    assert out.startswith("submitted annual report version 1")
    assert lease <= clock[0] < 2 * lease


def _created(version: int = 1) -> httpx.Response:
    body = {"id": "00000000-0000-0000-0000-000000000001", "kind": "annual", "version": version, "late": False}
    return httpx.Response(201, json=body)


def test_network_errors_and_5xx_are_retried_with_the_same_key(tmp_path: Path) -> None:
    sent: list[httpx.Request] = []

    def connection_refused(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    answers: list[Callable[[httpx.Request], httpx.Response]] = [
        connection_refused,
        lambda r: httpx.Response(503, json={"code": "internal_error"}),
        lambda r: httpx.Response(
            409, json={"code": "idempotency_in_flight", "detail": "busy"}, headers={"Retry-After": "3"}
        ),
        lambda r: httpx.Response(429, headers={"Retry-After": "1"}),
        lambda r: _created(),
    ]

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/v1/auth/token":
            return httpx.Response(200, json={"access_token": "tok", "token_type": "bearer", "expires_in": 60})
        sent.append(request)
        return answers[len(sent) - 1](request)

    slept: list[float] = []
    code, out, err = _run(
        write(tmp_path, REPORT), httpx.MockTransport(handler), sleep=slept.append, rand=lambda: 0.0
    )
    assert code == 0, err
    assert out == "submitted annual report version 1 (id 00000000-0000-0000-0000-000000000001)\n"
    assert slept == [0.5, 1.0, 3.0, 4.0]
    assert len({r.headers["idempotency-key"] for r in sent}) == 1
    assert len({r.content for r in sent}) == 1
    assert all(r.headers["authorization"] == "Bearer tok" for r in sent)
    assert err.count("retrying in") == 4


def test_it_gives_up_after_the_tries_with_exit_3(tmp_path: Path) -> None:
    slept: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(502, text="bad gateway")

    code, out, err = _run(
        write(tmp_path, REPORT),
        httpx.MockTransport(handler),
        sleep=slept.append,
        rand=lambda: 0.0,
        policy=RetryPolicy(tries=4),
    )
    assert (code, out) == (3, "")
    assert slept == [0.5, 1.0, 2.0]
    assert err.splitlines()[-1].startswith("error: gave up after 4 attempt(s) and 3.5s of waiting: token")
    # And the total wait is bounded too.
    code, _out, err = _run(
        write(tmp_path, REPORT),
        httpx.MockTransport(handler),
        sleep=slept.append,
        rand=lambda: 0.0,
        policy=RetryPolicy(tries=100, max_wait=10),
    )
    assert code == 3 and "gave up after 5 attempt(s) and 7.5s" in err


def test_a_4xx_is_not_retried(tmp_path: Path) -> None:
    posts: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/v1/auth/token":
            return httpx.Response(200, json={"access_token": "tok"})
        posts.append(request)
        return httpx.Response(409, json={"code": "campaign_closed", "detail": "The campaign is closed."})

    code, out, err = _run(write(tmp_path, REPORT), httpx.MockTransport(handler), sleep=lambda _s: None)
    assert (code, out, len(posts)) == (1, "", 1)
    assert err == "error: refused: HTTP 409 campaign_closed: The campaign is closed.\n"


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("r.txt", "{}", "expected a .json, .yaml or .yml file"),
        ("r.json", "{not json", "not valid JSON"),
        ("r.yaml", "title: [unclosed", "not valid YAML"),
        ("r.json", "[1, 2]", "expected an object"),
        ("r.json", '{"title": "T", "unit_id": "x"}', "unknown field(s) unit_id"),
        ("r.yaml", "title: T\nmetrics: {rate: .nan}\n", "Out of range float values"),
    ],
)
def test_a_bad_file_exits_2(tmp_path: Path, name: str, text: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    code, out, err = _run(path)
    assert (code, out) == (2, "")
    assert err.startswith(f"error: {path}: ") and message in err and err.count("\n") == 1


def test_missing_credentials_or_file_exit_2(tmp_path: Path) -> None:
    code, _out, err = _run(write(tmp_path, REPORT), env={})
    assert code == 2 and "THIDUA_CLIENT_ID" in err
    code, _out, err = _run(tmp_path / "missing.json")
    assert code == 2 and "cannot read" in err
