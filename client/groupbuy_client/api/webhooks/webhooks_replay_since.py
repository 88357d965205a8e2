from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem_detail import ProblemDetail
from ...models.webhook_replay import WebhookReplay
from ...models.webhook_replayed import WebhookReplayed
from typing import cast



def _get_kwargs(
    subscription_id: int,
    *,
    body: WebhookReplay,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/webhooks/{subscription_id}/replay".format(subscription_id=quote(str(subscription_id), safe=""),),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ProblemDetail | WebhookReplayed | None:
    if response.status_code == 200:
        response_200 = WebhookReplayed.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ProblemDetail | WebhookReplayed]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    subscription_id: int,
    *,
    client: AuthenticatedClient,
    body: WebhookReplay,

) -> Response[ProblemDetail | WebhookReplayed]:
    """ Send again every finished delivery of events that occurred since a time

     Send again every finished delivery of events that occurred since a time.

    Args:
        subscription_id (int):
        body (WebhookReplay):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | WebhookReplayed]
     """


    kwargs = _get_kwargs(
        subscription_id=subscription_id,
body=body,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    subscription_id: int,
    *,
    client: AuthenticatedClient,
    body: WebhookReplay,

) -> ProblemDetail | WebhookReplayed | None:
    """ Send again every finished delivery of events that occurred since a time

     Send again every finished delivery of events that occurred since a time.

    Args:
        subscription_id (int):
        body (WebhookReplay):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | WebhookReplayed
     """


    return sync_detailed(
        subscription_id=subscription_id,
client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    subscription_id: int,
    *,
    client: AuthenticatedClient,
    body: WebhookReplay,

) -> Response[ProblemDetail | WebhookReplayed]:
    """ Send again every finished delivery of events that occurred since a time

     Send again every finished delivery of events that occurred since a time.

    Args:
        subscription_id (int):
        body (WebhookReplay):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | WebhookReplayed]
     """


    kwargs = _get_kwargs(
        subscription_id=subscription_id,
body=body,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    subscription_id: int,
    *,
    client: AuthenticatedClient,
    body: WebhookReplay,

) -> ProblemDetail | WebhookReplayed | None:
    """ Send again every finished delivery of events that occurred since a time

     Send again every finished delivery of events that occurred since a time.

    Args:
        subscription_id (int):
        body (WebhookReplay):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | WebhookReplayed
     """


    return (await asyncio_detailed(
        subscription_id=subscription_id,
client=client,
body=body,

    )).parsed
