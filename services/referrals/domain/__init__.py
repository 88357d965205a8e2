"""Pure rules of referrals: no I/O."""
