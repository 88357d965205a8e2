from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.group_status import GroupStatus
from ...models.page_group_progress import PageGroupProgress
from ...models.problem_detail import ProblemDetail
from ...models.sort_order import SortOrder
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    status: GroupStatus | None | Unset = UNSET,
    activity_id: int | None | Unset = UNSET,
    order: SortOrder | Unset = UNSET,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, GroupStatus):
        json_status = status.value
    else:
        json_status = status
    params["status"] = json_status

    json_activity_id: int | None | Unset
    if isinstance(activity_id, Unset):
        json_activity_id = UNSET
    else:
        json_activity_id = activity_id
    params["activity_id"] = json_activity_id

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
        "url": "/v1/groups",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> PageGroupProgress | ProblemDetail | None:
    if response.status_code == 200:
        response_200 = PageGroupProgress.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[PageGroupProgress | ProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    status: GroupStatus | None | Unset = UNSET,
    activity_id: int | None | Unset = UNSET,
    order: SortOrder | Unset = UNSET,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,

) -> Response[PageGroupProgress | ProblemDetail]:
    """ Every ladder group (ops), oldest first (order=desc

     Every ladder group (ops), oldest first (``order=desc``: newest first); ``status`` and
    ``activity_id``
    narrow the list.

    Args:
        status (GroupStatus | None | Unset):
        activity_id (int | None | Unset):
        order (SortOrder | Unset): One schema in the API document for every list's ``order`` (one
            type in the generated clients).
        limit (int | Unset): Items per page Default: 20.
        cursor (None | str | Unset): From the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageGroupProgress | ProblemDetail]
     """


    kwargs = _get_kwargs(
        status=status,
activity_id=activity_id,
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
    status: GroupStatus | None | Unset = UNSET,
    activity_id: int | None | Unset = UNSET,
    order: SortOrder | Unset = UNSET,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,

) -> PageGroupProgress | ProblemDetail | None:
    """ Every ladder group (ops), oldest first (order=desc

     Every ladder group (ops), oldest first (``order=desc``: newest first); ``status`` and
    ``activity_id``
    narrow the list.

    Args:
        status (GroupStatus | None | Unset):
        activity_id (int | None | Unset):
        order (SortOrder | Unset): One schema in the API document for every list's ``order`` (one
            type in the generated clients).
        limit (int | Unset): Items per page Default: 20.
        cursor (None | str | Unset): From the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageGroupProgress | ProblemDetail
     """


    return sync_detailed(
        client=client,
status=status,
activity_id=activity_id,
order=order,
limit=limit,
cursor=cursor,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    status: GroupStatus | None | Unset = UNSET,
    activity_id: int | None | Unset = UNSET,
    order: SortOrder | Unset = UNSET,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,

) -> Response[PageGroupProgress | ProblemDetail]:
    """ Every ladder group (ops), oldest first (order=desc

     Every ladder group (ops), oldest first (``order=desc``: newest first); ``status`` and
    ``activity_id``
    narrow the list.

    Args:
        status (GroupStatus | None | Unset):
        activity_id (int | None | Unset):
        order (SortOrder | Unset): One schema in the API document for every list's ``order`` (one
            type in the generated clients).
        limit (int | Unset): Items per page Default: 20.
        cursor (None | str | Unset): From the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageGroupProgress | ProblemDetail]
     """


    kwargs = _get_kwargs(
        status=status,
activity_id=activity_id,
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
    status: GroupStatus | None | Unset = UNSET,
    activity_id: int | None | Unset = UNSET,
    order: SortOrder | Unset = UNSET,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,

) -> PageGroupProgress | ProblemDetail | None:
    """ Every ladder group (ops), oldest first (order=desc

     Every ladder group (ops), oldest first (``order=desc``: newest first); ``status`` and
    ``activity_id``
    narrow the list.

    Args:
        status (GroupStatus | None | Unset):
        activity_id (int | None | Unset):
        order (SortOrder | Unset): One schema in the API document for every list's ``order`` (one
            type in the generated clients).
        limit (int | Unset): Items per page Default: 20.
        cursor (None | str | Unset): From the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageGroupProgress | ProblemDetail
     """


    return (await asyncio_detailed(
        client=client,
status=status,
activity_id=activity_id,
order=order,
limit=limit,
cursor=cursor,

    )).parsed
