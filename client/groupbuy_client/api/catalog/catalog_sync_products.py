from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem_detail import ProblemDetail
from ...models.sync_batch import SyncBatch
from ...models.sync_result import SyncResult
from typing import cast



def _get_kwargs(
    *,
    body: SyncBatch,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/products/sync",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ProblemDetail | SyncResult | None:
    if response.status_code == 200:
        response_200 = SyncResult.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ProblemDetail | SyncResult]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: SyncBatch,

) -> Response[ProblemDetail | SyncResult]:
    """ A supplier's products, SKUs and stock, up to 1,000 rows, keyed by the supplier's own ids (each key's
    ids are its own)

     A supplier's products, SKUs and stock, up to 1,000 rows, keyed by the supplier's own ids (each key's
    ids are its own).  Every row is answered: ``created``, ``updated``, ``unchanged``, or ``rejected``
    with
    the field and the reason; a bad row changes nothing and never stops the others.  Sending the same
    batch again changes nothing.  New products start unpublished.

    Args:
        body (SyncBatch): Each row is checked on its own: a bad row is rejected with its field and
            reason, the rest apply.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | SyncResult]
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
    client: AuthenticatedClient,
    body: SyncBatch,

) -> ProblemDetail | SyncResult | None:
    """ A supplier's products, SKUs and stock, up to 1,000 rows, keyed by the supplier's own ids (each key's
    ids are its own)

     A supplier's products, SKUs and stock, up to 1,000 rows, keyed by the supplier's own ids (each key's
    ids are its own).  Every row is answered: ``created``, ``updated``, ``unchanged``, or ``rejected``
    with
    the field and the reason; a bad row changes nothing and never stops the others.  Sending the same
    batch again changes nothing.  New products start unpublished.

    Args:
        body (SyncBatch): Each row is checked on its own: a bad row is rejected with its field and
            reason, the rest apply.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | SyncResult
     """


    return sync_detailed(
        client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: SyncBatch,

) -> Response[ProblemDetail | SyncResult]:
    """ A supplier's products, SKUs and stock, up to 1,000 rows, keyed by the supplier's own ids (each key's
    ids are its own)

     A supplier's products, SKUs and stock, up to 1,000 rows, keyed by the supplier's own ids (each key's
    ids are its own).  Every row is answered: ``created``, ``updated``, ``unchanged``, or ``rejected``
    with
    the field and the reason; a bad row changes nothing and never stops the others.  Sending the same
    batch again changes nothing.  New products start unpublished.

    Args:
        body (SyncBatch): Each row is checked on its own: a bad row is rejected with its field and
            reason, the rest apply.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | SyncResult]
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
    client: AuthenticatedClient,
    body: SyncBatch,

) -> ProblemDetail | SyncResult | None:
    """ A supplier's products, SKUs and stock, up to 1,000 rows, keyed by the supplier's own ids (each key's
    ids are its own)

     A supplier's products, SKUs and stock, up to 1,000 rows, keyed by the supplier's own ids (each key's
    ids are its own).  Every row is answered: ``created``, ``updated``, ``unchanged``, or ``rejected``
    with
    the field and the reason; a bad row changes nothing and never stops the others.  Sending the same
    batch again changes nothing.  New products start unpublished.

    Args:
        body (SyncBatch): Each row is checked on its own: a bad row is rejected with its field and
            reason, the rest apply.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | SyncResult
     """


    return (await asyncio_detailed(
        client=client,
body=body,

    )).parsed
