from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.page_rebate_entry_public import PageRebateEntryPublic
from ...models.problem_detail import ProblemDetail
from ...models.rebates_list_bucket_type_0 import RebatesListBucketType0
from ...models.rebates_list_kind_type_0 import RebatesListKindType0
from ...models.sort_order import SortOrder
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    bucket: None | RebatesListBucketType0 | Unset = UNSET,
    kind: None | RebatesListKindType0 | Unset = UNSET,
    user_id: int | None | Unset = UNSET,
    everyone: bool | Unset = False,
    order: SortOrder | Unset = UNSET,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_bucket: None | str | Unset
    if isinstance(bucket, Unset):
        json_bucket = UNSET
    elif isinstance(bucket, RebatesListBucketType0):
        json_bucket = bucket.value
    else:
        json_bucket = bucket
    params["bucket"] = json_bucket

    json_kind: None | str | Unset
    if isinstance(kind, Unset):
        json_kind = UNSET
    elif isinstance(kind, RebatesListKindType0):
        json_kind = kind.value
    else:
        json_kind = kind
    params["kind"] = json_kind

    json_user_id: int | None | Unset
    if isinstance(user_id, Unset):
        json_user_id = UNSET
    else:
        json_user_id = user_id
    params["user_id"] = json_user_id

    params["everyone"] = everyone

    json_order: str | Unset = UNSET
    if not isinstance(order, Unset):
        json_order = order.value

    params["order"] = json_order

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
        "url": "/v1/rebates",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> PageRebateEntryPublic | ProblemDetail | None:
    if response.status_code == 200:
        response_200 = PageRebateEntryPublic.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[PageRebateEntryPublic | ProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    bucket: None | RebatesListBucketType0 | Unset = UNSET,
    kind: None | RebatesListKindType0 | Unset = UNSET,
    user_id: int | None | Unset = UNSET,
    everyone: bool | Unset = False,
    order: SortOrder | Unset = UNSET,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,

) -> Response[PageRebateEntryPublic | ProblemDetail]:
    """ The caller's rebate ledger, oldest first (order=desc

     The caller's rebate ledger, oldest first (``order=desc``: newest first): every earning, its moves
    between buckets, reversals and withdrawals.

    Args:
        bucket (None | RebatesListBucketType0 | Unset):
        kind (None | RebatesListKindType0 | Unset):
        user_id (int | None | Unset): ops: someone else's
        everyone (bool | Unset): ops: every user's entries (an export) Default: False.
        order (SortOrder | Unset): One schema in the API document for every list's ``order`` (one
            type in the generated clients).
        limit (int | Unset): Items per page Default: 20.
        cursor (None | str | Unset): From the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageRebateEntryPublic | ProblemDetail]
     """


    kwargs = _get_kwargs(
        bucket=bucket,
kind=kind,
user_id=user_id,
everyone=everyone,
order=order,
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
    bucket: None | RebatesListBucketType0 | Unset = UNSET,
    kind: None | RebatesListKindType0 | Unset = UNSET,
    user_id: int | None | Unset = UNSET,
    everyone: bool | Unset = False,
    order: SortOrder | Unset = UNSET,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,

) -> PageRebateEntryPublic | ProblemDetail | None:
    """ The caller's rebate ledger, oldest first (order=desc

     The caller's rebate ledger, oldest first (``order=desc``: newest first): every earning, its moves
    between buckets, reversals and withdrawals.

    Args:
        bucket (None | RebatesListBucketType0 | Unset):
        kind (None | RebatesListKindType0 | Unset):
        user_id (int | None | Unset): ops: someone else's
        everyone (bool | Unset): ops: every user's entries (an export) Default: False.
        order (SortOrder | Unset): One schema in the API document for every list's ``order`` (one
            type in the generated clients).
        limit (int | Unset): Items per page Default: 20.
        cursor (None | str | Unset): From the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageRebateEntryPublic | ProblemDetail
     """


    return sync_detailed(
        client=client,
bucket=bucket,
kind=kind,
user_id=user_id,
everyone=everyone,
order=order,
limit=limit,
cursor=cursor,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    bucket: None | RebatesListBucketType0 | Unset = UNSET,
    kind: None | RebatesListKindType0 | Unset = UNSET,
    user_id: int | None | Unset = UNSET,
    everyone: bool | Unset = False,
    order: SortOrder | Unset = UNSET,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,

) -> Response[PageRebateEntryPublic | ProblemDetail]:
    """ The caller's rebate ledger, oldest first (order=desc

     The caller's rebate ledger, oldest first (``order=desc``: newest first): every earning, its moves
    between buckets, reversals and withdrawals.

    Args:
        bucket (None | RebatesListBucketType0 | Unset):
        kind (None | RebatesListKindType0 | Unset):
        user_id (int | None | Unset): ops: someone else's
        everyone (bool | Unset): ops: every user's entries (an export) Default: False.
        order (SortOrder | Unset): One schema in the API document for every list's ``order`` (one
            type in the generated clients).
        limit (int | Unset): Items per page Default: 20.
        cursor (None | str | Unset): From the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageRebateEntryPublic | ProblemDetail]
     """


    kwargs = _get_kwargs(
        bucket=bucket,
kind=kind,
user_id=user_id,
everyone=everyone,
order=order,
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
    bucket: None | RebatesListBucketType0 | Unset = UNSET,
    kind: None | RebatesListKindType0 | Unset = UNSET,
    user_id: int | None | Unset = UNSET,
    everyone: bool | Unset = False,
    order: SortOrder | Unset = UNSET,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,

) -> PageRebateEntryPublic | ProblemDetail | None:
    """ The caller's rebate ledger, oldest first (order=desc

     The caller's rebate ledger, oldest first (``order=desc``: newest first): every earning, its moves
    between buckets, reversals and withdrawals.

    Args:
        bucket (None | RebatesListBucketType0 | Unset):
        kind (None | RebatesListKindType0 | Unset):
        user_id (int | None | Unset): ops: someone else's
        everyone (bool | Unset): ops: every user's entries (an export) Default: False.
        order (SortOrder | Unset): One schema in the API document for every list's ``order`` (one
            type in the generated clients).
        limit (int | Unset): Items per page Default: 20.
        cursor (None | str | Unset): From the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageRebateEntryPublic | ProblemDetail
     """


    return (await asyncio_detailed(
        client=client,
bucket=bucket,
kind=kind,
user_id=user_id,
everyone=everyone,
order=order,
limit=limit,
cursor=cursor,

    )).parsed
