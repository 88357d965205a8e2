"""The referrals app."""

from fastapi import FastAPI

import services.referrals as package
from common.app import create_service_app
from services.referrals.config import Settings
from services.referrals.routes import router


def create_app(settings: Settings | None = None) -> FastAPI:
    return create_service_app(
        settings or Settings(),
        title="Groupbuy referrals",
        description=package.__doc__ or "",
        routers=[router],
    )
