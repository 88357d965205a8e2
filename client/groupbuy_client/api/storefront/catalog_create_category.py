from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.category_create import CategoryCreate
from ...models.category_public import CategoryPublic
from ...models.problem_detail import ProblemDetail
from typing import cast



def _get_kwargs(
    *,
    body: CategoryCreate,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/categories",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> CategoryPublic | ProblemDetail | None:
    if response.status_code == 201:
        response_201 = CategoryPublic.from_dict(response.json())



        return response_201

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[CategoryPublic | ProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: CategoryCreate,

) -> Response[CategoryPublic | ProblemDetail]:
    """ A top category, or a child of one (parent_id)

     A top category, or a child of one (``parent_id``); two levels at most.

    Args:
        body (CategoryCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CategoryPublic | ProblemDetail]
     """


    kwargs = _get_kwargs(
        body=body,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    body: CategoryCreate,

) -> CategoryPublic | ProblemDetail | None:
    """ A top category, or a child of one (parent_id)

     A top category, or a child of one (``parent_id``); two levels at most.

    Args:
        body (CategoryCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CategoryPublic | ProblemDetail
     """


    return sync_detailed(
        client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: CategoryCreate,

) -> Response[CategoryPublic | ProblemDetail]:
    """ A top category, or a child of one (parent_id)

     A top category, or a child of one (``parent_id``); two levels at most.

    Args:
        body (CategoryCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CategoryPublic | ProblemDetail]
     """


    kwargs = _get_kwargs(
        body=body,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    body: CategoryCreate,

) -> CategoryPublic | ProblemDetail | None:
    """ A top category, or a child of one (parent_id)

     A top category, or a child of one (``parent_id``); two levels at most.

    Args:
        body (CategoryCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CategoryPublic | ProblemDetail
     """


    return (await asyncio_detailed(
        client=client,
body=body,

    )).parsed
