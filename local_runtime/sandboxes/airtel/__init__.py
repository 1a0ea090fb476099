"""A sandbox Airtel Money Open API (Zambia), as a business's own Open API app meets it.

It speaks the protocol of `../shared/reference/airtel-money.md`: client-credentials tokens
(`POST /auth/oauth2/token`, 180 s, `expires_in` as a string), the Transactions Summary
(`GET /merchant/v1/transactions`, epoch window, limit/offset paging) over a generated,
reproducible history per merchant (charges, reversals, failed and pending rows), balance
(`GET /standard/v1/users/balance`) and KYC user enquiry (`GET /standard/v1/users/{msisdn}`),
the reference's error envelopes and codes (OAuth errors, ROUTER…, ESB…, DP…), 429 rate
limiting with `x-ratelimit-*` headers, and fault injection. `/admin/...` (not Airtel's)
registers merchants, installs fault plans and shows the calls received.
"""
