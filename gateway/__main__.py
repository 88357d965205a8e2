"""``python -m gateway`` serves the gateway."""

from common.server import main

main("gateway")
