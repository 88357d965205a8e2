from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.pickup_codes import PickupCodes
from ...models.problem_detail import ProblemDetail
from ...types import UNSET, Unset
from typing import cast
import datetime



def _get_kwargs(
    *,
    date: datetime.date | None | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

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
        "url": "/v1/orders/pickup-code",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> PickupCodes | ProblemDetail | None:
    if response.status_code == 200:
        response_200 = PickupCodes.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[PickupCodes | ProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    date: datetime.date | None | Unset = UNSET,

) -> Response[PickupCodes | ProblemDetail]:
    """ Your pickup codes (核销码) for the day

     Your pickup codes (核销码) for the day: one per pickup point where something of yours waits, with those
    orders and the text of the QR image to show the leader.

    Args:
        date (datetime.date | None | Unset): YYYY-MM-DD, Asia/Shanghai; today when left out

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PickupCodes | ProblemDetail]
     """


    kwargs = _get_kwargs(
        date=date,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    date: datetime.date | None | Unset = UNSET,

) -> PickupCodes | ProblemDetail | None:
    """ Your pickup codes (核销码) for the day

     Your pickup codes (核销码) for the day: one per pickup point where something of yours waits, with those
    orders and the text of the QR image to show the leader.

    Args:
        date (datetime.date | None | Unset): YYYY-MM-DD, Asia/Shanghai; today when left out

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PickupCodes | ProblemDetail
     """


    return sync_detailed(
        client=client,
date=date,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    date: datetime.date | None | Unset = UNSET,

) -> Response[PickupCodes | ProblemDetail]:
    """ Your pickup codes (核销码) for the day

     Your pickup codes (核销码) for the day: one per pickup point where something of yours waits, with those
    orders and the text of the QR image to show the leader.

    Args:
        date (datetime.date | None | Unset): YYYY-MM-DD, Asia/Shanghai; today when left out

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PickupCodes | ProblemDetail]
     """


    kwargs = _get_kwargs(
        date=date,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    date: datetime.date | None | Unset = UNSET,

) -> PickupCodes | ProblemDetail | None:
    """ Your pickup codes (核销码) for the day

     Your pickup codes (核销码) for the day: one per pickup point where something of yours waits, with those
    orders and the text of the QR image to show the leader.

    Args:
        date (datetime.date | None | Unset): YYYY-MM-DD, Asia/Shanghai; today when left out

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PickupCodes | ProblemDetail
     """


    return (await asyncio_detailed(
        client=client,
date=date,

    )).parsed
