"""Pure rules of catalog: no I/O."""
