"""The home page configuration: one document ops replace whole, and what buyers are shown of it.

- Writes are optimistic: the caller names the version it edited (``If-Match: "<version>"`` or
  ``version`` in the body); a write based on any other version is a 412 ``version_conflict`` and changes
  nothing, so two editors never overwrite each other unseen.  No version at all is a 428.  The first
  document is written over version 0.
- Products, activities and categories named in the document are checked when it is written (an
  unknown id is a 422 naming the field).  What goes away later — a product taken off sale, an activity
  that ended or was cancelled, a category deactivated or deleted — is left out of the public answer, and
  so are banners outside their window (UTC); the stored document keeps them for ops to tidy.
- The public answer is kept in each process for ``home_cache_ttl_s`` (a few seconds): a write is seen at
  once by the process that took it, and by the others within that time.
- Featured activities come whole (``featured_activities``); a flash sale's stock left and sold-out flag
  are put on each answer from ``stock_left.py`` (the flash gate's counter, kept a second per process, as
  ``GET /v1/activities/{id}`` shows it), never kept with the page, so the page's few seconds do not add
  to the figure's lag.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from common.clock import now
from common.problems import Problem
from services.catalog.models import Activity, Category, HomePage, Product
from services.catalog.service import activity_public, invalid
from services.catalog.storefront.schemas import (
    CategoryRef,
    HomeDocument,
    HomePublic,
    HomeStored,
    HomeUpdate,
    LinkKind,
    ProductCard,
    SectionPublic,
)


@dataclass
class HomeCache:
    """The public answer of one process, for a few seconds."""

    ttl_s: float
    answer: HomePublic | None = None
    expires: float = 0.0

    def get(self) -> HomePublic | None:
        return self.answer if self.answer is not None and time.monotonic() < self.expires else None

    def put(self, answer: HomePublic) -> None:
        self.answer, self.expires = answer, time.monotonic() + self.ttl_s

    def clear(self) -> None:
        self.answer = None


def parse_if_match(header: str | None) -> int | None:
    """The version an ``If-Match`` header names (``"3"``, ``W/"3"`` or ``3``); 412 when it names none."""
    if header is None:
        return None
    text = header.strip().removeprefix("W/").strip('"')
    if not text.isdigit() or len(text) > 9:
        raise Problem(412, "version_conflict", "If-Match names no version of the home page")
    return int(text)


async def stored(*, session: AsyncSession) -> HomeStored:
    page = await session.get(HomePage, 1)
    if page is None:
        return HomeStored(version=0, updated_at=None)
    return HomeStored(**page.document, version=page.version, updated_at=page.updated_at)


async def replace(*, session: AsyncSession, document: HomeUpdate, if_match: int | None,
                  editor: int | None) -> HomeStored:
    if if_match is not None and document.version is not None and if_match != document.version:
        raise invalid("body.version", "differs from the version If-Match names")
    based_on = if_match if if_match is not None else document.version
    if based_on is None:
        raise Problem(428, "precondition_required", "Name the version you edited: If-Match or body.version")
    await _check_references(session, document)
    content = HomeDocument.model_validate(document.model_dump(exclude={"version"})).model_dump(mode="json")
    moment = now()
    if based_on == 0:
        session.add(HomePage(id=1, version=1, document=content, updated_at=moment, updated_by=editor))
        try:
            await session.flush()
        except sa.exc.IntegrityError as exc:  # someone wrote the first version meanwhile
            await session.rollback()
            raise _stale() from exc
    else:
        written = await session.exec(sa.update(HomePage).where(col(HomePage.id) == 1, col(HomePage.version) == based_on)
                                     .values(version=based_on + 1, document=content, updated_at=moment,
                                             updated_by=editor))
        if written.rowcount != 1:
            await session.rollback()
            raise _stale()
    await session.commit()
    return HomeStored(**content, version=based_on + 1, updated_at=moment)


def _stale() -> Problem:
    return Problem(412, "version_conflict", "The home page changed since that version; load it and edit again")


async def _check_references(session: AsyncSession, document: HomeDocument) -> None:
    async def missing(model, ids: set[int]) -> set[int]:
        if not ids:
            return set()
        return ids - set((await session.exec(select(model.id).where(col(model.id).in_(ids)))).all())

    kinds = {LinkKind.product: Product, LinkKind.activity: Activity, LinkKind.category: Category}
    for n, banner in enumerate(document.banners):
        model = kinds.get(banner.link.kind)
        if model is not None and await missing(model, {banner.link.id}):
            raise invalid(f"body.banners.{n}.link.id", f"no such {banner.link.kind.value}")
    unknown = await missing(Activity, set(document.featured_activity_ids))
    if unknown:
        raise invalid("body.featured_activity_ids", f"no such activities: {', '.join(map(str, sorted(unknown)))}")
    for n, section in enumerate(document.sections):
        unknown = await missing(Product, set(section.product_ids or []))
        if unknown:
            raise invalid(f"body.sections.{n}.product_ids",
                          f"no such products: {', '.join(map(str, sorted(unknown)))}")
        if section.category_id is not None and await missing(Category, {section.category_id}):
            raise invalid(f"body.sections.{n}.category_id", "no such category")


async def public(*, session: AsyncSession) -> HomePublic:
    document = await stored(session=session)
    moment = now()
    product_ids = {i for s in document.sections for i in s.product_ids or []} | {
        b.link.id for b in document.banners if b.link.kind == LinkKind.product}
    activity_ids = set(document.featured_activity_ids) | {
        b.link.id for b in document.banners if b.link.kind == LinkKind.activity}
    category_ids = {s.category_id for s in document.sections if s.category_id} | {
        b.link.id for b in document.banners if b.link.kind == LinkKind.category}
    products = {p.id: p for p in (await session.exec(select(Product).where(
        col(Product.id).in_(product_ids), col(Product.published).is_(True)))).all()} if product_ids else {}
    live = {a.id: a for a in (await session.exec(select(Activity).where(
        col(Activity.id).in_(activity_ids), col(Activity.cancelled).is_(False),
        col(Activity.ends_at) > moment))).all()} if activity_ids else {}
    activities = set(live)
    shown_categories = await _active_categories(session, category_ids)
    alive = {LinkKind.product: set(products), LinkKind.activity: activities,
             LinkKind.category: set(shown_categories)}
    banners = [b for b in document.banners
               if (b.starts_at is None or b.starts_at <= moment) and (b.ends_at is None or moment < b.ends_at)
               and (b.link.kind == LinkKind.url or b.link.id in alive[b.link.kind])]
    banners = [b for _, b in sorted(enumerate(banners), key=lambda pair: (pair[1].position, pair[0]))]
    sections = []
    for section in document.sections:
        if section.category_id is not None:
            if section.category_id in shown_categories:
                sections.append(SectionPublic(title=section.title, products=[], category=CategoryRef(
                    id=section.category_id, name=shown_categories[section.category_id])))
            continue
        cards = [_card(products[i]) for i in dict.fromkeys(section.product_ids or []) if i in products]
        if cards:
            sections.append(SectionPublic(title=section.title, products=cards, category=None))
    featured = [i for i in dict.fromkeys(document.featured_activity_ids) if i in activities]
    return HomePublic(version=document.version, banners=banners,
                      featured_activity_ids=[i for i in document.featured_activity_ids if i in activities],
                      featured_activities=[await activity_public(session, live[i]) for i in featured],
                      sections=sections)


async def _active_categories(session: AsyncSession, ids: set[int]) -> dict[int, str]:
    """Of these categories, the ones buyers see (active, under an active parent): id → name."""
    if not ids:
        return {}
    rows = (await session.exec(select(Category).where(col(Category.id).in_(ids)))).all()
    parents = {c.id: c.active for c in (await session.exec(select(Category).where(
        col(Category.id).in_({r.parent_id for r in rows if r.parent_id})))).all()}
    return {r.id: r.name for r in rows if r.active and (r.parent_id is None or parents.get(r.parent_id, False))}


def _card(product: Product) -> ProductCard:
    return ProductCard(id=product.id, name=product.name, image=product.images[0] if product.images else None,
                       price_fen=product.min_price_fen)
