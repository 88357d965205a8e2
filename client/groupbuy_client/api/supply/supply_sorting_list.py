from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem_detail import ProblemDetail
from ...models.sorting_list import SortingList
from ...models.supply_sorting_list_format_type_0 import SupplySortingListFormatType0
from ...types import UNSET, Unset
from typing import cast
import datetime



def _get_kwargs(
    *,
    format_: None | SupplySortingListFormatType0 | Unset = UNSET,
    date: datetime.date | None | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_format_: None | str | Unset
    if isinstance(format_, Unset):
        json_format_ = UNSET
    elif isinstance(format_, SupplySortingListFormatType0):
        json_format_ = format_.value
    else:
        json_format_ = format_
    params["format"] = json_format_

    json_date: None | str | Unset
    if isinstance(date, Unset):
        json_date = UNSET
    elif isinstance(date, datetime.date):
        json_date = date.isoformat()
    else:
        json_date = date
    params["date"] = json_date


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/supply/sorting-list",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ProblemDetail | SortingList | None:
    if response.status_code == 200:
        response_200 = SortingList.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ProblemDetail | SortingList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    format_: None | SupplySortingListFormatType0 | Unset = UNSET,
    date: datetime.date | None | Unset = UNSET,

) -> Response[ProblemDetail | SortingList]:
    """ Ops, for the warehouse (分拣单)

     Ops, for the warehouse (分拣单): per community and SKU, the units to sort for a delivery day.

    Args:
        format_ (None | SupplySortingListFormatType0 | Unset): csv, or send Accept: text/csv
        date (datetime.date | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | SortingList]
     """


    kwargs = _get_kwargs(
        format_=format_,
date=date,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    format_: None | SupplySortingListFormatType0 | Unset = UNSET,
    date: datetime.date | None | Unset = UNSET,

) -> ProblemDetail | SortingList | None:
    """ Ops, for the warehouse (分拣单)

     Ops, for the warehouse (分拣单): per community and SKU, the units to sort for a delivery day.

    Args:
        format_ (None | SupplySortingListFormatType0 | Unset): csv, or send Accept: text/csv
        date (datetime.date | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | SortingList
     """


    return sync_detailed(
        client=client,
format_=format_,
date=date,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    format_: None | SupplySortingListFormatType0 | Unset = UNSET,
    date: datetime.date | None | Unset = UNSET,

) -> Response[ProblemDetail | SortingList]:
    """ Ops, for the warehouse (分拣单)

     Ops, for the warehouse (分拣单): per community and SKU, the units to sort for a delivery day.

    Args:
        format_ (None | SupplySortingListFormatType0 | Unset): csv, or send Accept: text/csv
        date (datetime.date | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | SortingList]
     """


    kwargs = _get_kwargs(
        format_=format_,
date=date,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    format_: None | SupplySortingListFormatType0 | Unset = UNSET,
    date: datetime.date | None | Unset = UNSET,

) -> ProblemDetail | SortingList | None:
    """ Ops, for the warehouse (分拣单)

     Ops, for the warehouse (分拣单): per community and SKU, the units to sort for a delivery day.

    Args:
        format_ (None | SupplySortingListFormatType0 | Unset): csv, or send Accept: text/csv
        date (datetime.date | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | SortingList
     """


    return (await asyncio_detailed(
        client=client,
format_=format_,
date=date,

    )).parsed
