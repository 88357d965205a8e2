from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.activity_kind import ActivityKind
from ...models.page_activity_public import PageActivityPublic
from ...models.problem_detail import ProblemDetail
from ...models.sort_order import SortOrder
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    community_id: int | None | Unset = UNSET,
    kind: ActivityKind | None | Unset = UNSET,
    order: SortOrder | Unset = UNSET,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_community_id: int | None | Unset
    if isinstance(community_id, Unset):
        json_community_id = UNSET
    else:
        json_community_id = community_id
    params["community_id"] = json_community_id

    json_kind: None | str | Unset
    if isinstance(kind, Unset):
        json_kind = UNSET
    elif isinstance(kind, ActivityKind):
        json_kind = kind.value
    else:
        json_kind = kind
    params["kind"] = json_kind

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
        "url": "/v1/activities",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> PageActivityPublic | ProblemDetail | None:
    if response.status_code == 200:
        response_200 = PageActivityPublic.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[PageActivityPublic | ProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    community_id: int | None | Unset = UNSET,
    kind: ActivityKind | None | Unset = UNSET,
    order: SortOrder | Unset = UNSET,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,

) -> Response[PageActivityPublic | ProblemDetail]:
    """ Live and upcoming activities, soonest first (order=desc

     Live and upcoming activities, soonest first (``order=desc``: latest first); with ``community_id``,
    those open to that community.

    Args:
        community_id (int | None | Unset):
        kind (ActivityKind | None | Unset):
        order (SortOrder | Unset): One schema in the API document for every list's ``order`` (one
            type in the generated clients).
        limit (int | Unset): Items per page Default: 20.
        cursor (None | str | Unset): From the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageActivityPublic | ProblemDetail]
     """


    kwargs = _get_kwargs(
        community_id=community_id,
kind=kind,
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
    client: AuthenticatedClient | Client,
    community_id: int | None | Unset = UNSET,
    kind: ActivityKind | None | Unset = UNSET,
    order: SortOrder | Unset = UNSET,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,

) -> PageActivityPublic | ProblemDetail | None:
    """ Live and upcoming activities, soonest first (order=desc

     Live and upcoming activities, soonest first (``order=desc``: latest first); with ``community_id``,
    those open to that community.

    Args:
        community_id (int | None | Unset):
        kind (ActivityKind | None | Unset):
        order (SortOrder | Unset): One schema in the API document for every list's ``order`` (one
            type in the generated clients).
        limit (int | Unset): Items per page Default: 20.
        cursor (None | str | Unset): From the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageActivityPublic | ProblemDetail
     """


    return sync_detailed(
        client=client,
community_id=community_id,
kind=kind,
order=order,
limit=limit,
cursor=cursor,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    community_id: int | None | Unset = UNSET,
    kind: ActivityKind | None | Unset = UNSET,
    order: SortOrder | Unset = UNSET,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,

) -> Response[PageActivityPublic | ProblemDetail]:
    """ Live and upcoming activities, soonest first (order=desc

     Live and upcoming activities, soonest first (``order=desc``: latest first); with ``community_id``,
    those open to that community.

    Args:
        community_id (int | None | Unset):
        kind (ActivityKind | None | Unset):
        order (SortOrder | Unset): One schema in the API document for every list's ``order`` (one
            type in the generated clients).
        limit (int | Unset): Items per page Default: 20.
        cursor (None | str | Unset): From the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageActivityPublic | ProblemDetail]
     """


    kwargs = _get_kwargs(
        community_id=community_id,
kind=kind,
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
    client: AuthenticatedClient | Client,
    community_id: int | None | Unset = UNSET,
    kind: ActivityKind | None | Unset = UNSET,
    order: SortOrder | Unset = UNSET,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,

) -> PageActivityPublic | ProblemDetail | None:
    """ Live and upcoming activities, soonest first (order=desc

     Live and upcoming activities, soonest first (``order=desc``: latest first); with ``community_id``,
    those open to that community.

    Args:
        community_id (int | None | Unset):
        kind (ActivityKind | None | Unset):
        order (SortOrder | Unset): One schema in the API document for every list's ``order`` (one
            type in the generated clients).
        limit (int | Unset): Items per page Default: 20.
        cursor (None | str | Unset): From the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageActivityPublic | ProblemDetail
     """


    return (await asyncio_detailed(
        client=client,
community_id=community_id,
kind=kind,
order=order,
limit=limit,
cursor=cursor,

    )).parsed
