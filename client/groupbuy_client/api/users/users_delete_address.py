from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem_detail import ProblemDetail
from typing import cast



def _get_kwargs(
    address_id: int,

) -> dict[str, Any]:
    

    

    

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/v1/users/me/addresses/{address_id}".format(address_id=quote(str(address_id), safe=""),),
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | ProblemDetail | None:
    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | ProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    address_id: int,
    *,
    client: AuthenticatedClient,

) -> Response[Any | ProblemDetail]:
    """ Remove an address from your book (orders placed to it keep it)

     Remove an address from your book (orders placed to it keep it); deleting it again changes nothing.

    Args:
        address_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ProblemDetail]
     """


    kwargs = _get_kwargs(
        address_id=address_id,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    address_id: int,
    *,
    client: AuthenticatedClient,

) -> Any | ProblemDetail | None:
    """ Remove an address from your book (orders placed to it keep it)

     Remove an address from your book (orders placed to it keep it); deleting it again changes nothing.

    Args:
        address_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ProblemDetail
     """


    return sync_detailed(
        address_id=address_id,
client=client,

    ).parsed

async def asyncio_detailed(
    address_id: int,
    *,
    client: AuthenticatedClient,

) -> Response[Any | ProblemDetail]:
    """ Remove an address from your book (orders placed to it keep it)

     Remove an address from your book (orders placed to it keep it); deleting it again changes nothing.

    Args:
        address_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ProblemDetail]
     """


    kwargs = _get_kwargs(
        address_id=address_id,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    address_id: int,
    *,
    client: AuthenticatedClient,

) -> Any | ProblemDetail | None:
    """ Remove an address from your book (orders placed to it keep it)

     Remove an address from your book (orders placed to it keep it); deleting it again changes nothing.

    Args:
        address_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ProblemDetail
     """


    return (await asyncio_detailed(
        address_id=address_id,
client=client,

    )).parsed
