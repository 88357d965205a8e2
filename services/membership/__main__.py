"""``python -m services.membership`` serves the API; ``python -m services.membership migrate`` upgrades its database."""

from common.server import main

main("membership")
