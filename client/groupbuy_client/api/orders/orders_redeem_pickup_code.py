from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.batch_result import BatchResult
from ...models.pickup_redeem import PickupRedeem
from ...models.problem_detail import ProblemDetail
from typing import cast



def _get_kwargs(
    *,
    body: PickupRedeem,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/orders/pickup",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> BatchResult | ProblemDetail | None:
    if response.status_code == 200:
        response_200 = BatchResult.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[BatchResult | ProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: PickupRedeem,

) -> Response[BatchResult | ProblemDetail]:
    """ The community's leader (or ops) enters or scans a buyer's code

     The community's leader (or ops) enters or scans a buyer's code: everything of that buyer waiting
    here
    today is handed out, and listed.  Wrong codes are counted: too many and the caller waits (429).

    Args:
        body (PickupRedeem): A buyer's pickup code, as typed (``1234 5678``) or as scanned from
            their QR image.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BatchResult | ProblemDetail]
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
    body: PickupRedeem,

) -> BatchResult | ProblemDetail | None:
    """ The community's leader (or ops) enters or scans a buyer's code

     The community's leader (or ops) enters or scans a buyer's code: everything of that buyer waiting
    here
    today is handed out, and listed.  Wrong codes are counted: too many and the caller waits (429).

    Args:
        body (PickupRedeem): A buyer's pickup code, as typed (``1234 5678``) or as scanned from
            their QR image.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BatchResult | ProblemDetail
     """


    return sync_detailed(
        client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: PickupRedeem,

) -> Response[BatchResult | ProblemDetail]:
    """ The community's leader (or ops) enters or scans a buyer's code

     The community's leader (or ops) enters or scans a buyer's code: everything of that buyer waiting
    here
    today is handed out, and listed.  Wrong codes are counted: too many and the caller waits (429).

    Args:
        body (PickupRedeem): A buyer's pickup code, as typed (``1234 5678``) or as scanned from
            their QR image.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BatchResult | ProblemDetail]
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
    body: PickupRedeem,

) -> BatchResult | ProblemDetail | None:
    """ The community's leader (or ops) enters or scans a buyer's code

     The community's leader (or ops) enters or scans a buyer's code: everything of that buyer waiting
    here
    today is handed out, and listed.  Wrong codes are counted: too many and the caller waits (429).

    Args:
        body (PickupRedeem): A buyer's pickup code, as typed (``1234 5678``) or as scanned from
            their QR image.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BatchResult | ProblemDetail
     """


    return (await asyncio_detailed(
        client=client,
body=body,

    )).parsed
