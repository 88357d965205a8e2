"""Storefront routes: categories (``/v1/categories``) and the home page (``/v1/home``).

Reads are public; writes need the ops or admin role (partner API keys never edit the storefront).
Category reads are served from the catalog's Redis cache like product reads, and every category write
invalidates it (listings by category depend on the tree)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Path, Query, Request, Response, status
from fastapi.responses import JSONResponse

from common.auth import Identity, IdentityDep, require_role
from common.db import SessionDep, WriteSessionDep
from common.problems import Problem
from services.catalog import stock_left
from services.catalog.cache import cached, invalidate
from services.catalog.storefront import categories, home
from services.catalog.storefront.schemas import (
    CategoryCreate,
    CategoryPublic,
    CategoryReorder,
    CategoryTree,
    CategoryUpdate,
    HomePublic,
    HomeStored,
    HomeUpdate,
)

Id = Annotated[int, Path(ge=1, le=2**31 - 1)]


async def _staff_only(identity: IdentityDep) -> Identity:
    if identity.kind == "api_key":
        raise Problem(403, "forbidden", "Partner API keys do not edit the storefront")
    return identity


Staff = require_role("ops", "admin")
StaffOnly = [Depends(_staff_only), Staff]

category_routes = APIRouter(prefix="/v1/categories", tags=["storefront"])
home_routes = APIRouter(prefix="/v1/home", tags=["storefront"])


def _staff(identity: Identity) -> bool:
    return identity.kind == "user" and identity.has_role("ops", "admin")


def _may_see_inactive(identity: Identity, include_inactive: bool) -> bool:
    if include_inactive and not _staff(identity):
        raise Problem(403, "forbidden", "Only staff see inactive categories")
    return include_inactive


@category_routes.get("", operation_id="catalog_list_categories", response_model=CategoryTree)
async def list_categories(request: Request, session: SessionDep, identity: IdentityDep,
                          include_inactive: Annotated[bool, Query(description="Staff only")] = False) -> Response:
    """The category tree: top categories in display order, each with its children."""
    if _may_see_inactive(identity, include_inactive):
        return JSONResponse((await categories.tree(session=session, include_inactive=True)).model_dump(mode="json"))
    return await cached(request, lambda: categories.tree(session=session))


@category_routes.get("/{category_id}", operation_id="catalog_get_category", response_model=CategoryPublic)
async def get_category(session: SessionDep, category_id: Id, identity: IdentityDep) -> CategoryPublic:
    """One category with its children (an inactive one is a 404 to buyers)."""
    return await categories.get(session=session, category_id=category_id, include_inactive=_staff(identity))


@category_routes.post("", operation_id="catalog_create_category", response_model=CategoryPublic,
                      status_code=status.HTTP_201_CREATED, dependencies=StaffOnly)
async def create_category(body: CategoryCreate, request: Request, session: WriteSessionDep) -> CategoryPublic:
    """A top category, or a child of one (``parent_id``); two levels at most."""
    created = await categories.create(session=session, category_in=body)
    await invalidate(request)
    return created


@category_routes.post("/reorder", operation_id="catalog_reorder_categories", response_model=CategoryTree,
                      dependencies=StaffOnly)
async def reorder_categories(body: CategoryReorder, request: Request, session: WriteSessionDep) -> CategoryTree:
    """Set the display order of one level: every sibling under ``parent_id`` once, in the new order."""
    tree = await categories.reorder(session=session, order_in=body)
    await invalidate(request)
    return tree


@category_routes.patch("/{category_id}", operation_id="catalog_update_category", response_model=CategoryPublic,
                       dependencies=StaffOnly)
async def update_category(category_id: Id, body: CategoryUpdate, request: Request,
                          session: WriteSessionDep) -> CategoryPublic:
    """Rename, move (under another top category, or to the top), reorder, (de)activate, change the icon."""
    updated = await categories.update(session=session, category_id=category_id, category_in=body)
    await invalidate(request)
    return updated


@category_routes.delete("/{category_id}", operation_id="catalog_delete_category",
                        status_code=status.HTTP_204_NO_CONTENT, dependencies=StaffOnly)
async def delete_category(category_id: Id, request: Request, session: WriteSessionDep) -> Response:
    """Only an empty category goes: one with children or products is a 409 ``category_in_use``."""
    await categories.delete(session=session, category_id=category_id)
    await invalidate(request)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


def _home_cache(request: Request) -> home.HomeCache:
    state = request.app.state
    if getattr(state, "home_cache", None) is None:
        state.home_cache = home.HomeCache(ttl_s=state.settings.home_cache_ttl_s)
    return state.home_cache


def _etag(version: int) -> dict[str, str]:
    return {"ETag": f'"{version}"'}


@home_routes.get("", operation_id="catalog_get_home", response_model=HomePublic)
async def get_home(request: Request, session: SessionDep) -> Response:
    """The home page as buyers see it now: banners in their window, live or upcoming featured activities
    (flash sales with their stock left), sections of products still on sale.  ``ETag`` is the document's
    version."""
    cache = _home_cache(request)
    answer = cache.get()
    if answer is None:
        answer = await home.public(session=session)
        cache.put(answer)
    stock = stock_left.of(request.app)
    answer = answer.model_copy(update={"featured_activities": [
        await stock.shown(activity, session) for activity in answer.featured_activities]})
    return JSONResponse(answer.model_dump(mode="json"), headers=_etag(answer.version))


@home_routes.get("/document", operation_id="catalog_get_home_document", response_model=HomeStored,
                 dependencies=StaffOnly)
async def get_home_document(session: SessionDep) -> Response:
    """The document as ops wrote it (nothing left out), with its version, to edit and PUT back."""
    document = await home.stored(session=session)
    return JSONResponse(document.model_dump(mode="json"), headers=_etag(document.version))


@home_routes.put("", operation_id="catalog_put_home", response_model=HomeStored, dependencies=StaffOnly,
                 responses={412: {"description": "The document changed since that version"},
                            428: {"description": "No version named"}})
async def put_home(body: HomeUpdate, request: Request, session: WriteSessionDep, identity: IdentityDep,
                   if_match: Annotated[str | None, Header(max_length=40, description='"<version>" edited')] = None,
                   ) -> Response:
    """Replace the home page document; name the version edited (``If-Match`` or ``version``)."""
    written = await home.replace(session=session, document=body, if_match=home.parse_if_match(if_match),
                                 editor=identity.user_id)
    _home_cache(request).clear()
    return JSONResponse(written.model_dump(mode="json"), headers=_etag(written.version))


routers = [category_routes, home_routes]
