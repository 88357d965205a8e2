from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.after_sales_answer import AfterSalesAnswer
from ...models.after_sales_public import AfterSalesPublic
from ...models.problem_detail import ProblemDetail
from typing import cast



def _get_kwargs(
    claim_id: int,
    *,
    body: AfterSalesAnswer,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/orders/after-sales/{claim_id}/answer".format(claim_id=quote(str(claim_id), safe=""),),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> AfterSalesPublic | ProblemDetail | None:
    if response.status_code == 200:
        response_200 = AfterSalesPublic.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[AfterSalesPublic | ProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    claim_id: int,
    *,
    client: AuthenticatedClient,
    body: AfterSalesAnswer,

) -> Response[AfterSalesPublic | ProblemDetail]:
    """ The buyer answers ops' question

     The buyer answers ops' question; the claim is back in the review queue.

    Args:
        claim_id (int):
        body (AfterSalesAnswer):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AfterSalesPublic | ProblemDetail]
     """


    kwargs = _get_kwargs(
        claim_id=claim_id,
body=body,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    claim_id: int,
    *,
    client: AuthenticatedClient,
    body: AfterSalesAnswer,

) -> AfterSalesPublic | ProblemDetail | None:
    """ The buyer answers ops' question

     The buyer answers ops' question; the claim is back in the review queue.

    Args:
        claim_id (int):
        body (AfterSalesAnswer):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AfterSalesPublic | ProblemDetail
     """


    return sync_detailed(
        claim_id=claim_id,
client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    claim_id: int,
    *,
    client: AuthenticatedClient,
    body: AfterSalesAnswer,

) -> Response[AfterSalesPublic | ProblemDetail]:
    """ The buyer answers ops' question

     The buyer answers ops' question; the claim is back in the review queue.

    Args:
        claim_id (int):
        body (AfterSalesAnswer):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AfterSalesPublic | ProblemDetail]
     """


    kwargs = _get_kwargs(
        claim_id=claim_id,
body=body,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    claim_id: int,
    *,
    client: AuthenticatedClient,
    body: AfterSalesAnswer,

) -> AfterSalesPublic | ProblemDetail | None:
    """ The buyer answers ops' question

     The buyer answers ops' question; the claim is back in the review queue.

    Args:
        claim_id (int):
        body (AfterSalesAnswer):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AfterSalesPublic | ProblemDetail
     """


    return (await asyncio_detailed(
        claim_id=claim_id,
client=client,
body=body,

    )).parsed
