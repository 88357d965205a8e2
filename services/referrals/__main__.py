"""``python -m services.referrals`` serves the API; ``python -m services.referrals migrate`` upgrades its database."""

from common.server import main

main("referrals")
