"""The orders app."""

from fastapi import FastAPI

import services.orders as package
from common.app import create_service_app
from services.orders.config import Settings
from services.orders.routes import router


def create_app(settings: Settings | None = None) -> FastAPI:
    return create_service_app(
        settings or Settings(),
        title="Groupbuy orders",
        description=package.__doc__ or "",
        routers=[router],
    )
