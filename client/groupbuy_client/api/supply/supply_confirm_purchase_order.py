from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem_detail import ProblemDetail
from ...models.purchase_order_confirm import PurchaseOrderConfirm
from ...models.purchase_order_public import PurchaseOrderPublic
from typing import cast



def _get_kwargs(
    po_id: int,
    *,
    body: PurchaseOrderConfirm,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/supply/purchase-orders/{po_id}/confirm".format(po_id=quote(str(po_id), safe=""),),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ProblemDetail | PurchaseOrderPublic | None:
    if response.status_code == 200:
        response_200 = PurchaseOrderPublic.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ProblemDetail | PurchaseOrderPublic]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    po_id: int,
    *,
    client: AuthenticatedClient,
    body: PurchaseOrderConfirm,

) -> Response[ProblemDetail | PurchaseOrderPublic]:
    """ The supplier (its key with orders:write) or ops

     The supplier (its key with orders:write) or ops: the units it will deliver; units short are refunded
    to the orders paid last (reason supplier_short).  Safe to send again.

    Args:
        po_id (int):
        body (PurchaseOrderConfirm): The supplier's answer: the units it will deliver of each SKU
            (fewer than ordered: short).  A SKU left
            out is confirmed in full.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | PurchaseOrderPublic]
     """


    kwargs = _get_kwargs(
        po_id=po_id,
body=body,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    po_id: int,
    *,
    client: AuthenticatedClient,
    body: PurchaseOrderConfirm,

) -> ProblemDetail | PurchaseOrderPublic | None:
    """ The supplier (its key with orders:write) or ops

     The supplier (its key with orders:write) or ops: the units it will deliver; units short are refunded
    to the orders paid last (reason supplier_short).  Safe to send again.

    Args:
        po_id (int):
        body (PurchaseOrderConfirm): The supplier's answer: the units it will deliver of each SKU
            (fewer than ordered: short).  A SKU left
            out is confirmed in full.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | PurchaseOrderPublic
     """


    return sync_detailed(
        po_id=po_id,
client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    po_id: int,
    *,
    client: AuthenticatedClient,
    body: PurchaseOrderConfirm,

) -> Response[ProblemDetail | PurchaseOrderPublic]:
    """ The supplier (its key with orders:write) or ops

     The supplier (its key with orders:write) or ops: the units it will deliver; units short are refunded
    to the orders paid last (reason supplier_short).  Safe to send again.

    Args:
        po_id (int):
        body (PurchaseOrderConfirm): The supplier's answer: the units it will deliver of each SKU
            (fewer than ordered: short).  A SKU left
            out is confirmed in full.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | PurchaseOrderPublic]
     """


    kwargs = _get_kwargs(
        po_id=po_id,
body=body,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    po_id: int,
    *,
    client: AuthenticatedClient,
    body: PurchaseOrderConfirm,

) -> ProblemDetail | PurchaseOrderPublic | None:
    """ The supplier (its key with orders:write) or ops

     The supplier (its key with orders:write) or ops: the units it will deliver; units short are refunded
    to the orders paid last (reason supplier_short).  Safe to send again.

    Args:
        po_id (int):
        body (PurchaseOrderConfirm): The supplier's answer: the units it will deliver of each SKU
            (fewer than ordered: short).  A SKU left
            out is confirmed in full.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | PurchaseOrderPublic
     """


    return (await asyncio_detailed(
        po_id=po_id,
client=client,
body=body,

    )).parsed
