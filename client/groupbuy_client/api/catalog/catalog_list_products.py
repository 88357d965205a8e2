from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.page_product_public import PageProductPublic
from ...models.problem_detail import ProblemDetail
from ...models.product_role import ProductRole
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    role: None | ProductRole | Unset = UNSET,
    include_unpublished: bool | Unset = False,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_role: None | str | Unset
    if isinstance(role, Unset):
        json_role = UNSET
    elif isinstance(role, ProductRole):
        json_role = role.value
    else:
        json_role = role
    params["role"] = json_role

    params["include_unpublished"] = include_unpublished

    params["limit"] = limit

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/products",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> PageProductPublic | ProblemDetail | None:
    if response.status_code == 200:
        response_200 = PageProductPublic.from_dict(response.json())



        return response_200

    if 400 <= response.status_code <= 499:
        response_4xx = ProblemDetail.from_dict(response.json())



        return response_4xx

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[PageProductPublic | ProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    role: None | ProductRole | Unset = UNSET,
    include_unpublished: bool | Unset = False,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,

) -> Response[PageProductPublic | ProblemDetail]:
    """ List Products

     Published products (staff may include unpublished ones), oldest first.

    Args:
        role (None | ProductRole | Unset):
        include_unpublished (bool | Unset): Staff only Default: False.
        limit (int | Unset): Items per page Default: 20.
        cursor (None | str | Unset): From the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageProductPublic | ProblemDetail]
     """


    kwargs = _get_kwargs(
        role=role,
include_unpublished=include_unpublished,
limit=limit,
cursor=cursor,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    role: None | ProductRole | Unset = UNSET,
    include_unpublished: bool | Unset = False,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,

) -> PageProductPublic | ProblemDetail | None:
    """ List Products

     Published products (staff may include unpublished ones), oldest first.

    Args:
        role (None | ProductRole | Unset):
        include_unpublished (bool | Unset): Staff only Default: False.
        limit (int | Unset): Items per page Default: 20.
        cursor (None | str | Unset): From the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageProductPublic | ProblemDetail
     """


    return sync_detailed(
        client=client,
role=role,
include_unpublished=include_unpublished,
limit=limit,
cursor=cursor,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    role: None | ProductRole | Unset = UNSET,
    include_unpublished: bool | Unset = False,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,

) -> Response[PageProductPublic | ProblemDetail]:
    """ List Products

     Published products (staff may include unpublished ones), oldest first.

    Args:
        role (None | ProductRole | Unset):
        include_unpublished (bool | Unset): Staff only Default: False.
        limit (int | Unset): Items per page Default: 20.
        cursor (None | str | Unset): From the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageProductPublic | ProblemDetail]
     """


    kwargs = _get_kwargs(
        role=role,
include_unpublished=include_unpublished,
limit=limit,
cursor=cursor,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    role: None | ProductRole | Unset = UNSET,
    include_unpublished: bool | Unset = False,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,

) -> PageProductPublic | ProblemDetail | None:
    """ List Products

     Published products (staff may include unpublished ones), oldest first.

    Args:
        role (None | ProductRole | Unset):
        include_unpublished (bool | Unset): Staff only Default: False.
        limit (int | Unset): Items per page Default: 20.
        cursor (None | str | Unset): From the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageProductPublic | ProblemDetail
     """


    return (await asyncio_detailed(
        client=client,
role=role,
include_unpublished=include_unpublished,
limit=limit,
cursor=cursor,

    )).parsed
