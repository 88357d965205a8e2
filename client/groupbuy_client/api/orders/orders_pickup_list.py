from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.orders_pickup_list_format_type_0 import OrdersPickupListFormatType0
from ...models.pickup_list import PickupList
from ...models.problem_detail import ProblemDetail
from ...types import UNSET, Unset
from typing import cast
import datetime



def _get_kwargs(
    *,
    community_id: int,
    date: datetime.date | None | Unset = UNSET,
    format_: None | OrdersPickupListFormatType0 | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["community_id"] = community_id

    json_date: None | str | Unset
    if isinstance(date, Unset):
        json_date = UNSET
    elif isinstance(date, datetime.date):
        json_date = date.isoformat()
    else:
        json_date = date
    params["date"] = json_date

    json_format_: None | str | Unset
    if isinstance(format_, Unset):
        json_format_ = UNSET
    elif isinstance(format_, OrdersPickupListFormatType0):
        json_format_ = format_.value
    else:
        json_format_ = format_
    params["format"] = json_format_


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/orders/pickup-list",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> PickupList | ProblemDetail | None:
    if response.status_code == 200:
        response_200 = PickupList.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[PickupList | ProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    community_id: int,
    date: datetime.date | None | Unset = UNSET,
    format_: None | OrdersPickupListFormatType0 | Unset = UNSET,

) -> Response[PickupList | ProblemDetail]:
    """ Ops or the community's leader

     Ops or the community's leader: what to hand out at the pickup point that day, by address and SKU.

    Args:
        community_id (int):
        date (datetime.date | None | Unset): YYYY-MM-DD, Asia/Shanghai; today when left out
        format_ (None | OrdersPickupListFormatType0 | Unset): csv, or send Accept: text/csv

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PickupList | ProblemDetail]
     """


    kwargs = _get_kwargs(
        community_id=community_id,
date=date,
format_=format_,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    community_id: int,
    date: datetime.date | None | Unset = UNSET,
    format_: None | OrdersPickupListFormatType0 | Unset = UNSET,

) -> PickupList | ProblemDetail | None:
    """ Ops or the community's leader

     Ops or the community's leader: what to hand out at the pickup point that day, by address and SKU.

    Args:
        community_id (int):
        date (datetime.date | None | Unset): YYYY-MM-DD, Asia/Shanghai; today when left out
        format_ (None | OrdersPickupListFormatType0 | Unset): csv, or send Accept: text/csv

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PickupList | ProblemDetail
     """


    return sync_detailed(
        client=client,
community_id=community_id,
date=date,
format_=format_,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    community_id: int,
    date: datetime.date | None | Unset = UNSET,
    format_: None | OrdersPickupListFormatType0 | Unset = UNSET,

) -> Response[PickupList | ProblemDetail]:
    """ Ops or the community's leader

     Ops or the community's leader: what to hand out at the pickup point that day, by address and SKU.

    Args:
        community_id (int):
        date (datetime.date | None | Unset): YYYY-MM-DD, Asia/Shanghai; today when left out
        format_ (None | OrdersPickupListFormatType0 | Unset): csv, or send Accept: text/csv

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PickupList | ProblemDetail]
     """


    kwargs = _get_kwargs(
        community_id=community_id,
date=date,
format_=format_,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    community_id: int,
    date: datetime.date | None | Unset = UNSET,
    format_: None | OrdersPickupListFormatType0 | Unset = UNSET,

) -> PickupList | ProblemDetail | None:
    """ Ops or the community's leader

     Ops or the community's leader: what to hand out at the pickup point that day, by address and SKU.

    Args:
        community_id (int):
        date (datetime.date | None | Unset): YYYY-MM-DD, Asia/Shanghai; today when left out
        format_ (None | OrdersPickupListFormatType0 | Unset): csv, or send Accept: text/csv

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PickupList | ProblemDetail
     """


    return (await asyncio_detailed(
        client=client,
community_id=community_id,
date=date,
format_=format_,

    )).parsed
