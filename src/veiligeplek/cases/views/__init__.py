"""The pages of the cases app, one module per purpose: routing, intake, the case list and case
page, search, the shelter's referrals, the waiting list."""
