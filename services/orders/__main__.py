"""``python -m services.orders`` serves the API; ``python -m services.orders migrate`` upgrades its database."""

from common.server import main

main("orders")
