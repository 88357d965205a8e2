from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.page_purchase_order_public import PagePurchaseOrderPublic
from ...models.problem_detail import ProblemDetail
from ...models.sort_order import SortOrder
from ...types import UNSET, Unset
from typing import cast
import datetime



def _get_kwargs(
    *,
    delivery_date: datetime.date | None | Unset = UNSET,
    order: SortOrder | Unset = UNSET,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_delivery_date: None | str | Unset
    if isinstance(delivery_date, Unset):
        json_delivery_date = UNSET
    elif isinstance(delivery_date, datetime.date):
        json_delivery_date = delivery_date.isoformat()
    else:
        json_delivery_date = delivery_date
    params["delivery_date"] = json_delivery_date

    json_order: str | Unset = UNSET
    if not isinstance(order, Unset):
        json_order = order.value

    params["order"] = json_order

    params["limit"] = limit

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/supply/purchase-orders",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> PagePurchaseOrderPublic | ProblemDetail | None:
    if response.status_code == 200:
        response_200 = PagePurchaseOrderPublic.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[PagePurchaseOrderPublic | ProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    delivery_date: datetime.date | None | Unset = UNSET,
    order: SortOrder | Unset = UNSET,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,

) -> Response[PagePurchaseOrderPublic | ProblemDetail]:
    """ Ops

     Ops: every purchase order; a supplier's key: its own.  Oldest first (``order=desc``: newest first).

    Args:
        delivery_date (datetime.date | None | Unset):
        order (SortOrder | Unset): One schema in the API document for every list's ``order`` (one
            type in the generated clients).
        limit (int | Unset): Items per page Default: 20.
        cursor (None | str | Unset): From the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PagePurchaseOrderPublic | ProblemDetail]
     """


    kwargs = _get_kwargs(
        delivery_date=delivery_date,
order=order,
limit=limit,
cursor=cursor,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    delivery_date: datetime.date | None | Unset = UNSET,
    order: SortOrder | Unset = UNSET,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,

) -> PagePurchaseOrderPublic | ProblemDetail | None:
    """ Ops

     Ops: every purchase order; a supplier's key: its own.  Oldest first (``order=desc``: newest first).

    Args:
        delivery_date (datetime.date | None | Unset):
        order (SortOrder | Unset): One schema in the API document for every list's ``order`` (one
            type in the generated clients).
        limit (int | Unset): Items per page Default: 20.
        cursor (None | str | Unset): From the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PagePurchaseOrderPublic | ProblemDetail
     """


    return sync_detailed(
        client=client,
delivery_date=delivery_date,
order=order,
limit=limit,
cursor=cursor,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    delivery_date: datetime.date | None | Unset = UNSET,
    order: SortOrder | Unset = UNSET,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,

) -> Response[PagePurchaseOrderPublic | ProblemDetail]:
    """ Ops

     Ops: every purchase order; a supplier's key: its own.  Oldest first (``order=desc``: newest first).

    Args:
        delivery_date (datetime.date | None | Unset):
        order (SortOrder | Unset): One schema in the API document for every list's ``order`` (one
            type in the generated clients).
        limit (int | Unset): Items per page Default: 20.
        cursor (None | str | Unset): From the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PagePurchaseOrderPublic | ProblemDetail]
     """


    kwargs = _get_kwargs(
        delivery_date=delivery_date,
order=order,
limit=limit,
cursor=cursor,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    delivery_date: datetime.date | None | Unset = UNSET,
    order: SortOrder | Unset = UNSET,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,

) -> PagePurchaseOrderPublic | ProblemDetail | None:
    """ Ops

     Ops: every purchase order; a supplier's key: its own.  Oldest first (``order=desc``: newest first).

    Args:
        delivery_date (datetime.date | None | Unset):
        order (SortOrder | Unset): One schema in the API document for every list's ``order`` (one
            type in the generated clients).
        limit (int | Unset): Items per page Default: 20.
        cursor (None | str | Unset): From the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PagePurchaseOrderPublic | ProblemDetail
     """


    return (await asyncio_detailed(
        client=client,
delivery_date=delivery_date,
order=order,
limit=limit,
cursor=cursor,

    )).parsed
