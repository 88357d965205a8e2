"""``python -m services.catalog`` serves the API; ``python -m services.catalog migrate`` upgrades its database."""

from common.server import main

main("catalog")
