"""What a service's own API document says of each operation beyond FastAPI's defaults, read from the
route itself so it cannot drift from what the route does:

- ``x-requires``: who may call it, derived from the route's dependency tree (``CurrentUser``,
  ``require_role``, ``require_staff_or_scope`` of ``common.auth``): ``anonymous``, ``user``, ``roles``
  (any of), ``api_key`` and ``scopes``.  The gateway combines it with its route group's coarse gate into
  the operation's ``security`` (``gateway/openapi.py``); a route added tomorrow is described the same way.
- ``x-problem-codes``: the problem codes its endpoint and dependencies can raise (``common.problem_codes``
  reads their code), with the framework's own (``validation_error`` where it takes input).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts

from common import auth
from common.problem_codes import codes_of

STAFF_ROLES = ("ops", "admin")


def _calls(dependant: Dependant) -> Iterator[Callable[..., Any]]:
    for sub in dependant.dependencies:
        if sub.call is not None:
            yield sub.call
        yield from _calls(sub)


def _closure(call: Callable[..., Any]) -> dict[str, Any]:
    try:
        return dict(inspect.getclosurevars(call).nonlocals)
    except (TypeError, ValueError):
        return {}


def requirement(route: Any) -> dict[str, Any]:
    """Who may call ``route``, from the guards of ``common.auth`` found among its dependencies."""
    needs: dict[str, Any] = {"anonymous": True, "user": True, "roles": None, "api_key": True, "scopes": []}

    def narrow_roles(roles: tuple[str, ...]) -> None:
        needs["roles"] = sorted(set(roles) if needs["roles"] is None else set(needs["roles"]) & set(roles))

    for call in _calls(route.dependant):
        qualname = getattr(call, "__qualname__", "")
        if call is auth._require_user:
            needs.update(anonymous=False, api_key=False)
        elif call is auth._require_service:
            needs.update(anonymous=False, user=False, api_key=False, internal=True)
        elif qualname == f"{auth.require_role.__qualname__}.<locals>.dependency":
            needs.update(anonymous=False, api_key=False)
            narrow_roles(tuple(_closure(call).get("roles", ())))
        elif qualname == f"{auth.require_staff_or_scope.__qualname__}.<locals>.dependency":
            names = _closure(call)
            needs["anonymous"] = False
            narrow_roles(tuple(names.get("allowed", STAFF_ROLES)))
            needs["scopes"] = sorted({*needs["scopes"], names["scope"]})
    return needs


def problem_codes(route: Any) -> list[str]:
    codes = codes_of([route.endpoint, *_calls(route.dependant)])
    if route.dependant.body_params:
        codes |= {"validation_error", "malformed_body", "invalid_text"}
    elif route.dependant.query_params or route.dependant.path_params or route.dependant.header_params:
        codes.add("validation_error")
    return sorted(codes)


def summary_of(endpoint: Callable[..., Any]) -> str | None:
    """The first sentence of the endpoint's docstring: what the operation does, for people."""
    doc = inspect.getdoc(endpoint)
    if not doc:
        return None
    first = " ".join(doc.split("\n\n")[0].split())
    for stop in (". ", "; ", ": "):
        first = first.split(stop)[0]
    first = first.rstrip(".").replace("``", "")
    return first if len(first) <= 120 else first[:117].rsplit(" ", 1)[0] + "..."


def describe(app: FastAPI, document: dict[str, Any]) -> dict[str, Any]:
    """Add ``x-requires`` and ``x-problem-codes`` to every operation of ``app``'s ``document``, and a
    summary from the endpoint's docstring where the route names none (FastAPI's is its function name)."""
    for route in iter_route_contexts(app.routes):  # ``route``: an APIRoute as included (its router's dependencies too)
        if not isinstance(route.original_route, APIRoute) or not route.include_in_schema:
            continue
        item = document.get("paths", {}).get(route.path_format, {})
        for method in route.methods:
            operation = item.get(method.lower())
            if operation is not None:
                operation["x-requires"] = requirement(route)
                operation["x-problem-codes"] = problem_codes(route)
                if route.summary is None and (summary := summary_of(route.endpoint)):
                    operation["summary"] = summary
    return document


def install(app: FastAPI) -> None:
    """Serve ``app``'s document described as above (built once, like FastAPI's own)."""
    plain = app.openapi
    described: list[int] = []

    def openapi() -> dict[str, Any]:
        document = plain()  # FastAPI's, cached until the routes change
        if described != [id(document)]:
            described[:] = [id(document)]
            describe(app, document)
        return document

    app.openapi = openapi  # type: ignore[method-assign]
