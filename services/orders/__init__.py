"""Orders: address normalisation, ladder groups, orders, payments, refunds."""
