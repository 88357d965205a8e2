from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem_detail import ProblemDetail
from ...models.refund_public import RefundPublic
from ...models.refund_retry import RefundRetry
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    refund_id: int,
    *,
    body: None | RefundRetry | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/orders/refunds/{refund_id}/retry".format(refund_id=quote(str(refund_id), safe=""),),
    }

    
    if isinstance(body, RefundRetry):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ProblemDetail | RefundPublic | None:
    if response.status_code == 200:
        response_200 = RefundPublic.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ProblemDetail | RefundPublic]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    refund_id: int,
    *,
    client: AuthenticatedClient,
    body: None | RefundRetry | Unset = UNSET,

) -> Response[ProblemDetail | RefundPublic]:
    """ Ops

     Ops: send a failed refund to the provider again (after fixing what made it fail); an abnormal or
    closed one goes out again under a new refund number.  Idempotent; audited on the refund and the
    order.

    Args:
        refund_id (int):
        body (None | RefundRetry | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | RefundPublic]
     """


    kwargs = _get_kwargs(
        refund_id=refund_id,
body=body,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    refund_id: int,
    *,
    client: AuthenticatedClient,
    body: None | RefundRetry | Unset = UNSET,

) -> ProblemDetail | RefundPublic | None:
    """ Ops

     Ops: send a failed refund to the provider again (after fixing what made it fail); an abnormal or
    closed one goes out again under a new refund number.  Idempotent; audited on the refund and the
    order.

    Args:
        refund_id (int):
        body (None | RefundRetry | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | RefundPublic
     """


    return sync_detailed(
        refund_id=refund_id,
client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    refund_id: int,
    *,
    client: AuthenticatedClient,
    body: None | RefundRetry | Unset = UNSET,

) -> Response[ProblemDetail | RefundPublic]:
    """ Ops

     Ops: send a failed refund to the provider again (after fixing what made it fail); an abnormal or
    closed one goes out again under a new refund number.  Idempotent; audited on the refund and the
    order.

    Args:
        refund_id (int):
        body (None | RefundRetry | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | RefundPublic]
     """


    kwargs = _get_kwargs(
        refund_id=refund_id,
body=body,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    refund_id: int,
    *,
    client: AuthenticatedClient,
    body: None | RefundRetry | Unset = UNSET,

) -> ProblemDetail | RefundPublic | None:
    """ Ops

     Ops: send a failed refund to the provider again (after fixing what made it fail); an abnormal or
    closed one goes out again under a new refund number.  Idempotent; audited on the refund and the
    order.

    Args:
        refund_id (int):
        body (None | RefundRetry | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | RefundPublic
     """


    return (await asyncio_detailed(
        refund_id=refund_id,
client=client,
body=body,

    )).parsed
