from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.order_status import OrderStatus
from ...models.orders_list_view import OrdersListView
from ...models.page_order_public import PageOrderPublic
from ...models.problem_detail import ProblemDetail
from ...models.sort_order import SortOrder
from ...types import UNSET, Unset
from typing import cast
import datetime



def _get_kwargs(
    *,
    view: OrdersListView | Unset = OrdersListView.MINE,
    order: SortOrder | Unset = UNSET,
    status: None | OrderStatus | Unset = UNSET,
    community_id: int | None | Unset = UNSET,
    leader_id: int | None | Unset = UNSET,
    delivery_date: datetime.date | None | Unset = UNSET,
    activity_id: int | None | Unset = UNSET,
    product_id: int | None | Unset = UNSET,
    sku_id: int | None | Unset = UNSET,
    group_id: int | None | Unset = UNSET,
    order_no: None | str | Unset = UNSET,
    phone_tail: None | str | Unset = UNSET,
    user_id: int | None | Unset = UNSET,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_view: str | Unset = UNSET
    if not isinstance(view, Unset):
        json_view = view.value

    params["view"] = json_view

    json_order: str | Unset = UNSET
    if not isinstance(order, Unset):
        json_order = order.value

    params["order"] = json_order

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, OrderStatus):
        json_status = status.value
    else:
        json_status = status
    params["status"] = json_status

    json_community_id: int | None | Unset
    if isinstance(community_id, Unset):
        json_community_id = UNSET
    else:
        json_community_id = community_id
    params["community_id"] = json_community_id

    json_leader_id: int | None | Unset
    if isinstance(leader_id, Unset):
        json_leader_id = UNSET
    else:
        json_leader_id = leader_id
    params["leader_id"] = json_leader_id

    json_delivery_date: None | str | Unset
    if isinstance(delivery_date, Unset):
        json_delivery_date = UNSET
    elif isinstance(delivery_date, datetime.date):
        json_delivery_date = delivery_date.isoformat()
    else:
        json_delivery_date = delivery_date
    params["delivery_date"] = json_delivery_date

    json_activity_id: int | None | Unset
    if isinstance(activity_id, Unset):
        json_activity_id = UNSET
    else:
        json_activity_id = activity_id
    params["activity_id"] = json_activity_id

    json_product_id: int | None | Unset
    if isinstance(product_id, Unset):
        json_product_id = UNSET
    else:
        json_product_id = product_id
    params["product_id"] = json_product_id

    json_sku_id: int | None | Unset
    if isinstance(sku_id, Unset):
        json_sku_id = UNSET
    else:
        json_sku_id = sku_id
    params["sku_id"] = json_sku_id

    json_group_id: int | None | Unset
    if isinstance(group_id, Unset):
        json_group_id = UNSET
    else:
        json_group_id = group_id
    params["group_id"] = json_group_id

    json_order_no: None | str | Unset
    if isinstance(order_no, Unset):
        json_order_no = UNSET
    else:
        json_order_no = order_no
    params["order_no"] = json_order_no

    json_phone_tail: None | str | Unset
    if isinstance(phone_tail, Unset):
        json_phone_tail = UNSET
    else:
        json_phone_tail = phone_tail
    params["phone_tail"] = json_phone_tail

    json_user_id: int | None | Unset
    if isinstance(user_id, Unset):
        json_user_id = UNSET
    else:
        json_user_id = user_id
    params["user_id"] = json_user_id

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
        "url": "/v1/orders",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> PageOrderPublic | ProblemDetail | None:
    if response.status_code == 200:
        response_200 = PageOrderPublic.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[PageOrderPublic | ProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    view: OrdersListView | Unset = OrdersListView.MINE,
    order: SortOrder | Unset = UNSET,
    status: None | OrderStatus | Unset = UNSET,
    community_id: int | None | Unset = UNSET,
    leader_id: int | None | Unset = UNSET,
    delivery_date: datetime.date | None | Unset = UNSET,
    activity_id: int | None | Unset = UNSET,
    product_id: int | None | Unset = UNSET,
    sku_id: int | None | Unset = UNSET,
    group_id: int | None | Unset = UNSET,
    order_no: None | str | Unset = UNSET,
    phone_tail: None | str | Unset = UNSET,
    user_id: int | None | Unset = UNSET,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,

) -> Response[PageOrderPublic | ProblemDetail]:
    """ Find orders

     Find orders: your own (``view=mine``), or the back office's search (``view=staff``).  Newest first
    unless ``order=asc``.

    Args:
        view (OrdersListView | Unset): mine: your own orders; staff: the back office (ops: every
            order; a leader: the community they lead, named by community_id, buyers masked) Default:
            OrdersListView.MINE.
        order (SortOrder | Unset): One schema in the API document for every list's ``order`` (one
            type in the generated clients).
        status (None | OrderStatus | Unset):
        community_id (int | None | Unset):
        leader_id (int | None | Unset): The community's leader when it was placed
        delivery_date (datetime.date | None | Unset): The business day (Asia/Shanghai) it is
            handed out; orders not shipped yet have none
        activity_id (int | None | Unset):
        product_id (int | None | Unset):
        sku_id (int | None | Unset):
        group_id (int | None | Unset):
        order_no (None | str | Unset):
        phone_tail (None | str | Unset): The last 4 digits of the buyer's phone
        user_id (int | None | Unset): The buyer
        limit (int | Unset): Items per page Default: 20.
        cursor (None | str | Unset): From the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageOrderPublic | ProblemDetail]
     """


    kwargs = _get_kwargs(
        view=view,
order=order,
status=status,
community_id=community_id,
leader_id=leader_id,
delivery_date=delivery_date,
activity_id=activity_id,
product_id=product_id,
sku_id=sku_id,
group_id=group_id,
order_no=order_no,
phone_tail=phone_tail,
user_id=user_id,
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
    view: OrdersListView | Unset = OrdersListView.MINE,
    order: SortOrder | Unset = UNSET,
    status: None | OrderStatus | Unset = UNSET,
    community_id: int | None | Unset = UNSET,
    leader_id: int | None | Unset = UNSET,
    delivery_date: datetime.date | None | Unset = UNSET,
    activity_id: int | None | Unset = UNSET,
    product_id: int | None | Unset = UNSET,
    sku_id: int | None | Unset = UNSET,
    group_id: int | None | Unset = UNSET,
    order_no: None | str | Unset = UNSET,
    phone_tail: None | str | Unset = UNSET,
    user_id: int | None | Unset = UNSET,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,

) -> PageOrderPublic | ProblemDetail | None:
    """ Find orders

     Find orders: your own (``view=mine``), or the back office's search (``view=staff``).  Newest first
    unless ``order=asc``.

    Args:
        view (OrdersListView | Unset): mine: your own orders; staff: the back office (ops: every
            order; a leader: the community they lead, named by community_id, buyers masked) Default:
            OrdersListView.MINE.
        order (SortOrder | Unset): One schema in the API document for every list's ``order`` (one
            type in the generated clients).
        status (None | OrderStatus | Unset):
        community_id (int | None | Unset):
        leader_id (int | None | Unset): The community's leader when it was placed
        delivery_date (datetime.date | None | Unset): The business day (Asia/Shanghai) it is
            handed out; orders not shipped yet have none
        activity_id (int | None | Unset):
        product_id (int | None | Unset):
        sku_id (int | None | Unset):
        group_id (int | None | Unset):
        order_no (None | str | Unset):
        phone_tail (None | str | Unset): The last 4 digits of the buyer's phone
        user_id (int | None | Unset): The buyer
        limit (int | Unset): Items per page Default: 20.
        cursor (None | str | Unset): From the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageOrderPublic | ProblemDetail
     """


    return sync_detailed(
        client=client,
view=view,
order=order,
status=status,
community_id=community_id,
leader_id=leader_id,
delivery_date=delivery_date,
activity_id=activity_id,
product_id=product_id,
sku_id=sku_id,
group_id=group_id,
order_no=order_no,
phone_tail=phone_tail,
user_id=user_id,
limit=limit,
cursor=cursor,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    view: OrdersListView | Unset = OrdersListView.MINE,
    order: SortOrder | Unset = UNSET,
    status: None | OrderStatus | Unset = UNSET,
    community_id: int | None | Unset = UNSET,
    leader_id: int | None | Unset = UNSET,
    delivery_date: datetime.date | None | Unset = UNSET,
    activity_id: int | None | Unset = UNSET,
    product_id: int | None | Unset = UNSET,
    sku_id: int | None | Unset = UNSET,
    group_id: int | None | Unset = UNSET,
    order_no: None | str | Unset = UNSET,
    phone_tail: None | str | Unset = UNSET,
    user_id: int | None | Unset = UNSET,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,

) -> Response[PageOrderPublic | ProblemDetail]:
    """ Find orders

     Find orders: your own (``view=mine``), or the back office's search (``view=staff``).  Newest first
    unless ``order=asc``.

    Args:
        view (OrdersListView | Unset): mine: your own orders; staff: the back office (ops: every
            order; a leader: the community they lead, named by community_id, buyers masked) Default:
            OrdersListView.MINE.
        order (SortOrder | Unset): One schema in the API document for every list's ``order`` (one
            type in the generated clients).
        status (None | OrderStatus | Unset):
        community_id (int | None | Unset):
        leader_id (int | None | Unset): The community's leader when it was placed
        delivery_date (datetime.date | None | Unset): The business day (Asia/Shanghai) it is
            handed out; orders not shipped yet have none
        activity_id (int | None | Unset):
        product_id (int | None | Unset):
        sku_id (int | None | Unset):
        group_id (int | None | Unset):
        order_no (None | str | Unset):
        phone_tail (None | str | Unset): The last 4 digits of the buyer's phone
        user_id (int | None | Unset): The buyer
        limit (int | Unset): Items per page Default: 20.
        cursor (None | str | Unset): From the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageOrderPublic | ProblemDetail]
     """


    kwargs = _get_kwargs(
        view=view,
order=order,
status=status,
community_id=community_id,
leader_id=leader_id,
delivery_date=delivery_date,
activity_id=activity_id,
product_id=product_id,
sku_id=sku_id,
group_id=group_id,
order_no=order_no,
phone_tail=phone_tail,
user_id=user_id,
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
    view: OrdersListView | Unset = OrdersListView.MINE,
    order: SortOrder | Unset = UNSET,
    status: None | OrderStatus | Unset = UNSET,
    community_id: int | None | Unset = UNSET,
    leader_id: int | None | Unset = UNSET,
    delivery_date: datetime.date | None | Unset = UNSET,
    activity_id: int | None | Unset = UNSET,
    product_id: int | None | Unset = UNSET,
    sku_id: int | None | Unset = UNSET,
    group_id: int | None | Unset = UNSET,
    order_no: None | str | Unset = UNSET,
    phone_tail: None | str | Unset = UNSET,
    user_id: int | None | Unset = UNSET,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,

) -> PageOrderPublic | ProblemDetail | None:
    """ Find orders

     Find orders: your own (``view=mine``), or the back office's search (``view=staff``).  Newest first
    unless ``order=asc``.

    Args:
        view (OrdersListView | Unset): mine: your own orders; staff: the back office (ops: every
            order; a leader: the community they lead, named by community_id, buyers masked) Default:
            OrdersListView.MINE.
        order (SortOrder | Unset): One schema in the API document for every list's ``order`` (one
            type in the generated clients).
        status (None | OrderStatus | Unset):
        community_id (int | None | Unset):
        leader_id (int | None | Unset): The community's leader when it was placed
        delivery_date (datetime.date | None | Unset): The business day (Asia/Shanghai) it is
            handed out; orders not shipped yet have none
        activity_id (int | None | Unset):
        product_id (int | None | Unset):
        sku_id (int | None | Unset):
        group_id (int | None | Unset):
        order_no (None | str | Unset):
        phone_tail (None | str | Unset): The last 4 digits of the buyer's phone
        user_id (int | None | Unset): The buyer
        limit (int | Unset): Items per page Default: 20.
        cursor (None | str | Unset): From the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageOrderPublic | ProblemDetail
     """


    return (await asyncio_detailed(
        client=client,
view=view,
order=order,
status=status,
community_id=community_id,
leader_id=leader_id,
delivery_date=delivery_date,
activity_id=activity_id,
product_id=product_id,
sku_id=sku_id,
group_id=group_id,
order_no=order_no,
phone_tail=phone_tail,
user_id=user_id,
limit=limit,
cursor=cursor,

    )).parsed
