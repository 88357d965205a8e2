from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.bind_request import BindRequest
from ...models.binding import Binding
from ...models.problem_detail import ProblemDetail
from typing import cast



def _get_kwargs(
    *,
    body: BindRequest,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/referrals/bind",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | Binding | ProblemDetail | None:
    if response.status_code == 200:
        response_200 = Binding.from_dict(response.json())



        return response_200

    if response.status_code == 409:
        response_409 = cast(Any, None)
        return response_409

    if response.status_code == 422:
        response_422 = cast(Any, None)
        return response_422

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | Binding | ProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: BindRequest,

) -> Response[Any | Binding | ProblemDetail]:
    """ Bind the caller to the owner of a referral code, per the configured binding mode

     Bind the caller to the owner of a referral code, per the configured binding mode.

    Args:
        body (BindRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Binding | ProblemDetail]
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
    body: BindRequest,

) -> Any | Binding | ProblemDetail | None:
    """ Bind the caller to the owner of a referral code, per the configured binding mode

     Bind the caller to the owner of a referral code, per the configured binding mode.

    Args:
        body (BindRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Binding | ProblemDetail
     """


    return sync_detailed(
        client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: BindRequest,

) -> Response[Any | Binding | ProblemDetail]:
    """ Bind the caller to the owner of a referral code, per the configured binding mode

     Bind the caller to the owner of a referral code, per the configured binding mode.

    Args:
        body (BindRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Binding | ProblemDetail]
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
    body: BindRequest,

) -> Any | Binding | ProblemDetail | None:
    """ Bind the caller to the owner of a referral code, per the configured binding mode

     Bind the caller to the owner of a referral code, per the configured binding mode.

    Args:
        body (BindRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Binding | ProblemDetail
     """


    return (await asyncio_detailed(
        client=client,
body=body,

    )).parsed
