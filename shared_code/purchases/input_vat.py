"""The input VAT rule: whether the VAT on a purchase may be claimed, and why not when it may not.

Pure and dated. Domain reference §1.6 to 1.7:

* Only a buyer registered for VAT on the purchase's date claims input VAT; a Turnover Tax or
  income-tax-only buyer never does (the VAT it pays is a cost).
* A local purchase needs the supplier's TPIN and, from the date Smart Invoice became the only
  accepted evidence (1 Jan 2025, *likely*: a dated setting here), a Smart Invoice: the ZRA
  receipt number with the SDC ID, or a decoded ZRA QR code.
* An imported service from a non-resident without a Zambian tax agent is reverse-charged
  (RVAT, 16% on the amount, Cr 2120); that VAT is never claimable, so the cost includes it.
* Import VAT paid at customs is claimable with the customs entry (Dr 1400).
* What may not be claimed is a cost (6240) and the purchase says why.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from shared_code.purchases.model import Evidence, SupplyKind

SMART_INVOICE_REQUIRED_FROM = date(2025, 1, 1)
"""From this day only a Smart Invoice supports an input VAT claim (§1.6, likely)."""


class VatRoute(StrEnum):
    """Where the VAT of a purchase goes."""

    CLAIM = "claim"
    """Input VAT, Dr 1400."""
    COST = "cost"
    """Non-claimable VAT, Dr 6240."""
    REVERSE_CHARGE = "reverse_charge"
    """RVAT accounted for by the buyer: the cost includes it, Cr 2120."""
    NONE = "none"
    """No VAT to account for."""


class VatReason(StrEnum):
    """Why VAT on a purchase is not claimed (stable codes clients show)."""

    BUYER_NOT_VAT_REGISTERED = "buyer_not_vat_registered"
    SUPPLIER_NOT_VAT_REGISTERED = "supplier_not_vat_registered"
    SUPPLIER_TPIN_MISSING = "supplier_tpin_missing"
    SMART_INVOICE_MISSING = "smart_invoice_missing"
    CUSTOMS_ENTRY_MISSING = "customs_entry_missing"
    REVERSE_CHARGE_NOT_CLAIMABLE = "reverse_charge_not_claimable"
    CLAIM_DECLINED = "claim_declined"


@dataclass(frozen=True)
class InputVatFacts:
    """What the rule looks at."""

    on: date
    """The purchase's date."""
    buyer_vat_registered: bool
    """The buyer is registered for VAT on `on`."""
    supply_kind: SupplyKind
    """Local, imported service or import."""
    supplier_vat_registered: bool
    """The supplier charges VAT (local purchases)."""
    supplier_tpin: str | None
    """The supplier's TPIN, if known."""
    evidence: Evidence
    """Smart Invoice or customs evidence."""
    claim_requested: bool | None = None
    """False: the buyer declines to claim; None or True: claim what the rule allows."""
    smart_invoice_required_from: date = SMART_INVOICE_REQUIRED_FROM
    """The dated setting of the Smart Invoice requirement."""


@dataclass(frozen=True)
class InputVatDecision:
    """Where the purchase's VAT goes, and why when it is not claimed."""

    route: VatRoute
    """Claim, cost, reverse charge or none."""
    reason: VatReason | None
    """Why it is not claimed (None when it is, or when there is no VAT)."""

    @property
    def claimable(self) -> bool:
        """True if the VAT may be claimed as input tax."""
        return self.route is VatRoute.CLAIM


def decide_input_vat(facts: InputVatFacts) -> InputVatDecision:
    """The rule (see the module's docstring), for one purchase."""
    if facts.supply_kind is SupplyKind.IMPORTED_SERVICE:
        if not facts.buyer_vat_registered:
            return InputVatDecision(VatRoute.NONE, VatReason.BUYER_NOT_VAT_REGISTERED)
        return InputVatDecision(VatRoute.REVERSE_CHARGE, VatReason.REVERSE_CHARGE_NOT_CLAIMABLE)
    if facts.supply_kind is SupplyKind.LOCAL and not facts.supplier_vat_registered:
        return InputVatDecision(VatRoute.NONE, VatReason.SUPPLIER_NOT_VAT_REGISTERED)
    if not facts.buyer_vat_registered:
        return InputVatDecision(VatRoute.COST, VatReason.BUYER_NOT_VAT_REGISTERED)
    if facts.claim_requested is False:
        return InputVatDecision(VatRoute.COST, VatReason.CLAIM_DECLINED)
    if facts.supply_kind is SupplyKind.IMPORT:
        if not facts.evidence.customs_entry_number:
            return InputVatDecision(VatRoute.COST, VatReason.CUSTOMS_ENTRY_MISSING)
        return InputVatDecision(VatRoute.CLAIM, None)
    if not facts.supplier_tpin:
        return InputVatDecision(VatRoute.COST, VatReason.SUPPLIER_TPIN_MISSING)
    if facts.on >= facts.smart_invoice_required_from and not facts.evidence.smart_invoice:
        return InputVatDecision(VatRoute.COST, VatReason.SMART_INVOICE_MISSING)
    return InputVatDecision(VatRoute.CLAIM, None)
