"""Pure rules of membership: no I/O."""
