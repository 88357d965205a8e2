from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem_detail import ProblemDetail
from ...models.visit_create import VisitCreate
from ...models.visit_recorded import VisitRecorded
from typing import cast



def _get_kwargs(
    *,
    body: VisitCreate,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/shares/visits",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ProblemDetail | VisitRecorded | None:
    if response.status_code == 200:
        response_200 = VisitRecorded.from_dict(response.json())



        return response_200

    if 400 <= response.status_code <= 499:
        response_4xx = ProblemDetail.from_dict(response.json())



        return response_4xx

    if 500 <= response.status_code <= 599:
        response_5xx = ProblemDetail.from_dict(response.json())



        return response_5xx

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ProblemDetail | VisitRecorded]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: VisitCreate,

) -> Response[ProblemDetail | VisitRecorded]:
    """ Someone opened a share

     Someone opened a share: a group's card or poster, or a scanned code (anyone; once a day per
    visitor).

    Args:
        body (VisitCreate): A share opened: a group's card or poster, or a scanned code.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | VisitRecorded]
     """


    kwargs = _get_kwargs(
        body=body,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient | Client,
    body: VisitCreate,

) -> ProblemDetail | VisitRecorded | None:
    """ Someone opened a share

     Someone opened a share: a group's card or poster, or a scanned code (anyone; once a day per
    visitor).

    Args:
        body (VisitCreate): A share opened: a group's card or poster, or a scanned code.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | VisitRecorded
     """


    return sync_detailed(
        client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: VisitCreate,

) -> Response[ProblemDetail | VisitRecorded]:
    """ Someone opened a share

     Someone opened a share: a group's card or poster, or a scanned code (anyone; once a day per
    visitor).

    Args:
        body (VisitCreate): A share opened: a group's card or poster, or a scanned code.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | VisitRecorded]
     """


    kwargs = _get_kwargs(
        body=body,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: VisitCreate,

) -> ProblemDetail | VisitRecorded | None:
    """ Someone opened a share

     Someone opened a share: a group's card or poster, or a scanned code (anyone; once a day per
    visitor).

    Args:
        body (VisitCreate): A share opened: a group's card or poster, or a scanned code.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | VisitRecorded
     """


    return (await asyncio_detailed(
        client=client,
body=body,

    )).parsed
