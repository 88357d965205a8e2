from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem_detail import ProblemDetail
from ...models.withdrawal_public import WithdrawalPublic
from typing import cast



def _get_kwargs(
    withdrawal_id: int,

) -> dict[str, Any]:
    

    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/withdrawals/{withdrawal_id}/approve".format(withdrawal_id=quote(str(withdrawal_id), safe=""),),
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ProblemDetail | WithdrawalPublic | None:
    if response.status_code == 200:
        response_200 = WithdrawalPublic.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ProblemDetail | WithdrawalPublic]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    withdrawal_id: int,
    *,
    client: AuthenticatedClient,

) -> Response[ProblemDetail | WithdrawalPublic]:
    """ Approve a withdrawal (ops)

     Approve a withdrawal (ops): it is paid out at once, and followed until the transfer is final.

    Args:
        withdrawal_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | WithdrawalPublic]
     """


    kwargs = _get_kwargs(
        withdrawal_id=withdrawal_id,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    withdrawal_id: int,
    *,
    client: AuthenticatedClient,

) -> ProblemDetail | WithdrawalPublic | None:
    """ Approve a withdrawal (ops)

     Approve a withdrawal (ops): it is paid out at once, and followed until the transfer is final.

    Args:
        withdrawal_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | WithdrawalPublic
     """


    return sync_detailed(
        withdrawal_id=withdrawal_id,
client=client,

    ).parsed

async def asyncio_detailed(
    withdrawal_id: int,
    *,
    client: AuthenticatedClient,

) -> Response[ProblemDetail | WithdrawalPublic]:
    """ Approve a withdrawal (ops)

     Approve a withdrawal (ops): it is paid out at once, and followed until the transfer is final.

    Args:
        withdrawal_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | WithdrawalPublic]
     """


    kwargs = _get_kwargs(
        withdrawal_id=withdrawal_id,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    withdrawal_id: int,
    *,
    client: AuthenticatedClient,

) -> ProblemDetail | WithdrawalPublic | None:
    """ Approve a withdrawal (ops)

     Approve a withdrawal (ops): it is paid out at once, and followed until the transfer is final.

    Args:
        withdrawal_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | WithdrawalPublic
     """


    return (await asyncio_detailed(
        withdrawal_id=withdrawal_id,
client=client,

    )).parsed
