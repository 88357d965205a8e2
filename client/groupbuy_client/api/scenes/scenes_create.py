from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem_detail import ProblemDetail
from ...models.scene_create import SceneCreate
from ...models.scene_public import ScenePublic
from typing import cast



def _get_kwargs(
    *,
    body: SceneCreate,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/scenes",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ProblemDetail | ScenePublic | None:
    if response.status_code == 201:
        response_201 = ScenePublic.from_dict(response.json())



        return response_201

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ProblemDetail | ScenePublic]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: SceneCreate,

) -> Response[ProblemDetail | ScenePublic]:
    """ A scene for a mini-program code sharing a referral, a product, a ladder group (its participants or
    ops

     A scene for a mini-program code sharing a referral, a product, a ladder group (its participants or
    ops: the code carries the group's share link) or a community.

    Args:
        body (SceneCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | ScenePublic]
     """


    kwargs = _get_kwargs(
        body=body,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    body: SceneCreate,

) -> ProblemDetail | ScenePublic | None:
    """ A scene for a mini-program code sharing a referral, a product, a ladder group (its participants or
    ops

     A scene for a mini-program code sharing a referral, a product, a ladder group (its participants or
    ops: the code carries the group's share link) or a community.

    Args:
        body (SceneCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | ScenePublic
     """


    return sync_detailed(
        client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: SceneCreate,

) -> Response[ProblemDetail | ScenePublic]:
    """ A scene for a mini-program code sharing a referral, a product, a ladder group (its participants or
    ops

     A scene for a mini-program code sharing a referral, a product, a ladder group (its participants or
    ops: the code carries the group's share link) or a community.

    Args:
        body (SceneCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | ScenePublic]
     """


    kwargs = _get_kwargs(
        body=body,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    body: SceneCreate,

) -> ProblemDetail | ScenePublic | None:
    """ A scene for a mini-program code sharing a referral, a product, a ladder group (its participants or
    ops

     A scene for a mini-program code sharing a referral, a product, a ladder group (its participants or
    ops: the code carries the group's share link) or a community.

    Args:
        body (SceneCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | ScenePublic
     """


    return (await asyncio_detailed(
        client=client,
body=body,

    )).parsed
