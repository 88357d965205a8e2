from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem_detail import ProblemDetail
from ...models.purchase_order_public import PurchaseOrderPublic
from ...models.supply_get_purchase_order_format_type_0 import SupplyGetPurchaseOrderFormatType0
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    po_id: int,
    *,
    format_: None | SupplyGetPurchaseOrderFormatType0 | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_format_: None | str | Unset
    if isinstance(format_, Unset):
        json_format_ = UNSET
    elif isinstance(format_, SupplyGetPurchaseOrderFormatType0):
        json_format_ = format_.value
    else:
        json_format_ = format_
    params["format"] = json_format_


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/supply/purchase-orders/{po_id}".format(po_id=quote(str(po_id), safe=""),),
        "params": params,
    }


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
    format_: None | SupplyGetPurchaseOrderFormatType0 | Unset = UNSET,

) -> Response[ProblemDetail | PurchaseOrderPublic]:
    """ Ops or the supplier's key

     Ops or the supplier's key: one purchase order, per SKU with its split per community (CSV too).

    Args:
        po_id (int):
        format_ (None | SupplyGetPurchaseOrderFormatType0 | Unset): csv, or send Accept: text/csv

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | PurchaseOrderPublic]
     """


    kwargs = _get_kwargs(
        po_id=po_id,
format_=format_,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    po_id: int,
    *,
    client: AuthenticatedClient,
    format_: None | SupplyGetPurchaseOrderFormatType0 | Unset = UNSET,

) -> ProblemDetail | PurchaseOrderPublic | None:
    """ Ops or the supplier's key

     Ops or the supplier's key: one purchase order, per SKU with its split per community (CSV too).

    Args:
        po_id (int):
        format_ (None | SupplyGetPurchaseOrderFormatType0 | Unset): csv, or send Accept: text/csv

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | PurchaseOrderPublic
     """


    return sync_detailed(
        po_id=po_id,
client=client,
format_=format_,

    ).parsed

async def asyncio_detailed(
    po_id: int,
    *,
    client: AuthenticatedClient,
    format_: None | SupplyGetPurchaseOrderFormatType0 | Unset = UNSET,

) -> Response[ProblemDetail | PurchaseOrderPublic]:
    """ Ops or the supplier's key

     Ops or the supplier's key: one purchase order, per SKU with its split per community (CSV too).

    Args:
        po_id (int):
        format_ (None | SupplyGetPurchaseOrderFormatType0 | Unset): csv, or send Accept: text/csv

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | PurchaseOrderPublic]
     """


    kwargs = _get_kwargs(
        po_id=po_id,
format_=format_,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    po_id: int,
    *,
    client: AuthenticatedClient,
    format_: None | SupplyGetPurchaseOrderFormatType0 | Unset = UNSET,

) -> ProblemDetail | PurchaseOrderPublic | None:
    """ Ops or the supplier's key

     Ops or the supplier's key: one purchase order, per SKU with its split per community (CSV too).

    Args:
        po_id (int):
        format_ (None | SupplyGetPurchaseOrderFormatType0 | Unset): csv, or send Accept: text/csv

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | PurchaseOrderPublic
     """


    return (await asyncio_detailed(
        po_id=po_id,
client=client,
format_=format_,

    )).parsed
