"""What can go wrong in a command, as one line for the operator: a problem document from the API, an
unreachable gateway, a bad input file.  Commands raise ``OpsError``; the app prints it in red and exits."""

from __future__ import annotations

import json
from typing import Any

from groupbuy_client.types import Response


class OpsError(Exception):
    """A failure the operator can act on; ``str()`` is the one line shown."""

    exit_code = 1


class ApiError(OpsError):
    """The gateway answered with an error (an RFC 9457 problem document when it could)."""

    def __init__(self, status: int, code: str | None, detail: str, request_id: str | None = None) -> None:
        self.status, self.code, self.detail, self.request_id = status, code, detail, request_id
        super().__init__(problem_line(status, code, detail, request_id))

    @classmethod
    def from_response(cls, response: Response[Any]) -> ApiError:
        status = int(response.status_code)
        document = _json(response.content)
        if not isinstance(document, dict):
            text = response.content.decode(errors="replace").strip()
            return cls(status, None, text[:200] or response.status_code.phrase)
        detail = document.get("detail") or document.get("title") or response.status_code.phrase
        fields = [f"{e.get('field')}: {e.get('message') or e.get('msg')}" for e in document.get("errors") or []
                  if isinstance(e, dict)]
        if fields:
            detail = f"{detail} ({'; '.join(fields)})"
        return cls(status, document.get("code"), str(detail), document.get("request_id"))


def problem_line(status: int, code: str | None, detail: str, request_id: str | None = None) -> str:
    """``error 404 withdrawal_not_found: No such withdrawal [request 1f2e…]`` — one line, whatever the detail."""
    text = " ".join(detail.split())
    line = f"error {status} {code}: {text}" if code else f"error {status}: {text}"
    return f"{line} [request {request_id}]" if request_id else line


def _json(content: bytes) -> object:
    try:
        return json.loads(content)
    except ValueError:
        return None
