"""The general ledger: chart of accounts, the immutable journal, periods and balances.

Every money document ends here through one entry point, `service.post_entry`, which takes
a `posting.JournalDraft` built by a pure builder. See docs/ledger.md.
"""
