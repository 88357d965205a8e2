from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.assigned_products import AssignedProducts
from ...models.problem_detail import ProblemDetail
from ...models.supplier_products import SupplierProducts
from typing import cast



def _get_kwargs(
    supplier_id: int,
    *,
    body: SupplierProducts,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/suppliers/{supplier_id}/products".format(supplier_id=quote(str(supplier_id), safe=""),),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> AssignedProducts | ProblemDetail | None:
    if response.status_code == 200:
        response_200 = AssignedProducts.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[AssignedProducts | ProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    supplier_id: int,
    *,
    client: AuthenticatedClient,
    body: SupplierProducts,

) -> Response[AssignedProducts | ProblemDetail]:
    """ Ops

     Ops: these products are bought from this supplier (orders placed from now on carry it).

    Args:
        supplier_id (int):
        body (SupplierProducts):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AssignedProducts | ProblemDetail]
     """


    kwargs = _get_kwargs(
        supplier_id=supplier_id,
body=body,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    supplier_id: int,
    *,
    client: AuthenticatedClient,
    body: SupplierProducts,

) -> AssignedProducts | ProblemDetail | None:
    """ Ops

     Ops: these products are bought from this supplier (orders placed from now on carry it).

    Args:
        supplier_id (int):
        body (SupplierProducts):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AssignedProducts | ProblemDetail
     """


    return sync_detailed(
        supplier_id=supplier_id,
client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    supplier_id: int,
    *,
    client: AuthenticatedClient,
    body: SupplierProducts,

) -> Response[AssignedProducts | ProblemDetail]:
    """ Ops

     Ops: these products are bought from this supplier (orders placed from now on carry it).

    Args:
        supplier_id (int):
        body (SupplierProducts):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AssignedProducts | ProblemDetail]
     """


    kwargs = _get_kwargs(
        supplier_id=supplier_id,
body=body,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    supplier_id: int,
    *,
    client: AuthenticatedClient,
    body: SupplierProducts,

) -> AssignedProducts | ProblemDetail | None:
    """ Ops

     Ops: these products are bought from this supplier (orders placed from now on carry it).

    Args:
        supplier_id (int):
        body (SupplierProducts):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AssignedProducts | ProblemDetail
     """


    return (await asyncio_detailed(
        supplier_id=supplier_id,
client=client,
body=body,

    )).parsed
