from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.order_public import OrderPublic
from ...models.problem_detail import ProblemDetail
from ...models.refund_create import RefundCreate
from typing import cast



def _get_kwargs(
    order_id: int,
    *,
    body: RefundCreate,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/orders/{order_id}/refunds".format(order_id=quote(str(order_id), safe=""),),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> OrderPublic | ProblemDetail | None:
    if response.status_code == 201:
        response_201 = OrderPublic.from_dict(response.json())



        return response_201

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[OrderPublic | ProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    order_id: int,
    *,
    client: AuthenticatedClient,
    body: RefundCreate,

) -> Response[OrderPublic | ProblemDetail]:
    """ Money back, in full or in part, at any paid state before completion — after delivery only within the
    after-sales window

     Money back, in full or in part, at any paid state before completion — after delivery only within
    the after-sales window.  The buyer refunds their own orders; ops any order.

    Args:
        order_id (int):
        body (RefundCreate): Money back on a paid order, within the after-sales window.  Without
            ``amount_fen``: everything
            that has not been refunded yet.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OrderPublic | ProblemDetail]
     """


    kwargs = _get_kwargs(
        order_id=order_id,
body=body,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    order_id: int,
    *,
    client: AuthenticatedClient,
    body: RefundCreate,

) -> OrderPublic | ProblemDetail | None:
    """ Money back, in full or in part, at any paid state before completion — after delivery only within the
    after-sales window

     Money back, in full or in part, at any paid state before completion — after delivery only within
    the after-sales window.  The buyer refunds their own orders; ops any order.

    Args:
        order_id (int):
        body (RefundCreate): Money back on a paid order, within the after-sales window.  Without
            ``amount_fen``: everything
            that has not been refunded yet.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OrderPublic | ProblemDetail
     """


    return sync_detailed(
        order_id=order_id,
client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    order_id: int,
    *,
    client: AuthenticatedClient,
    body: RefundCreate,

) -> Response[OrderPublic | ProblemDetail]:
    """ Money back, in full or in part, at any paid state before completion — after delivery only within the
    after-sales window

     Money back, in full or in part, at any paid state before completion — after delivery only within
    the after-sales window.  The buyer refunds their own orders; ops any order.

    Args:
        order_id (int):
        body (RefundCreate): Money back on a paid order, within the after-sales window.  Without
            ``amount_fen``: everything
            that has not been refunded yet.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OrderPublic | ProblemDetail]
     """


    kwargs = _get_kwargs(
        order_id=order_id,
body=body,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    order_id: int,
    *,
    client: AuthenticatedClient,
    body: RefundCreate,

) -> OrderPublic | ProblemDetail | None:
    """ Money back, in full or in part, at any paid state before completion — after delivery only within the
    after-sales window

     Money back, in full or in part, at any paid state before completion — after delivery only within
    the after-sales window.  The buyer refunds their own orders; ops any order.

    Args:
        order_id (int):
        body (RefundCreate): Money back on a paid order, within the after-sales window.  Without
            ``amount_fen``: everything
            that has not been refunded yet.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OrderPublic | ProblemDetail
     """


    return (await asyncio_detailed(
        order_id=order_id,
client=client,
body=body,

    )).parsed
