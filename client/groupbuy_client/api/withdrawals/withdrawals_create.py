from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem_detail import ProblemDetail
from ...models.withdrawal_public import WithdrawalPublic
from ...models.withdrawal_request import WithdrawalRequest
from typing import cast



def _get_kwargs(
    *,
    body: WithdrawalRequest,
    idempotency_key: str,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Idempotency-Key"] = idempotency_key



    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/withdrawals",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | ProblemDetail | WithdrawalPublic | None:
    if response.status_code == 201:
        response_201 = WithdrawalPublic.from_dict(response.json())



        return response_201

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | ProblemDetail | WithdrawalPublic]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: WithdrawalRequest,
    idempotency_key: str,

) -> Response[Any | ProblemDetail | WithdrawalPublic]:
    """ Ask to withdraw from the available balance (held at once

     Ask to withdraw from the available balance (held at once; paid out once ops approve).  The same
    Idempotency-Key answers the first request again (200).

    Args:
        idempotency_key (str): Chosen by the client, one per intended withdrawal
        body (WithdrawalRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ProblemDetail | WithdrawalPublic]
     """


    kwargs = _get_kwargs(
        body=body,
idempotency_key=idempotency_key,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    body: WithdrawalRequest,
    idempotency_key: str,

) -> Any | ProblemDetail | WithdrawalPublic | None:
    """ Ask to withdraw from the available balance (held at once

     Ask to withdraw from the available balance (held at once; paid out once ops approve).  The same
    Idempotency-Key answers the first request again (200).

    Args:
        idempotency_key (str): Chosen by the client, one per intended withdrawal
        body (WithdrawalRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ProblemDetail | WithdrawalPublic
     """


    return sync_detailed(
        client=client,
body=body,
idempotency_key=idempotency_key,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: WithdrawalRequest,
    idempotency_key: str,

) -> Response[Any | ProblemDetail | WithdrawalPublic]:
    """ Ask to withdraw from the available balance (held at once

     Ask to withdraw from the available balance (held at once; paid out once ops approve).  The same
    Idempotency-Key answers the first request again (200).

    Args:
        idempotency_key (str): Chosen by the client, one per intended withdrawal
        body (WithdrawalRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ProblemDetail | WithdrawalPublic]
     """


    kwargs = _get_kwargs(
        body=body,
idempotency_key=idempotency_key,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    body: WithdrawalRequest,
    idempotency_key: str,

) -> Any | ProblemDetail | WithdrawalPublic | None:
    """ Ask to withdraw from the available balance (held at once

     Ask to withdraw from the available balance (held at once; paid out once ops approve).  The same
    Idempotency-Key answers the first request again (200).

    Args:
        idempotency_key (str): Chosen by the client, one per intended withdrawal
        body (WithdrawalRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ProblemDetail | WithdrawalPublic
     """


    return (await asyncio_detailed(
        client=client,
body=body,
idempotency_key=idempotency_key,

    )).parsed
