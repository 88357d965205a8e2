from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem_detail import ProblemDetail
from ...models.tree_node import TreeNode
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    user_id: int,
    *,
    depth: int | Unset = 3,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["depth"] = depth


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/referrals/tree/{user_id}".format(user_id=quote(str(user_id), safe=""),),
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ProblemDetail | TreeNode | None:
    if response.status_code == 200:
        response_200 = TreeNode.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ProblemDetail | TreeNode]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    user_id: int,
    *,
    client: AuthenticatedClient,
    depth: int | Unset = 3,

) -> Response[ProblemDetail | TreeNode]:
    """ A user's referrer and downline (ops)

     A user's referrer and downline (ops): user ids and levels, up to 100 referees shown per user.

    Args:
        user_id (int):
        depth (int | Unset): Levels below the user Default: 3.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | TreeNode]
     """


    kwargs = _get_kwargs(
        user_id=user_id,
depth=depth,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    user_id: int,
    *,
    client: AuthenticatedClient,
    depth: int | Unset = 3,

) -> ProblemDetail | TreeNode | None:
    """ A user's referrer and downline (ops)

     A user's referrer and downline (ops): user ids and levels, up to 100 referees shown per user.

    Args:
        user_id (int):
        depth (int | Unset): Levels below the user Default: 3.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | TreeNode
     """


    return sync_detailed(
        user_id=user_id,
client=client,
depth=depth,

    ).parsed

async def asyncio_detailed(
    user_id: int,
    *,
    client: AuthenticatedClient,
    depth: int | Unset = 3,

) -> Response[ProblemDetail | TreeNode]:
    """ A user's referrer and downline (ops)

     A user's referrer and downline (ops): user ids and levels, up to 100 referees shown per user.

    Args:
        user_id (int):
        depth (int | Unset): Levels below the user Default: 3.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | TreeNode]
     """


    kwargs = _get_kwargs(
        user_id=user_id,
depth=depth,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    user_id: int,
    *,
    client: AuthenticatedClient,
    depth: int | Unset = 3,

) -> ProblemDetail | TreeNode | None:
    """ A user's referrer and downline (ops)

     A user's referrer and downline (ops): user ids and levels, up to 100 referees shown per user.

    Args:
        user_id (int):
        depth (int | Unset): Levels below the user Default: 3.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | TreeNode
     """


    return (await asyncio_detailed(
        user_id=user_id,
client=client,
depth=depth,

    )).parsed
