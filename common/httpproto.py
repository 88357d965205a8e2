"""uvicorn's HTTP/1.1 protocol (httptools) as every part serves it, answering a request it cannot parse
with a problem document.

A request whose request line or headers are not HTTP (a ``Content-Length`` that is no number, a header
name with a space, a bare LF) never reaches the app: the parser refuses it, and uvicorn answered 400 with
``text/plain``. Every other 4xx of the API is ``application/problem+json`` with a ``code`` and a
``request_id``; this one now is too (``bad_request``), with the connection closed as before, since the
parser cannot tell where the next request would begin."""

from __future__ import annotations

import json

from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

from common.problems import problem_body
from common.requestid import HEADER, new_request_id

DETAIL = ("The request is not valid HTTP/1.1: its request line or a header cannot be read (a Content-Length "
          "that is not a number, a header name with a space in it, …)")


class ProblemHttpToolsProtocol(HttpToolsProtocol):
    def send_400_response(self, msg: str) -> None:
        request_id = new_request_id()
        body = json.dumps(problem_body(400, "bad_request", detail=DETAIL, request_id=request_id),
                          ensure_ascii=False).encode()
        content = [STATUS_LINE[400]]
        for name, value in self.server_state.default_headers:
            content.extend([name, b": ", value, b"\r\n"])
        content.extend([b"content-type: application/problem+json\r\n",
                        HEADER.lower().encode() + b": " + request_id.encode() + b"\r\n",
                        b"content-length: " + str(len(body)).encode() + b"\r\n",
                        b"connection: close\r\n", b"\r\n", body])
        self.transport.write(b"".join(content))
        self.transport.close()
