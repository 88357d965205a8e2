from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.dead_letter import DeadLetter
from ...models.ops_dead_letters_group import OpsDeadLettersGroup
from ...models.problem_detail import ProblemDetail
from ...models.sort_order import SortOrder
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    group: OpsDeadLettersGroup,
    limit: int | Unset = 20,
    before: None | str | Unset = UNSET,
    after: None | str | Unset = UNSET,
    order: SortOrder | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_group = group.value
    params["group"] = json_group

    params["limit"] = limit

    json_before: None | str | Unset
    if isinstance(before, Unset):
        json_before = UNSET
    else:
        json_before = before
    params["before"] = json_before

    json_after: None | str | Unset
    if isinstance(after, Unset):
        json_after = UNSET
    else:
        json_after = after
    params["after"] = json_after

    json_order: str | Unset = UNSET
    if not isinstance(order, Unset):
        json_order = order.value

    params["order"] = json_order


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/ops/dead-letters",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ProblemDetail | list[DeadLetter] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in (_response_200):
            response_200_item = DeadLetter.from_dict(response_200_item_data)



            response_200.append(response_200_item)

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ProblemDetail | list[DeadLetter]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    group: OpsDeadLettersGroup,
    limit: int | Unset = 20,
    before: None | str | Unset = UNSET,
    after: None | str | Unset = UNSET,
    order: SortOrder | Unset = UNSET,

) -> Response[ProblemDetail | list[DeadLetter]]:
    """ Dead Letters

     Events a service's consumer gave up on, newest first (``order=asc``: oldest first), with the error
    (page with ``before``, or ``after`` when oldest first).

    Args:
        group (OpsDeadLettersGroup):
        limit (int | Unset):  Default: 20.
        before (None | str | Unset):
        after (None | str | Unset): order=asc: the last id seen
        order (SortOrder | Unset): One schema in the API document for every list's ``order`` (one
            type in the generated clients).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | list[DeadLetter]]
     """


    kwargs = _get_kwargs(
        group=group,
limit=limit,
before=before,
after=after,
order=order,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    group: OpsDeadLettersGroup,
    limit: int | Unset = 20,
    before: None | str | Unset = UNSET,
    after: None | str | Unset = UNSET,
    order: SortOrder | Unset = UNSET,

) -> ProblemDetail | list[DeadLetter] | None:
    """ Dead Letters

     Events a service's consumer gave up on, newest first (``order=asc``: oldest first), with the error
    (page with ``before``, or ``after`` when oldest first).

    Args:
        group (OpsDeadLettersGroup):
        limit (int | Unset):  Default: 20.
        before (None | str | Unset):
        after (None | str | Unset): order=asc: the last id seen
        order (SortOrder | Unset): One schema in the API document for every list's ``order`` (one
            type in the generated clients).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | list[DeadLetter]
     """


    return sync_detailed(
        client=client,
group=group,
limit=limit,
before=before,
after=after,
order=order,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    group: OpsDeadLettersGroup,
    limit: int | Unset = 20,
    before: None | str | Unset = UNSET,
    after: None | str | Unset = UNSET,
    order: SortOrder | Unset = UNSET,

) -> Response[ProblemDetail | list[DeadLetter]]:
    """ Dead Letters

     Events a service's consumer gave up on, newest first (``order=asc``: oldest first), with the error
    (page with ``before``, or ``after`` when oldest first).

    Args:
        group (OpsDeadLettersGroup):
        limit (int | Unset):  Default: 20.
        before (None | str | Unset):
        after (None | str | Unset): order=asc: the last id seen
        order (SortOrder | Unset): One schema in the API document for every list's ``order`` (one
            type in the generated clients).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | list[DeadLetter]]
     """


    kwargs = _get_kwargs(
        group=group,
limit=limit,
before=before,
after=after,
order=order,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    group: OpsDeadLettersGroup,
    limit: int | Unset = 20,
    before: None | str | Unset = UNSET,
    after: None | str | Unset = UNSET,
    order: SortOrder | Unset = UNSET,

) -> ProblemDetail | list[DeadLetter] | None:
    """ Dead Letters

     Events a service's consumer gave up on, newest first (``order=asc``: oldest first), with the error
    (page with ``before``, or ``after`` when oldest first).

    Args:
        group (OpsDeadLettersGroup):
        limit (int | Unset):  Default: 20.
        before (None | str | Unset):
        after (None | str | Unset): order=asc: the last id seen
        order (SortOrder | Unset): One schema in the API document for every list's ``order`` (one
            type in the generated clients).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | list[DeadLetter]
     """


    return (await asyncio_detailed(
        client=client,
group=group,
limit=limit,
before=before,
after=after,
order=order,

    )).parsed
