"""The membership app."""

from fastapi import FastAPI

import services.membership as package
from common.app import create_service_app
from services.membership.config import Settings
from services.membership.routes import router


def create_app(settings: Settings | None = None) -> FastAPI:
    return create_service_app(
        settings or Settings(),
        title="Groupbuy membership",
        description=package.__doc__ or "",
        routers=[router],
    )
