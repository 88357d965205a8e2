from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.home_stored import HomeStored
from ...models.home_update import HomeUpdate
from ...models.problem_detail import ProblemDetail
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    body: HomeUpdate,
    if_match: None | str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_match, Unset):
        headers["if-match"] = if_match



    

    

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/v1/home",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | HomeStored | ProblemDetail | None:
    if response.status_code == 200:
        response_200 = HomeStored.from_dict(response.json())



        return response_200

    if response.status_code == 412:
        response_412 = cast(Any, None)
        return response_412

    if response.status_code == 428:
        response_428 = cast(Any, None)
        return response_428

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | HomeStored | ProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: HomeUpdate,
    if_match: None | str | Unset = UNSET,

) -> Response[Any | HomeStored | ProblemDetail]:
    """ Replace the home page document

     Replace the home page document; name the version edited (``If-Match`` or ``version``).

    Args:
        if_match (None | str | Unset): "<version>" edited
        body (HomeUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | HomeStored | ProblemDetail]
     """


    kwargs = _get_kwargs(
        body=body,
if_match=if_match,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    body: HomeUpdate,
    if_match: None | str | Unset = UNSET,

) -> Any | HomeStored | ProblemDetail | None:
    """ Replace the home page document

     Replace the home page document; name the version edited (``If-Match`` or ``version``).

    Args:
        if_match (None | str | Unset): "<version>" edited
        body (HomeUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | HomeStored | ProblemDetail
     """


    return sync_detailed(
        client=client,
body=body,
if_match=if_match,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: HomeUpdate,
    if_match: None | str | Unset = UNSET,

) -> Response[Any | HomeStored | ProblemDetail]:
    """ Replace the home page document

     Replace the home page document; name the version edited (``If-Match`` or ``version``).

    Args:
        if_match (None | str | Unset): "<version>" edited
        body (HomeUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | HomeStored | ProblemDetail]
     """


    kwargs = _get_kwargs(
        body=body,
if_match=if_match,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    body: HomeUpdate,
    if_match: None | str | Unset = UNSET,

) -> Any | HomeStored | ProblemDetail | None:
    """ Replace the home page document

     Replace the home page document; name the version edited (``If-Match`` or ``version``).

    Args:
        if_match (None | str | Unset): "<version>" edited
        body (HomeUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | HomeStored | ProblemDetail
     """


    return (await asyncio_detailed(
        client=client,
body=body,
if_match=if_match,

    )).parsed
