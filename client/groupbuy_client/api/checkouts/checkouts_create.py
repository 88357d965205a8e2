from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.checkout_create import CheckoutCreate
from ...models.checkout_placed import CheckoutPlaced
from ...models.problem_detail import ProblemDetail
from typing import cast



def _get_kwargs(
    *,
    body: CheckoutCreate,
    idempotency_key: str,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Idempotency-Key"] = idempotency_key



    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/checkouts",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> CheckoutPlaced | ProblemDetail | None:
    if response.status_code == 201:
        response_201 = CheckoutPlaced.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[CheckoutPlaced | ProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: CheckoutCreate,
    idempotency_key: str,

) -> Response[CheckoutPlaced | ProblemDetail]:
    """ Check a basket out (the lines given, or your whole cart)

     Check a basket out (the lines given, or your whole cart): every line an order of its own, all held
    or
    none (the answer names the line that failed and why), one payment for the sum.  The same
    Idempotency-Key with the same body returns the same checkout.

    Args:
        idempotency_key (str): Chosen by the client, one per intended order
        body (CheckoutCreate): A basket paid once, delivered to one of the buyer's addresses: the
            lines given, or — without
            ``lines`` — every line of the buyer's cart.  Lines checked out leave the cart.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CheckoutPlaced | ProblemDetail]
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
    body: CheckoutCreate,
    idempotency_key: str,

) -> CheckoutPlaced | ProblemDetail | None:
    """ Check a basket out (the lines given, or your whole cart)

     Check a basket out (the lines given, or your whole cart): every line an order of its own, all held
    or
    none (the answer names the line that failed and why), one payment for the sum.  The same
    Idempotency-Key with the same body returns the same checkout.

    Args:
        idempotency_key (str): Chosen by the client, one per intended order
        body (CheckoutCreate): A basket paid once, delivered to one of the buyer's addresses: the
            lines given, or — without
            ``lines`` — every line of the buyer's cart.  Lines checked out leave the cart.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CheckoutPlaced | ProblemDetail
     """


    return sync_detailed(
        client=client,
body=body,
idempotency_key=idempotency_key,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: CheckoutCreate,
    idempotency_key: str,

) -> Response[CheckoutPlaced | ProblemDetail]:
    """ Check a basket out (the lines given, or your whole cart)

     Check a basket out (the lines given, or your whole cart): every line an order of its own, all held
    or
    none (the answer names the line that failed and why), one payment for the sum.  The same
    Idempotency-Key with the same body returns the same checkout.

    Args:
        idempotency_key (str): Chosen by the client, one per intended order
        body (CheckoutCreate): A basket paid once, delivered to one of the buyer's addresses: the
            lines given, or — without
            ``lines`` — every line of the buyer's cart.  Lines checked out leave the cart.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CheckoutPlaced | ProblemDetail]
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
    body: CheckoutCreate,
    idempotency_key: str,

) -> CheckoutPlaced | ProblemDetail | None:
    """ Check a basket out (the lines given, or your whole cart)

     Check a basket out (the lines given, or your whole cart): every line an order of its own, all held
    or
    none (the answer names the line that failed and why), one payment for the sum.  The same
    Idempotency-Key with the same body returns the same checkout.

    Args:
        idempotency_key (str): Chosen by the client, one per intended order
        body (CheckoutCreate): A basket paid once, delivered to one of the buyer's addresses: the
            lines given, or — without
            ``lines`` — every line of the buyer's cart.  Lines checked out leave the cart.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CheckoutPlaced | ProblemDetail
     """


    return (await asyncio_detailed(
        client=client,
body=body,
idempotency_key=idempotency_key,

    )).parsed
