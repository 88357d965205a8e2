from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.batch_result import BatchResult
from ...models.deliver_batch import DeliverBatch
from ...models.problem_detail import ProblemDetail
from typing import cast



def _get_kwargs(
    *,
    body: DeliverBatch,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/orders/deliver",
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
    body: DeliverBatch,

) -> Response[BatchResult | ProblemDetail]:
    """ The community's leader (or ops)

     The community's leader (or ops): hand out everything the buyer has waiting here today, in one move;
    reported order by order, and safe to send again.

    Args:
        body (DeliverBatch): Hand out everything one buyer has waiting at the community's pickup
            point today.

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
    body: DeliverBatch,

) -> BatchResult | ProblemDetail | None:
    """ The community's leader (or ops)

     The community's leader (or ops): hand out everything the buyer has waiting here today, in one move;
    reported order by order, and safe to send again.

    Args:
        body (DeliverBatch): Hand out everything one buyer has waiting at the community's pickup
            point today.

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
    body: DeliverBatch,

) -> Response[BatchResult | ProblemDetail]:
    """ The community's leader (or ops)

     The community's leader (or ops): hand out everything the buyer has waiting here today, in one move;
    reported order by order, and safe to send again.

    Args:
        body (DeliverBatch): Hand out everything one buyer has waiting at the community's pickup
            point today.

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
    body: DeliverBatch,

) -> BatchResult | ProblemDetail | None:
    """ The community's leader (or ops)

     The community's leader (or ops): hand out everything the buyer has waiting here today, in one move;
    reported order by order, and safe to send again.

    Args:
        body (DeliverBatch): Hand out everything one buyer has waiting at the community's pickup
            point today.

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
