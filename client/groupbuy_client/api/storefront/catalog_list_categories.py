from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.category_tree import CategoryTree
from ...models.problem_detail import ProblemDetail
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    include_inactive: bool | Unset = False,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["include_inactive"] = include_inactive


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/categories",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> CategoryTree | ProblemDetail | None:
    if response.status_code == 200:
        response_200 = CategoryTree.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[CategoryTree | ProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    include_inactive: bool | Unset = False,

) -> Response[CategoryTree | ProblemDetail]:
    """ The category tree

     The category tree: top categories in display order, each with its children.

    Args:
        include_inactive (bool | Unset): Staff only Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CategoryTree | ProblemDetail]
     """


    kwargs = _get_kwargs(
        include_inactive=include_inactive,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient | Client,
    include_inactive: bool | Unset = False,

) -> CategoryTree | ProblemDetail | None:
    """ The category tree

     The category tree: top categories in display order, each with its children.

    Args:
        include_inactive (bool | Unset): Staff only Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CategoryTree | ProblemDetail
     """


    return sync_detailed(
        client=client,
include_inactive=include_inactive,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    include_inactive: bool | Unset = False,

) -> Response[CategoryTree | ProblemDetail]:
    """ The category tree

     The category tree: top categories in display order, each with its children.

    Args:
        include_inactive (bool | Unset): Staff only Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CategoryTree | ProblemDetail]
     """


    kwargs = _get_kwargs(
        include_inactive=include_inactive,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    include_inactive: bool | Unset = False,

) -> CategoryTree | ProblemDetail | None:
    """ The category tree

     The category tree: top categories in display order, each with its children.

    Args:
        include_inactive (bool | Unset): Staff only Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CategoryTree | ProblemDetail
     """


    return (await asyncio_detailed(
        client=client,
include_inactive=include_inactive,

    )).parsed
