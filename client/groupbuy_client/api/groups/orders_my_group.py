from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.group_preview import GroupPreview
from ...models.problem_detail import ProblemDetail
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    activity_id: int,
    *,
    address_id: int,
    quantity: int | Unset = 1,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["address_id"] = address_id

    params["quantity"] = quantity


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/activities/{activity_id}/my-group".format(activity_id=quote(str(activity_id), safe=""),),
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> GroupPreview | ProblemDetail | None:
    if response.status_code == 200:
        response_200 = GroupPreview.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[GroupPreview | ProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    activity_id: int,
    *,
    client: AuthenticatedClient,
    address_id: int,
    quantity: int | Unset = 1,

) -> Response[GroupPreview | ProblemDetail]:
    """ The group you would join in this activity at one of your addresses (or that none is open there yet),
    its progress...

     The group you would join in this activity at one of your addresses (or that none is open there yet),
    its progress and the price you would pay now — without placing an order or holding stock.

    Args:
        activity_id (int):
        address_id (int):
        quantity (int | Unset): Units the order would buy Default: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GroupPreview | ProblemDetail]
     """


    kwargs = _get_kwargs(
        activity_id=activity_id,
address_id=address_id,
quantity=quantity,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    activity_id: int,
    *,
    client: AuthenticatedClient,
    address_id: int,
    quantity: int | Unset = 1,

) -> GroupPreview | ProblemDetail | None:
    """ The group you would join in this activity at one of your addresses (or that none is open there yet),
    its progress...

     The group you would join in this activity at one of your addresses (or that none is open there yet),
    its progress and the price you would pay now — without placing an order or holding stock.

    Args:
        activity_id (int):
        address_id (int):
        quantity (int | Unset): Units the order would buy Default: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GroupPreview | ProblemDetail
     """


    return sync_detailed(
        activity_id=activity_id,
client=client,
address_id=address_id,
quantity=quantity,

    ).parsed

async def asyncio_detailed(
    activity_id: int,
    *,
    client: AuthenticatedClient,
    address_id: int,
    quantity: int | Unset = 1,

) -> Response[GroupPreview | ProblemDetail]:
    """ The group you would join in this activity at one of your addresses (or that none is open there yet),
    its progress...

     The group you would join in this activity at one of your addresses (or that none is open there yet),
    its progress and the price you would pay now — without placing an order or holding stock.

    Args:
        activity_id (int):
        address_id (int):
        quantity (int | Unset): Units the order would buy Default: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GroupPreview | ProblemDetail]
     """


    kwargs = _get_kwargs(
        activity_id=activity_id,
address_id=address_id,
quantity=quantity,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    activity_id: int,
    *,
    client: AuthenticatedClient,
    address_id: int,
    quantity: int | Unset = 1,

) -> GroupPreview | ProblemDetail | None:
    """ The group you would join in this activity at one of your addresses (or that none is open there yet),
    its progress...

     The group you would join in this activity at one of your addresses (or that none is open there yet),
    its progress and the price you would pay now — without placing an order or holding stock.

    Args:
        activity_id (int):
        address_id (int):
        quantity (int | Unset): Units the order would buy Default: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GroupPreview | ProblemDetail
     """


    return (await asyncio_detailed(
        activity_id=activity_id,
client=client,
address_id=address_id,
quantity=quantity,

    )).parsed
