"""Financial statements from the ledger: layouts as data, the four statements read at one
ledger head from the stored totals, comparatives and sign-offs. See docs/reporting.md.
"""
