from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem_detail import ProblemDetail
from ...models.team import Team
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    user_id: int | None | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_user_id: int | None | Unset
    if isinstance(user_id, Unset):
        json_user_id = UNSET
    else:
        json_user_id = user_id
    params["user_id"] = json_user_id


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/referrals/team",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ProblemDetail | Team | None:
    if response.status_code == 200:
        response_200 = Team.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ProblemDetail | Team]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    user_id: int | None | Unset = UNSET,

) -> Response[ProblemDetail | Team]:
    """ The caller's downline per tree level and their latest direct referees, personal data masked

     The caller's downline per tree level and their latest direct referees, personal data masked.

    Args:
        user_id (int | None | Unset): ops: someone else's

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | Team]
     """


    kwargs = _get_kwargs(
        user_id=user_id,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    user_id: int | None | Unset = UNSET,

) -> ProblemDetail | Team | None:
    """ The caller's downline per tree level and their latest direct referees, personal data masked

     The caller's downline per tree level and their latest direct referees, personal data masked.

    Args:
        user_id (int | None | Unset): ops: someone else's

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | Team
     """


    return sync_detailed(
        client=client,
user_id=user_id,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    user_id: int | None | Unset = UNSET,

) -> Response[ProblemDetail | Team]:
    """ The caller's downline per tree level and their latest direct referees, personal data masked

     The caller's downline per tree level and their latest direct referees, personal data masked.

    Args:
        user_id (int | None | Unset): ops: someone else's

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | Team]
     """


    kwargs = _get_kwargs(
        user_id=user_id,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    user_id: int | None | Unset = UNSET,

) -> ProblemDetail | Team | None:
    """ The caller's downline per tree level and their latest direct referees, personal data masked

     The caller's downline per tree level and their latest direct referees, personal data masked.

    Args:
        user_id (int | None | Unset): ops: someone else's

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | Team
     """


    return (await asyncio_detailed(
        client=client,
user_id=user_id,

    )).parsed
