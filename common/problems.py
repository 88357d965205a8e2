"""RFC 9457 problem details: every error of every part is ``application/problem+json``.

Each problem carries a stable machine-readable ``code`` and the ``request_id`` of the call.  Raise
``Problem`` (or one of its named helpers) from routes and services; validation errors, unknown routes
and unexpected exceptions are turned into problems here, so nothing ever answers with bare HTML or a
stack trace.

A 405 names in ``Allow`` every method the path answers to (RFC 9110 §15.5.6), gathered from all routes
of the path: Starlette's own header names only the first route it matched.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import iter_route_contexts
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import compile_path, get_route_path

from common.requestid import current_request_id

PROBLEM_MEDIA_TYPE = "application/problem+json"

log = logging.getLogger("groupbuy.problems")

_STATUS_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "rate_limited",
    500: "internal_error",
    502: "bad_gateway",
    503: "service_unavailable",
    504: "upstream_timeout",
}
FALLBACK_CODE = "error"  # a framework error of a status not named above


class ProblemDetail(BaseModel):
    """The body of every error response."""

    model_config = ConfigDict(extra="allow")

    type: str
    title: str
    status: int
    code: str
    detail: str | None = None
    instance: str | None = None
    request_id: str | None = None


class Problem(Exception):
    """An error the caller can act on, rendered as problem+json."""

    def __init__(self, status: int, code: str, detail: str | None = None, *, title: str | None = None,
                 headers: dict[str, str] | None = None, **extra: Any) -> None:
        super().__init__(detail or code)
        self.status = status
        self.code = code
        self.detail = detail
        self.title = title or code.replace("_", " ").capitalize()
        self.headers = headers or {}
        self.extra = extra


def not_found(what: str, ident: object) -> Problem:
    return Problem(404, "not_found", f"{what} {ident} does not exist")


def problem_body(status: int, code: str, *, title: str | None = None, detail: str | None = None,
                 instance: str | None = None, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": f"urn:groupbuy:problem:{code}",
        "title": title or code.replace("_", " ").capitalize(),
        "status": status,
        "code": code,
    }
    if detail is not None:
        body["detail"] = detail
    if instance is not None:
        body["instance"] = instance
    body["request_id"] = current_request_id()
    body.update({k: v for k, v in extra.items() if not (k == "request_id" and v is None)})
    return body


def problem_response(status: int, code: str, *, headers: dict[str, str] | None = None,
                     **fields: Any) -> JSONResponse:
    return JSONResponse(problem_body(status, code, **fields), status_code=status,
                        media_type=PROBLEM_MEDIA_TYPE, headers=headers)


def _field_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    errors = []
    for err in exc.errors():
        loc = [str(part) for part in err.get("loc", ())]
        errors.append({"field": ".".join(loc), "message": err.get("msg", ""), "type": err.get("type", "")})
    return errors


async def _on_problem(request: Request, exc: Problem) -> JSONResponse:
    return problem_response(exc.status, exc.code, title=exc.title, detail=exc.detail,
                            instance=request.url.path, headers=exc.headers, **exc.extra)


async def _on_validation(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = _field_errors(exc)
    if any(e["type"] == "json_invalid" for e in errors):
        return problem_response(400, "malformed_body", detail="The request body is not valid JSON",
                                instance=request.url.path, errors=errors)
    fields = ", ".join(e["field"] for e in errors)
    return problem_response(422, "validation_error", detail=f"Invalid fields: {fields}",
                            instance=request.url.path, errors=errors)


def _allowed_methods(request: Request) -> str | None:
    path = get_route_path(request.scope)
    methods: set[str] = set()
    for route in iter_route_contexts(request.app.routes):
        if route.path and route.methods and compile_path(route.path)[0].match(path):
            methods |= route.methods
    return ", ".join(sorted(methods)) or None


async def _on_http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    code = _STATUS_CODES.get(exc.status_code, FALLBACK_CODE)
    detail = exc.detail if isinstance(exc.detail, str) else None
    headers = dict(getattr(exc, "headers", None) or {})
    allowed = _allowed_methods(request) if exc.status_code == 405 else None
    if allowed:
        headers["Allow"] = allowed
    return problem_response(exc.status_code, code, detail=detail, instance=request.url.path,
                            headers=headers or None)


# PostgreSQL's answers to a transaction that met a concurrent one and was undone whole: a deadlock (its
# detector ends one of the two) and a serialization failure.  Nothing of it was kept, so the same request
# may simply be sent again.
TRY_AGAIN_SQLSTATES = frozenset({"40P01", "40001"})


def sqlstate(exc: BaseException) -> str | None:
    """The SQLSTATE of a database error, through SQLAlchemy's and the driver's wrappings; None for others."""
    seen: BaseException | None = exc
    for _ in range(4):
        if seen is None:
            return None
        code = getattr(seen, "sqlstate", None) or getattr(seen, "pgcode", None)
        if isinstance(code, str):
            return code
        seen = getattr(seen, "orig", None) or seen.__cause__
    return None


async def _on_unexpected(request: Request, exc: Exception) -> JSONResponse:
    # Runs outside the request-id middleware (Starlette's outermost layer): take the id from the scope.
    request_id = request.scope.get("state", {}).get("request_id")
    if sqlstate(exc) in TRY_AGAIN_SQLSTATES:
        log.warning("transaction undone by a concurrent one on %s %s: %s", request.method, request.url.path,
                    sqlstate(exc), extra={"request_id": request_id})
        return problem_response(503, "service_unavailable", detail="The request met a concurrent change and nothing of "
                                "it was kept; send it again", instance=request.url.path, request_id=request_id,
                                headers={"Retry-After": "1"} | ({"X-Request-ID": request_id} if request_id else {}))
    log.exception("unhandled error on %s %s", request.method, request.url.path, extra={"request_id": request_id})
    return problem_response(500, "internal_error", detail="An unexpected error occurred; it has been logged",
                            instance=request.url.path, request_id=request_id,
                            headers={"X-Request-ID": request_id} if request_id else None)


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(Problem, _on_problem)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _on_validation)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _on_http)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _on_unexpected)


PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    "4XX": {"model": ProblemDetail, "description": "Problem",
            "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/ProblemDetail"}}}},
}
