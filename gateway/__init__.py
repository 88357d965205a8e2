"""The gateway: one entry point that routes `/v1/...` to the services, checks callers and merges the
API documents."""
