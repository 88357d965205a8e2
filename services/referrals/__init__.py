"""Referrals: codes and the referral tree, rebate rules and ledger, commission, withdrawals."""
