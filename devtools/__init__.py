"""Developer tooling: the one-command launcher, migrations across services, the embedded Redis."""
