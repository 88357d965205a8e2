from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.checkout_public import CheckoutPublic
from ...models.problem_detail import ProblemDetail
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    checkout_id: int,
    *,
    notify: bool | Unset = True,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["notify"] = notify


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/payments/sandbox/checkouts/{checkout_id}".format(checkout_id=quote(str(checkout_id), safe=""),),
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> CheckoutPublic | ProblemDetail | None:
    if response.status_code == 200:
        response_200 = CheckoutPublic.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[CheckoutPublic | ProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    checkout_id: int,
    *,
    client: AuthenticatedClient,
    notify: bool | Unset = True,

) -> Response[CheckoutPublic | ProblemDetail]:
    """ Embedded default only

     Embedded default only: pay one of your checkouts, through the same notification path WeChat Pay
    uses.

    Args:
        checkout_id (int):
        notify (bool | Unset): False: the notification is lost; the checkout is found paid by
            asking Default: True.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CheckoutPublic | ProblemDetail]
     """


    kwargs = _get_kwargs(
        checkout_id=checkout_id,
notify=notify,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    checkout_id: int,
    *,
    client: AuthenticatedClient,
    notify: bool | Unset = True,

) -> CheckoutPublic | ProblemDetail | None:
    """ Embedded default only

     Embedded default only: pay one of your checkouts, through the same notification path WeChat Pay
    uses.

    Args:
        checkout_id (int):
        notify (bool | Unset): False: the notification is lost; the checkout is found paid by
            asking Default: True.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CheckoutPublic | ProblemDetail
     """


    return sync_detailed(
        checkout_id=checkout_id,
client=client,
notify=notify,

    ).parsed

async def asyncio_detailed(
    checkout_id: int,
    *,
    client: AuthenticatedClient,
    notify: bool | Unset = True,

) -> Response[CheckoutPublic | ProblemDetail]:
    """ Embedded default only

     Embedded default only: pay one of your checkouts, through the same notification path WeChat Pay
    uses.

    Args:
        checkout_id (int):
        notify (bool | Unset): False: the notification is lost; the checkout is found paid by
            asking Default: True.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CheckoutPublic | ProblemDetail]
     """


    kwargs = _get_kwargs(
        checkout_id=checkout_id,
notify=notify,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    checkout_id: int,
    *,
    client: AuthenticatedClient,
    notify: bool | Unset = True,

) -> CheckoutPublic | ProblemDetail | None:
    """ Embedded default only

     Embedded default only: pay one of your checkouts, through the same notification path WeChat Pay
    uses.

    Args:
        checkout_id (int):
        notify (bool | Unset): False: the notification is lost; the checkout is found paid by
            asking Default: True.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CheckoutPublic | ProblemDetail
     """


    return (await asyncio_detailed(
        checkout_id=checkout_id,
client=client,
notify=notify,

    )).parsed
