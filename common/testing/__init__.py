"""Test kit: each run gets its own databases and Redis key space, and can start the real processes."""
