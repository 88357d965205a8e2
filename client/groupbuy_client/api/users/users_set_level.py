from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.level_set import LevelSet
from ...models.my_points import MyPoints
from ...models.problem_detail import ProblemDetail
from typing import cast



def _get_kwargs(
    user_id: int,
    *,
    body: LevelSet,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/v1/users/{user_id}/level".format(user_id=quote(str(user_id), safe=""),),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> MyPoints | ProblemDetail | None:
    if response.status_code == 200:
        response_200 = MyPoints.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[MyPoints | ProblemDetail]:
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
    body: LevelSet,

) -> Response[MyPoints | ProblemDetail]:
    """ Set a user's level by hand (ops, admin), up or down, with the reason kept in the level history

     Set a user's level by hand (ops, admin), up or down, with the reason kept in the level history.

    Args:
        user_id (int):
        body (LevelSet):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[MyPoints | ProblemDetail]
     """


    kwargs = _get_kwargs(
        user_id=user_id,
body=body,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    user_id: int,
    *,
    client: AuthenticatedClient,
    body: LevelSet,

) -> MyPoints | ProblemDetail | None:
    """ Set a user's level by hand (ops, admin), up or down, with the reason kept in the level history

     Set a user's level by hand (ops, admin), up or down, with the reason kept in the level history.

    Args:
        user_id (int):
        body (LevelSet):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        MyPoints | ProblemDetail
     """


    return sync_detailed(
        user_id=user_id,
client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    user_id: int,
    *,
    client: AuthenticatedClient,
    body: LevelSet,

) -> Response[MyPoints | ProblemDetail]:
    """ Set a user's level by hand (ops, admin), up or down, with the reason kept in the level history

     Set a user's level by hand (ops, admin), up or down, with the reason kept in the level history.

    Args:
        user_id (int):
        body (LevelSet):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[MyPoints | ProblemDetail]
     """


    kwargs = _get_kwargs(
        user_id=user_id,
body=body,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    user_id: int,
    *,
    client: AuthenticatedClient,
    body: LevelSet,

) -> MyPoints | ProblemDetail | None:
    """ Set a user's level by hand (ops, admin), up or down, with the reason kept in the level history

     Set a user's level by hand (ops, admin), up or down, with the reason kept in the level history.

    Args:
        user_id (int):
        body (LevelSet):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        MyPoints | ProblemDetail
     """


    return (await asyncio_detailed(
        user_id=user_id,
client=client,
body=body,

    )).parsed
