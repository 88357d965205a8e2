from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.order_public import OrderPublic
from ...models.problem_detail import ProblemDetail
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    order_id: int,
    *,
    notify: bool | Unset = True,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["notify"] = notify


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/payments/sandbox/{order_id}".format(order_id=quote(str(order_id), safe=""),),
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> OrderPublic | ProblemDetail | None:
    if response.status_code == 200:
        response_200 = OrderPublic.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[OrderPublic | ProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    order_id: int,
    *,
    client: AuthenticatedClient,
    notify: bool | Unset = True,

) -> Response[OrderPublic | ProblemDetail]:
    """ Embedded default only

     Embedded default only: pay one of your orders, through the same notification path WeChat Pay uses.

    Args:
        order_id (int):
        notify (bool | Unset): False: the notification is lost, as happens; the order is found
            paid by asking the provider Default: True.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OrderPublic | ProblemDetail]
     """


    kwargs = _get_kwargs(
        order_id=order_id,
notify=notify,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    order_id: int,
    *,
    client: AuthenticatedClient,
    notify: bool | Unset = True,

) -> OrderPublic | ProblemDetail | None:
    """ Embedded default only

     Embedded default only: pay one of your orders, through the same notification path WeChat Pay uses.

    Args:
        order_id (int):
        notify (bool | Unset): False: the notification is lost, as happens; the order is found
            paid by asking the provider Default: True.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OrderPublic | ProblemDetail
     """


    return sync_detailed(
        order_id=order_id,
client=client,
notify=notify,

    ).parsed

async def asyncio_detailed(
    order_id: int,
    *,
    client: AuthenticatedClient,
    notify: bool | Unset = True,

) -> Response[OrderPublic | ProblemDetail]:
    """ Embedded default only

     Embedded default only: pay one of your orders, through the same notification path WeChat Pay uses.

    Args:
        order_id (int):
        notify (bool | Unset): False: the notification is lost, as happens; the order is found
            paid by asking the provider Default: True.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OrderPublic | ProblemDetail]
     """


    kwargs = _get_kwargs(
        order_id=order_id,
notify=notify,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    order_id: int,
    *,
    client: AuthenticatedClient,
    notify: bool | Unset = True,

) -> OrderPublic | ProblemDetail | None:
    """ Embedded default only

     Embedded default only: pay one of your orders, through the same notification path WeChat Pay uses.

    Args:
        order_id (int):
        notify (bool | Unset): False: the notification is lost, as happens; the order is found
            paid by asking the provider Default: True.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OrderPublic | ProblemDetail
     """


    return (await asyncio_detailed(
        order_id=order_id,
client=client,
notify=notify,

    )).parsed
