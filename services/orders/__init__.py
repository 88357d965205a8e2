"""Orders: address normalisation, ladder groups, orders, payments, refunds, hand-outs and pickup codes, and
each order's audit trail."""
