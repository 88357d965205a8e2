from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem_detail import ProblemDetail
from ...models.profile_update import ProfileUpdate
from ...models.user_public import UserPublic
from typing import cast



def _get_kwargs(
    *,
    body: ProfileUpdate,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/v1/users/me",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ProblemDetail | UserPublic | None:
    if response.status_code == 200:
        response_200 = UserPublic.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ProblemDetail | UserPublic]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: ProfileUpdate,

) -> Response[ProblemDetail | UserPublic]:
    """ Change your nickname (1–32 visible characters) or avatar (an https URL

     Change your nickname (1–32 visible characters) or avatar (an https URL; null removes it).

    Args:
        body (ProfileUpdate): Only what is sent changes; ``avatar_url: null`` removes the avatar.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | UserPublic]
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
    body: ProfileUpdate,

) -> ProblemDetail | UserPublic | None:
    """ Change your nickname (1–32 visible characters) or avatar (an https URL

     Change your nickname (1–32 visible characters) or avatar (an https URL; null removes it).

    Args:
        body (ProfileUpdate): Only what is sent changes; ``avatar_url: null`` removes the avatar.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | UserPublic
     """


    return sync_detailed(
        client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: ProfileUpdate,

) -> Response[ProblemDetail | UserPublic]:
    """ Change your nickname (1–32 visible characters) or avatar (an https URL

     Change your nickname (1–32 visible characters) or avatar (an https URL; null removes it).

    Args:
        body (ProfileUpdate): Only what is sent changes; ``avatar_url: null`` removes the avatar.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | UserPublic]
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
    body: ProfileUpdate,

) -> ProblemDetail | UserPublic | None:
    """ Change your nickname (1–32 visible characters) or avatar (an https URL

     Change your nickname (1–32 visible characters) or avatar (an https URL; null removes it).

    Args:
        body (ProfileUpdate): Only what is sent changes; ``avatar_url: null`` removes the avatar.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | UserPublic
     """


    return (await asyncio_detailed(
        client=client,
body=body,

    )).parsed
