"""Membership: users and login, tokens, communities and leaders, levels, ledgers, lifecycle, partners' webhooks."""
