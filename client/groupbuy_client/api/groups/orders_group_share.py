from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.group_share_page import GroupSharePage
from ...models.problem_detail import ProblemDetail
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    group_id: int,
    *,
    share: None | str | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_share: None | str | Unset
    if isinstance(share, Unset):
        json_share = UNSET
    else:
        json_share = share
    params["share"] = json_share


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/groups/{group_id}/share".format(group_id=quote(str(group_id), safe=""),),
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> GroupSharePage | ProblemDetail | None:
    if response.status_code == 200:
        response_200 = GroupSharePage.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[GroupSharePage | ProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    group_id: int,
    *,
    client: AuthenticatedClient | Client,
    share: None | str | Unset = UNSET,

) -> Response[GroupSharePage | ProblemDetail]:
    """ The group's share page

     The group's share page: product, tiers, progress, time left and its buyers masked (initial and
    avatar).  For its participants, and anyone holding its shared link (``share``).

    Args:
        group_id (int):
        share (None | str | Unset): The group's share token, from its shared link or scene

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GroupSharePage | ProblemDetail]
     """


    kwargs = _get_kwargs(
        group_id=group_id,
share=share,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    group_id: int,
    *,
    client: AuthenticatedClient | Client,
    share: None | str | Unset = UNSET,

) -> GroupSharePage | ProblemDetail | None:
    """ The group's share page

     The group's share page: product, tiers, progress, time left and its buyers masked (initial and
    avatar).  For its participants, and anyone holding its shared link (``share``).

    Args:
        group_id (int):
        share (None | str | Unset): The group's share token, from its shared link or scene

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GroupSharePage | ProblemDetail
     """


    return sync_detailed(
        group_id=group_id,
client=client,
share=share,

    ).parsed

async def asyncio_detailed(
    group_id: int,
    *,
    client: AuthenticatedClient | Client,
    share: None | str | Unset = UNSET,

) -> Response[GroupSharePage | ProblemDetail]:
    """ The group's share page

     The group's share page: product, tiers, progress, time left and its buyers masked (initial and
    avatar).  For its participants, and anyone holding its shared link (``share``).

    Args:
        group_id (int):
        share (None | str | Unset): The group's share token, from its shared link or scene

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GroupSharePage | ProblemDetail]
     """


    kwargs = _get_kwargs(
        group_id=group_id,
share=share,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    group_id: int,
    *,
    client: AuthenticatedClient | Client,
    share: None | str | Unset = UNSET,

) -> GroupSharePage | ProblemDetail | None:
    """ The group's share page

     The group's share page: product, tiers, progress, time left and its buyers masked (initial and
    avatar).  For its participants, and anyone holding its shared link (``share``).

    Args:
        group_id (int):
        share (None | str | Unset): The group's share token, from its shared link or scene

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GroupSharePage | ProblemDetail
     """


    return (await asyncio_detailed(
        group_id=group_id,
client=client,
share=share,

    )).parsed
