"""The credentials file, problem documents as one line, paging to the end, CSV exports (no gateway)."""

from __future__ import annotations

import csv
import json
import stat
from http import HTTPStatus

import httpx
import pytest
from groupbuy_client.models import Funnel, StageCount
from groupbuy_client.types import UNSET, Response

from ops.errors import ApiError, OpsError
from ops.exports import FUNNEL_COLUMNS, funnel_rows, write_csv
from ops.session import Credentials, Session, expect, send


def answer(status: int, body: object = None, parsed: object = None) -> Response:
    content = b"" if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
    return Response(status_code=HTTPStatus(status), content=content, headers={}, parsed=parsed)


def test_credentials_are_written_whole_for_the_owner_only(tmp_path):
    path = tmp_path / "deep" / "credentials.json"
    Credentials(url="http://gw", access_token="a", refresh_token="r", user_id=7).save(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    path.chmod(0o644)  # even over a file someone loosened
    Credentials(url="http://gw", access_token="b").save(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert Credentials.load(path) == Credentials(url="http://gw", access_token="b")
    assert [p.name for p in path.parent.iterdir()] == ["credentials.json"]  # no scratch file left behind


def test_missing_or_broken_credentials_say_what_to_do(tmp_path):
    with pytest.raises(OpsError, match="not logged in"):
        Credentials.load(tmp_path / "none.json")
    (tmp_path / "broken.json").write_text("{")
    with pytest.raises(OpsError, match="login again"):
        Credentials.load(tmp_path / "broken.json")


def test_a_problem_document_is_one_line_with_code_detail_fields_and_request_id():
    problem = ApiError.from_response(answer(422, {
        "type": "about:blank", "title": "Unprocessable", "status": 422, "code": "validation_failed",
        "detail": "Some fields\nare wrong", "request_id": "abc",
        "errors": [{"field": "body.reason", "message": "too long", "type": "x"}]}))
    assert (problem.status, problem.code) == (422, "validation_failed")
    assert str(problem) == "error 422 validation_failed: Some fields are wrong (body.reason: too long) [request abc]"


def test_an_answer_that_is_not_a_problem_document_still_gives_one_line():
    assert str(ApiError.from_response(answer(502, b"<html>\nBad gateway\n</html>"))) == \
        "error 502: <html> Bad gateway </html>"
    assert str(ApiError.from_response(answer(503, b""))) == "error 503: Service Unavailable"


def test_only_2xx_answers_are_results():
    assert expect("http://gw", answer(200, {"x": 1}, parsed="ok")) == "ok"
    with pytest.raises(ApiError, match="error 404 not_found"):
        expect("http://gw", answer(404, {"code": "not_found", "detail": "no", "status": 404}))


def test_transport_failures_and_unknown_shapes_are_ops_errors_not_tracebacks():
    def refused():
        raise httpx.ConnectError("[Errno 111] Connection refused")

    def unknown():
        raise KeyError("items")

    with pytest.raises(OpsError, match="cannot reach the gateway at http://gw"):
        send("http://gw", refused)
    with pytest.raises(OpsError, match="shape this client does not know"):
        send("http://gw", unknown)


class Page:
    def __init__(self, items, next_cursor):
        self.items, self.next_cursor = items, next_cursor


def test_pages_follow_the_cursor_to_the_end(tmp_path):
    book = {UNSET: Page([1, 2], "c1"), "c1": Page([3], "c2"), "c2": Page([4], None)}
    asked = []

    def listing(*, client, limit, cursor, status):
        asked.append((cursor, status, limit))
        return answer(200, {}, parsed=book[cursor])

    session = Session(tmp_path / "c.json", Credentials(url="http://gw", access_token="t"))
    assert list(session.pages(listing, status="open")) == [1, 2, 3, 4]
    assert asked == [(UNSET, "open", 100), ("c1", "open", 100), ("c2", "open", 100)]


def test_a_cursor_seen_before_ends_the_listing_instead_of_looping(tmp_path):
    session = Session(tmp_path / "c.json", Credentials(url="http://gw", access_token="t"))
    listing = lambda *, client, limit, cursor: answer(200, {}, parsed=Page([cursor], "again"))  # noqa: E731
    assert list(session.pages(listing)) == [UNSET, "again"]


def test_a_401_refreshes_once_and_retries_with_the_new_token(tmp_path, monkeypatch):
    from groupbuy_client.api.auth import auth_refresh
    from groupbuy_client.models import TokenPair

    tokens = TokenPair.from_dict({"access_token": "new", "expires_in": 900, "refresh_token": "r2",
                                  "refresh_expires_in": 9000, "user": {
                                      "id": 7, "nickname": "", "roles": ["ops"], "level": "customer",
                                      "created_at": "2026-01-01T00:00:00Z"}})
    unused = {"r1"}

    def refresh(*, client, body):
        assert "Authorization" not in client.get_httpx_client().headers  # a stale token would be refused
        if body.refresh_token not in unused:
            return answer(401, {"code": "refresh_token_reused"})
        unused.discard(body.refresh_token)
        return answer(200, {}, parsed=tokens)

    monkeypatch.setattr(auth_refresh, "sync_detailed", refresh)
    path = tmp_path / "c.json"
    session = Session(path, Credentials(url="http://gw", access_token="old", refresh_token="r1"))
    seen = []

    def me(*, client):
        seen.append(client.token)
        return answer(200, {}, parsed="me") if client.token == "new" else answer(401, {"code": "token_expired"})

    assert session.call(me) == "me" and seen == ["old", "new"]
    assert Credentials.load(path) == Credentials(url="http://gw", access_token="new", refresh_token="r2", user_id=7)
    used = Credentials(url="http://gw", access_token="stale", refresh_token="r1")  # r1 was used already
    used.save(path)
    session = Session(path, used)
    with pytest.raises(OpsError, match=r"session has ended \(refresh_token_reused\): run groupbuy-ops login again"):
        session.call(lambda *, client: answer(401, {"code": "token_expired"}))


def test_the_funnel_is_one_row_per_stage_then_the_total_and_written_with_a_header(tmp_path):
    funnel = Funnel(community_id=None, total=3, stages=[StageCount("onlooker", 1), StageCount("buyer", 2)])
    out = tmp_path / "funnel.csv"
    assert write_csv(out, FUNNEL_COLUMNS, funnel_rows(funnel)) == 3
    assert list(csv.reader(out.open(newline=""))) == [["community_id", "stage", "count"], ["", "onlooker", "1"],
                                                       ["", "buyer", "2"], ["", "total", "3"]]


def test_an_export_that_fails_half_way_leaves_no_file(tmp_path):
    def rows():
        yield (1, 2)
        raise OpsError("error 503 service_unavailable: referrals is down")

    with pytest.raises(OpsError):
        write_csv(tmp_path / "out.csv", ("a", "b"), rows())
    assert list(tmp_path.iterdir()) == []


def test_a_refresh_another_run_made_meanwhile_is_used_not_repeated(tmp_path, monkeypatch):
    from groupbuy_client.api.auth import auth_refresh

    monkeypatch.setattr(auth_refresh, "sync_detailed", lambda **_: pytest.fail("refreshed twice"))
    path = tmp_path / "c.json"
    session = Session(path, Credentials(url="http://gw", access_token="old", refresh_token="r1"))
    Credentials(url="http://gw", access_token="theirs", refresh_token="r2", user_id=7).save(path)  # the other run
    me = lambda *, client: answer(200, {}, parsed="me") if client.token == "theirs" else answer(401, {})  # noqa: E731
    assert session.call(me) == "me" and session.credentials.refresh_token == "r2"
