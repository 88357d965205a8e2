"""What orders answers when catalog or membership refused a call: their 4xx passed on, a 503 problem
they send for "try again" (a transaction their database undid, nothing kept; flash stock being rebuilt)
passed on with its ``Retry-After``, anything else a 502."""

from __future__ import annotations

import httpx

from services.orders.clients import Clients


def test_a_try_again_is_passed_on_with_its_retry_after():
    answer = httpx.Response(503, headers={"Retry-After": "2"},
                            json={"code": "service_unavailable", "detail": "send it again"})
    problem = Clients._relay_problem(answer, "catalog")
    assert (problem.status, problem.code, problem.headers) == (503, "service_unavailable", {"Retry-After": "2"})
    # Catalog's flash counters being rebuilt as the rush begins: the buyer is told to try again, not that a
    # service broke.
    rebuilding = Clients._relay_problem(httpx.Response(503, headers={"Retry-After": "1"}, json={
        "code": "stock_unavailable", "detail": "Flash stock is being rebuilt; try again"}), "catalog")
    assert (rebuilding.status, rebuilding.code, rebuilding.detail, rebuilding.headers) == (
        503, "service_unavailable", "Flash stock is being rebuilt; try again", {"Retry-After": "1"})


def test_a_callers_mistake_is_passed_on_and_a_failure_is_a_bad_gateway():
    refused = Clients._relay_problem(httpx.Response(409, json={"code": "sold_out", "detail": "none left"}), "catalog")
    assert (refused.status, refused.code) == (409, "sold_out")
    failed = Clients._relay_problem(httpx.Response(500, json={"code": "internal_error"}), "catalog")
    assert (failed.status, failed.code) == (502, "bad_gateway")
    unready = Clients._relay_problem(httpx.Response(503, text="no body"), "catalog")
    assert (unready.status, unready.code) == (502, "bad_gateway")
