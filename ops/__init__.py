"""``groupbuy-ops``: the ops command line, built only on the generated client (``groupbuy_client``)."""
