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
from ...models.product_sort import ProductSort
from ...models.sort_order import SortOrder
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    role: None | ProductRole | Unset = UNSET,
    category_id: int | None | Unset = UNSET,
    q: None | str | Unset = UNSET,
    sort: ProductSort | Unset = UNSET,
    order: SortOrder | Unset = UNSET,
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

    json_category_id: int | None | Unset
    if isinstance(category_id, Unset):
        json_category_id = UNSET
    else:
        json_category_id = category_id
    params["category_id"] = json_category_id

    json_q: None | str | Unset
    if isinstance(q, Unset):
        json_q = UNSET
    else:
        json_q = q
    params["q"] = json_q

    json_sort: str | Unset = UNSET
    if not isinstance(sort, Unset):
        json_sort = sort.value

    params["sort"] = json_sort

    json_order: str | Unset = UNSET
    if not isinstance(order, Unset):
        json_order = order.value

    params["order"] = json_order

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

    if 500 <= response.status_code <= 599:
        response_5xx = ProblemDetail.from_dict(response.json())



        return response_5xx

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
    client: AuthenticatedClient | Client,
    role: None | ProductRole | Unset = UNSET,
    category_id: int | None | Unset = UNSET,
    q: None | str | Unset = UNSET,
    sort: ProductSort | Unset = UNSET,
    order: SortOrder | Unset = UNSET,
    include_unpublished: bool | Unset = False,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,

) -> Response[PageProductPublic | ProblemDetail]:
    """ Published products (staff may include unpublished ones), oldest first unless sort says otherwise
    (order=desc...

     Published products (staff may include unpublished ones), oldest first unless ``sort`` says otherwise
    (``order=desc`` reverses it); by category (a top category includes its children's products) and by
    keyword.

    Args:
        role (None | ProductRole | Unset):
        category_id (int | None | Unset): Products of this category and of its children
        q (None | str | Unset): Keywords, all of which must occur (simplified or traditional, any
            width)
        sort (ProductSort | Unset): How products are listed: ``oldest`` first (the default),
            ``newest`` first, ``best_selling`` (units
            sold), or by the lowest SKU price (``price_asc``, ``price_desc``); ties go by product id.
        order (SortOrder | Unset): One schema in the API document for every list's ``order`` (one
            type in the generated clients).
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
category_id=category_id,
q=q,
sort=sort,
order=order,
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
    client: AuthenticatedClient | Client,
    role: None | ProductRole | Unset = UNSET,
    category_id: int | None | Unset = UNSET,
    q: None | str | Unset = UNSET,
    sort: ProductSort | Unset = UNSET,
    order: SortOrder | Unset = UNSET,
    include_unpublished: bool | Unset = False,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,

) -> PageProductPublic | ProblemDetail | None:
    """ Published products (staff may include unpublished ones), oldest first unless sort says otherwise
    (order=desc...

     Published products (staff may include unpublished ones), oldest first unless ``sort`` says otherwise
    (``order=desc`` reverses it); by category (a top category includes its children's products) and by
    keyword.

    Args:
        role (None | ProductRole | Unset):
        category_id (int | None | Unset): Products of this category and of its children
        q (None | str | Unset): Keywords, all of which must occur (simplified or traditional, any
            width)
        sort (ProductSort | Unset): How products are listed: ``oldest`` first (the default),
            ``newest`` first, ``best_selling`` (units
            sold), or by the lowest SKU price (``price_asc``, ``price_desc``); ties go by product id.
        order (SortOrder | Unset): One schema in the API document for every list's ``order`` (one
            type in the generated clients).
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
category_id=category_id,
q=q,
sort=sort,
order=order,
include_unpublished=include_unpublished,
limit=limit,
cursor=cursor,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    role: None | ProductRole | Unset = UNSET,
    category_id: int | None | Unset = UNSET,
    q: None | str | Unset = UNSET,
    sort: ProductSort | Unset = UNSET,
    order: SortOrder | Unset = UNSET,
    include_unpublished: bool | Unset = False,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,

) -> Response[PageProductPublic | ProblemDetail]:
    """ Published products (staff may include unpublished ones), oldest first unless sort says otherwise
    (order=desc...

     Published products (staff may include unpublished ones), oldest first unless ``sort`` says otherwise
    (``order=desc`` reverses it); by category (a top category includes its children's products) and by
    keyword.

    Args:
        role (None | ProductRole | Unset):
        category_id (int | None | Unset): Products of this category and of its children
        q (None | str | Unset): Keywords, all of which must occur (simplified or traditional, any
            width)
        sort (ProductSort | Unset): How products are listed: ``oldest`` first (the default),
            ``newest`` first, ``best_selling`` (units
            sold), or by the lowest SKU price (``price_asc``, ``price_desc``); ties go by product id.
        order (SortOrder | Unset): One schema in the API document for every list's ``order`` (one
            type in the generated clients).
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
category_id=category_id,
q=q,
sort=sort,
order=order,
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
    client: AuthenticatedClient | Client,
    role: None | ProductRole | Unset = UNSET,
    category_id: int | None | Unset = UNSET,
    q: None | str | Unset = UNSET,
    sort: ProductSort | Unset = UNSET,
    order: SortOrder | Unset = UNSET,
    include_unpublished: bool | Unset = False,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,

) -> PageProductPublic | ProblemDetail | None:
    """ Published products (staff may include unpublished ones), oldest first unless sort says otherwise
    (order=desc...

     Published products (staff may include unpublished ones), oldest first unless ``sort`` says otherwise
    (``order=desc`` reverses it); by category (a top category includes its children's products) and by
    keyword.

    Args:
        role (None | ProductRole | Unset):
        category_id (int | None | Unset): Products of this category and of its children
        q (None | str | Unset): Keywords, all of which must occur (simplified or traditional, any
            width)
        sort (ProductSort | Unset): How products are listed: ``oldest`` first (the default),
            ``newest`` first, ``best_selling`` (units
            sold), or by the lowest SKU price (``price_asc``, ``price_desc``); ties go by product id.
        order (SortOrder | Unset): One schema in the API document for every list's ``order`` (one
            type in the generated clients).
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
category_id=category_id,
q=q,
sort=sort,
order=order,
include_unpublished=include_unpublished,
limit=limit,
cursor=cursor,

    )).parsed
