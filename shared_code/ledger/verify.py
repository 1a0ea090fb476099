"""Checking the books: the hash chain (recomputed in the database by
`verification_repository.scan_chain`) and the stored balances. The background runs with
checkpoints that the API starts are in `verification.py`.

Also a command for operators and auditors:

    python -m shared_code.ledger.verify --tenant <organization uuid> [--balances]

It prints what it found and exits 0 if the chain (and, with `--balances`, the stored
balances) check out, 1 if not.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from shared_code.ledger import balance_repository
from shared_code.ledger.chain import ChainVerification, genesis_hash
from shared_code.ledger.verification import verify_chain_after
from shared_code.platform.db import UnitOfWork


def verify_chain(uow: UnitOfWork) -> ChainVerification:
    """Recompute every entry's hash in order; ok, or the first broken entry and why."""
    return verify_chain_after(uow, 0, genesis_hash(uow.require_tenant()))


@dataclass(frozen=True)
class LedgerVerification:
    """The chain check and the stored-balance check together."""

    chain: ChainVerification
    """The hash chain."""
    balance_mismatches: tuple[tuple[UUID, date], ...]
    """(account, day or month) whose stored totals differ from the journal's."""

    @property
    def ok(self) -> bool:
        """True if both checks passed."""
        return self.chain.ok and not self.balance_mismatches


def verify_ledger(uow: UnitOfWork) -> LedgerVerification:
    """Check the whole hash chain and that the stored balances equal the journal's lines."""
    return LedgerVerification(
        chain=verify_chain(uow),
        balance_mismatches=tuple(balance_repository.stored_balance_mismatches(uow)),
    )


def main(argv: Sequence[str] | None = None) -> int:
    """The `python -m shared_code.ledger.verify` command."""
    parser = argparse.ArgumentParser(
        prog="python -m shared_code.ledger.verify", description="Verify an organization's ledger."
    )
    parser.add_argument("--tenant", required=True, type=UUID, help="the organization's id")
    parser.add_argument("--balances", action="store_true", help="also check the stored balances")
    args = parser.parse_args(argv)

    from shared_code.bootstrap import Services
    from shared_code.platform.settings import get_settings

    services = Services(get_settings())
    try:
        with services.db.unit_of_work(args.tenant) as uow:
            chain = verify_chain(uow)
            mismatches = balance_repository.stored_balance_mismatches(uow) if args.balances else []
    finally:
        services.close()
    out = sys.stdout
    if chain.ok:
        out.write(f"hash chain ok: {chain.entries_checked} entries, last hash {chain.last_hash}\n")
    else:
        out.write(
            f"hash chain BROKEN at entry {chain.broken_entry_number} ({chain.broken_entry_id}): {chain.problem}\n"
        )
    if args.balances:
        if mismatches:
            out.write(f"stored balances DIFFER from the journal for {len(mismatches)} account-days, e.g.:\n")
            for account_id, day in mismatches[:10]:
                out.write(f"  account {account_id} on {day.isoformat()}\n")
        else:
            out.write("stored balances ok\n")
    return 0 if chain.ok and not mismatches else 1


if __name__ == "__main__":
    raise SystemExit(main())
