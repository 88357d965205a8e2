from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.my_community import MyCommunity
from ...models.problem_detail import ProblemDetail
from typing import cast



def _get_kwargs(
    community_id: int,

) -> dict[str, Any]:
    

    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/communities/{community_id}/join".format(community_id=quote(str(community_id), safe=""),),
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> MyCommunity | ProblemDetail | None:
    if response.status_code == 200:
        response_200 = MyCommunity.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[MyCommunity | ProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    community_id: int,
    *,
    client: AuthenticatedClient,

) -> Response[MyCommunity | ProblemDetail]:
    """ Join a community (leaving the one you were in)

     Join a community (leaving the one you were in).

    Args:
        community_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[MyCommunity | ProblemDetail]
     """


    kwargs = _get_kwargs(
        community_id=community_id,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    community_id: int,
    *,
    client: AuthenticatedClient,

) -> MyCommunity | ProblemDetail | None:
    """ Join a community (leaving the one you were in)

     Join a community (leaving the one you were in).

    Args:
        community_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        MyCommunity | ProblemDetail
     """


    return sync_detailed(
        community_id=community_id,
client=client,

    ).parsed

async def asyncio_detailed(
    community_id: int,
    *,
    client: AuthenticatedClient,

) -> Response[MyCommunity | ProblemDetail]:
    """ Join a community (leaving the one you were in)

     Join a community (leaving the one you were in).

    Args:
        community_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[MyCommunity | ProblemDetail]
     """


    kwargs = _get_kwargs(
        community_id=community_id,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    community_id: int,
    *,
    client: AuthenticatedClient,

) -> MyCommunity | ProblemDetail | None:
    """ Join a community (leaving the one you were in)

     Join a community (leaving the one you were in).

    Args:
        community_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        MyCommunity | ProblemDetail
     """


    return (await asyncio_detailed(
        community_id=community_id,
client=client,

    )).parsed
