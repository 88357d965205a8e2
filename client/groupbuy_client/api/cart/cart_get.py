from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.cart import Cart
from ...models.problem_detail import ProblemDetail
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    address_id: int | None | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_address_id: int | None | Unset
    if isinstance(address_id, Unset):
        json_address_id = UNSET
    else:
        json_address_id = address_id
    params["address_id"] = json_address_id


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/cart",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Cart | ProblemDetail | None:
    if response.status_code == 200:
        response_200 = Cart.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Cart | ProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    address_id: int | None | Unset = UNSET,

) -> Response[Cart | ProblemDetail]:
    """ Your cart, every line quoted live, lines that can no longer be bought marked with why

     Your cart, every line quoted live, lines that can no longer be bought marked with why.

    Args:
        address_id (int | None | Unset): Quote ladder lines at the group open at this address of
            yours

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Cart | ProblemDetail]
     """


    kwargs = _get_kwargs(
        address_id=address_id,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    address_id: int | None | Unset = UNSET,

) -> Cart | ProblemDetail | None:
    """ Your cart, every line quoted live, lines that can no longer be bought marked with why

     Your cart, every line quoted live, lines that can no longer be bought marked with why.

    Args:
        address_id (int | None | Unset): Quote ladder lines at the group open at this address of
            yours

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Cart | ProblemDetail
     """


    return sync_detailed(
        client=client,
address_id=address_id,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    address_id: int | None | Unset = UNSET,

) -> Response[Cart | ProblemDetail]:
    """ Your cart, every line quoted live, lines that can no longer be bought marked with why

     Your cart, every line quoted live, lines that can no longer be bought marked with why.

    Args:
        address_id (int | None | Unset): Quote ladder lines at the group open at this address of
            yours

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Cart | ProblemDetail]
     """


    kwargs = _get_kwargs(
        address_id=address_id,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    address_id: int | None | Unset = UNSET,

) -> Cart | ProblemDetail | None:
    """ Your cart, every line quoted live, lines that can no longer be bought marked with why

     Your cart, every line quoted live, lines that can no longer be bought marked with why.

    Args:
        address_id (int | None | Unset): Quote ladder lines at the group open at this address of
            yours

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Cart | ProblemDetail
     """


    return (await asyncio_detailed(
        client=client,
address_id=address_id,

    )).parsed
