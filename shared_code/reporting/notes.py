"""The notes page: basis of preparation, framework and accounting policies, as editable text."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from shared_code.platform.clock import Clock, SystemClock
from shared_code.platform.db import UnitOfWork
from shared_code.platform.ids import new_id
from shared_code.reporting import notes_repository
from shared_code.reporting.model import Framework, Notes
from shared_code.reporting.reading import StatementSet

DEFAULT_BASIS = (
    "These financial statements are prepared from the organization's books kept in IntelliFin, on the accrual "
    "basis and the going-concern assumption, in Zambian kwacha (ZMW) rounded to the ngwee."
)
DEFAULT_POLICIES = {
    Framework.IFRS_FOR_SMES: (
        "Prepared under the IFRS for SMEs. Revenue is recognised when goods are delivered or services performed, "
        "net of VAT. Property, plant and equipment are carried at cost less accumulated depreciation. Inventories "
        "are measured at the lower of cost and estimated selling price less costs to complete and sell."
    ),
    Framework.MSE: (
        "Prepared under the Zambian Financial Reporting Standard for Micro and Small Entities. Sales are recorded "
        "when goods are delivered or services performed, net of VAT. Equipment is carried at cost less "
        "depreciation; stock at the lower of cost and selling price."
    ),
}


def current_notes(uow: UnitOfWork, today: date) -> Notes:
    """The newest saved notes, or the defaults for the tier the turnover suggests (not saved)."""
    saved = notes_repository.latest_notes(uow)
    if saved is not None:
        return saved
    framework = StatementSet(uow).suggested_framework(today)
    return Notes(None, DEFAULT_BASIS, framework, DEFAULT_POLICIES[framework], None, None)


def save_notes(
    uow: UnitOfWork,
    *,
    basis_of_preparation: str,
    framework: Framework,
    policies: str,
    saved_by: UUID,
    clock: Clock | None = None,
) -> Notes:
    """Save a new version of the notes (earlier versions are kept)."""
    notes = Notes(new_id(), basis_of_preparation, framework, policies, saved_by, (clock or SystemClock()).now())
    notes_repository.insert_notes(uow, notes)
    return notes
