from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.cart_line_public import CartLinePublic
from ...models.cart_line_update import CartLineUpdate
from ...models.problem_detail import ProblemDetail
from typing import cast



def _get_kwargs(
    line_id: int,
    *,
    body: CartLineUpdate,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/v1/cart/lines/{line_id}".format(line_id=quote(str(line_id), safe=""),),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> CartLinePublic | ProblemDetail | None:
    if response.status_code == 200:
        response_200 = CartLinePublic.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[CartLinePublic | ProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    line_id: int,
    *,
    client: AuthenticatedClient,
    body: CartLineUpdate,

) -> Response[CartLinePublic | ProblemDetail]:
    """ Change Cart Line

    Args:
        line_id (int):
        body (CartLineUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CartLinePublic | ProblemDetail]
     """


    kwargs = _get_kwargs(
        line_id=line_id,
body=body,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    line_id: int,
    *,
    client: AuthenticatedClient,
    body: CartLineUpdate,

) -> CartLinePublic | ProblemDetail | None:
    """ Change Cart Line

    Args:
        line_id (int):
        body (CartLineUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CartLinePublic | ProblemDetail
     """


    return sync_detailed(
        line_id=line_id,
client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    line_id: int,
    *,
    client: AuthenticatedClient,
    body: CartLineUpdate,

) -> Response[CartLinePublic | ProblemDetail]:
    """ Change Cart Line

    Args:
        line_id (int):
        body (CartLineUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CartLinePublic | ProblemDetail]
     """


    kwargs = _get_kwargs(
        line_id=line_id,
body=body,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    line_id: int,
    *,
    client: AuthenticatedClient,
    body: CartLineUpdate,

) -> CartLinePublic | ProblemDetail | None:
    """ Change Cart Line

    Args:
        line_id (int):
        body (CartLineUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CartLinePublic | ProblemDetail
     """


    return (await asyncio_detailed(
        line_id=line_id,
client=client,
body=body,

    )).parsed
