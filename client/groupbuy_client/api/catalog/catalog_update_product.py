from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem_detail import ProblemDetail
from ...models.product_public import ProductPublic
from ...models.product_update import ProductUpdate
from typing import cast



def _get_kwargs(
    product_id: int,
    *,
    body: ProductUpdate,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/v1/products/{product_id}".format(product_id=quote(str(product_id), safe=""),),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ProblemDetail | ProductPublic | None:
    if response.status_code == 200:
        response_200 = ProductPublic.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ProblemDetail | ProductPublic]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    product_id: int,
    *,
    client: AuthenticatedClient,
    body: ProductUpdate,

) -> Response[ProblemDetail | ProductPublic]:
    """ Edit a product, publish it (published

     Edit a product, publish it (``published: true``) or take it off sale.

    Args:
        product_id (int):
        body (ProductUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | ProductPublic]
     """


    kwargs = _get_kwargs(
        product_id=product_id,
body=body,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    product_id: int,
    *,
    client: AuthenticatedClient,
    body: ProductUpdate,

) -> ProblemDetail | ProductPublic | None:
    """ Edit a product, publish it (published

     Edit a product, publish it (``published: true``) or take it off sale.

    Args:
        product_id (int):
        body (ProductUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | ProductPublic
     """


    return sync_detailed(
        product_id=product_id,
client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    product_id: int,
    *,
    client: AuthenticatedClient,
    body: ProductUpdate,

) -> Response[ProblemDetail | ProductPublic]:
    """ Edit a product, publish it (published

     Edit a product, publish it (``published: true``) or take it off sale.

    Args:
        product_id (int):
        body (ProductUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | ProductPublic]
     """


    kwargs = _get_kwargs(
        product_id=product_id,
body=body,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    product_id: int,
    *,
    client: AuthenticatedClient,
    body: ProductUpdate,

) -> ProblemDetail | ProductPublic | None:
    """ Edit a product, publish it (published

     Edit a product, publish it (``published: true``) or take it off sale.

    Args:
        product_id (int):
        body (ProductUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | ProductPublic
     """


    return (await asyncio_detailed(
        product_id=product_id,
client=client,
body=body,

    )).parsed
