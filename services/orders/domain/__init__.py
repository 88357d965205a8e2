"""Pure rules of orders: no I/O."""
