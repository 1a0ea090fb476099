"""The one list of capabilities: the API, queue triggers, timers and resume walk it.

Adding a capability means writing its `capability.py` and adding it here; nothing else
central changes.
"""

from __future__ import annotations

from shared_code.approvals.capability import CAPABILITY as APPROVALS
from shared_code.documents.capability import CAPABILITY as DOCUMENTS
from shared_code.identity.capability import CAPABILITY as IDENTITY
from shared_code.ledger.capability import CAPABILITY as LEDGER
from shared_code.mobile_money.capability import CAPABILITY as MOBILE_MONEY
from shared_code.notifications.capability import CAPABILITY as NOTIFICATIONS
from shared_code.organizations.capability import CAPABILITY as ORGANIZATIONS
from shared_code.platform.capability import CAPABILITY as PLATFORM
from shared_code.platform.registry import Capability
from shared_code.purchases.capability import CAPABILITY as PURCHASES
from shared_code.reporting.capability import CAPABILITY as REPORTING
from shared_code.sales.capability import CAPABILITY as SALES
from shared_code.zra.capability import CAPABILITY as ZRA

CAPABILITIES: tuple[Capability, ...] = (
    PLATFORM,
    IDENTITY,
    ORGANIZATIONS,
    LEDGER,
    SALES,
    PURCHASES,
    APPROVALS,
    ZRA,
    MOBILE_MONEY,
    DOCUMENTS,
    REPORTING,
    NOTIFICATIONS,
)
