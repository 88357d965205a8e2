from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.category_public import CategoryPublic
from ...models.problem_detail import ProblemDetail
from typing import cast



def _get_kwargs(
    category_id: int,

) -> dict[str, Any]:
    

    

    

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/categories/{category_id}".format(category_id=quote(str(category_id), safe=""),),
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> CategoryPublic | ProblemDetail | None:
    if response.status_code == 200:
        response_200 = CategoryPublic.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[CategoryPublic | ProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    category_id: int,
    *,
    client: AuthenticatedClient | Client,

) -> Response[CategoryPublic | ProblemDetail]:
    """ One category with its children (an inactive one is a 404 to buyers)

     One category with its children (an inactive one is a 404 to buyers).

    Args:
        category_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CategoryPublic | ProblemDetail]
     """


    kwargs = _get_kwargs(
        category_id=category_id,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    category_id: int,
    *,
    client: AuthenticatedClient | Client,

) -> CategoryPublic | ProblemDetail | None:
    """ One category with its children (an inactive one is a 404 to buyers)

     One category with its children (an inactive one is a 404 to buyers).

    Args:
        category_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CategoryPublic | ProblemDetail
     """


    return sync_detailed(
        category_id=category_id,
client=client,

    ).parsed

async def asyncio_detailed(
    category_id: int,
    *,
    client: AuthenticatedClient | Client,

) -> Response[CategoryPublic | ProblemDetail]:
    """ One category with its children (an inactive one is a 404 to buyers)

     One category with its children (an inactive one is a 404 to buyers).

    Args:
        category_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CategoryPublic | ProblemDetail]
     """


    kwargs = _get_kwargs(
        category_id=category_id,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    category_id: int,
    *,
    client: AuthenticatedClient | Client,

) -> CategoryPublic | ProblemDetail | None:
    """ One category with its children (an inactive one is a 404 to buyers)

     One category with its children (an inactive one is a 404 to buyers).

    Args:
        category_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CategoryPublic | ProblemDetail
     """


    return (await asyncio_detailed(
        category_id=category_id,
client=client,

    )).parsed
