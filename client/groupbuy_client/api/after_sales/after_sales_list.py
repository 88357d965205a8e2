from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.after_sales_list_view import AfterSalesListView
from ...models.after_sales_status import AfterSalesStatus
from ...models.page_after_sales_public import PageAfterSalesPublic
from ...models.problem_detail import ProblemDetail
from ...models.sort_order import SortOrder
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    view: AfterSalesListView | Unset = AfterSalesListView.MINE,
    status: AfterSalesStatus | None | Unset = UNSET,
    order_id: int | None | Unset = UNSET,
    order: None | SortOrder | Unset = UNSET,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_view: str | Unset = UNSET
    if not isinstance(view, Unset):
        json_view = view.value

    params["view"] = json_view

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, AfterSalesStatus):
        json_status = status.value
    else:
        json_status = status
    params["status"] = json_status

    json_order_id: int | None | Unset
    if isinstance(order_id, Unset):
        json_order_id = UNSET
    else:
        json_order_id = order_id
    params["order_id"] = json_order_id

    json_order: None | str | Unset
    if isinstance(order, Unset):
        json_order = UNSET
    elif isinstance(order, SortOrder):
        json_order = order.value
    else:
        json_order = order
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
        "url": "/v1/orders/after-sales",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> PageAfterSalesPublic | ProblemDetail | None:
    if response.status_code == 200:
        response_200 = PageAfterSalesPublic.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[PageAfterSalesPublic | ProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    view: AfterSalesListView | Unset = AfterSalesListView.MINE,
    status: AfterSalesStatus | None | Unset = UNSET,
    order_id: int | None | Unset = UNSET,
    order: None | SortOrder | Unset = UNSET,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,

) -> Response[PageAfterSalesPublic | ProblemDetail]:
    """ Your after-sales claims

     Your after-sales claims; ops: every claim (``view=staff&status=pending_review`` is the queue).

    Args:
        view (AfterSalesListView | Unset): mine: your own claims, newest first; staff: the ops
            review queue, oldest first Default: AfterSalesListView.MINE.
        status (AfterSalesStatus | None | Unset):
        order_id (int | None | Unset):
        order (None | SortOrder | Unset): asc or desc; the view's own order when left out
        limit (int | Unset): Items per page Default: 20.
        cursor (None | str | Unset): From the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageAfterSalesPublic | ProblemDetail]
     """


    kwargs = _get_kwargs(
        view=view,
status=status,
order_id=order_id,
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
    view: AfterSalesListView | Unset = AfterSalesListView.MINE,
    status: AfterSalesStatus | None | Unset = UNSET,
    order_id: int | None | Unset = UNSET,
    order: None | SortOrder | Unset = UNSET,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,

) -> PageAfterSalesPublic | ProblemDetail | None:
    """ Your after-sales claims

     Your after-sales claims; ops: every claim (``view=staff&status=pending_review`` is the queue).

    Args:
        view (AfterSalesListView | Unset): mine: your own claims, newest first; staff: the ops
            review queue, oldest first Default: AfterSalesListView.MINE.
        status (AfterSalesStatus | None | Unset):
        order_id (int | None | Unset):
        order (None | SortOrder | Unset): asc or desc; the view's own order when left out
        limit (int | Unset): Items per page Default: 20.
        cursor (None | str | Unset): From the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageAfterSalesPublic | ProblemDetail
     """


    return sync_detailed(
        client=client,
view=view,
status=status,
order_id=order_id,
order=order,
limit=limit,
cursor=cursor,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    view: AfterSalesListView | Unset = AfterSalesListView.MINE,
    status: AfterSalesStatus | None | Unset = UNSET,
    order_id: int | None | Unset = UNSET,
    order: None | SortOrder | Unset = UNSET,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,

) -> Response[PageAfterSalesPublic | ProblemDetail]:
    """ Your after-sales claims

     Your after-sales claims; ops: every claim (``view=staff&status=pending_review`` is the queue).

    Args:
        view (AfterSalesListView | Unset): mine: your own claims, newest first; staff: the ops
            review queue, oldest first Default: AfterSalesListView.MINE.
        status (AfterSalesStatus | None | Unset):
        order_id (int | None | Unset):
        order (None | SortOrder | Unset): asc or desc; the view's own order when left out
        limit (int | Unset): Items per page Default: 20.
        cursor (None | str | Unset): From the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageAfterSalesPublic | ProblemDetail]
     """


    kwargs = _get_kwargs(
        view=view,
status=status,
order_id=order_id,
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
    view: AfterSalesListView | Unset = AfterSalesListView.MINE,
    status: AfterSalesStatus | None | Unset = UNSET,
    order_id: int | None | Unset = UNSET,
    order: None | SortOrder | Unset = UNSET,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,

) -> PageAfterSalesPublic | ProblemDetail | None:
    """ Your after-sales claims

     Your after-sales claims; ops: every claim (``view=staff&status=pending_review`` is the queue).

    Args:
        view (AfterSalesListView | Unset): mine: your own claims, newest first; staff: the ops
            review queue, oldest first Default: AfterSalesListView.MINE.
        status (AfterSalesStatus | None | Unset):
        order_id (int | None | Unset):
        order (None | SortOrder | Unset): asc or desc; the view's own order when left out
        limit (int | Unset): Items per page Default: 20.
        cursor (None | str | Unset): From the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageAfterSalesPublic | ProblemDetail
     """


    return (await asyncio_detailed(
        client=client,
view=view,
status=status,
order_id=order_id,
order=order,
limit=limit,
cursor=cursor,

    )).parsed
