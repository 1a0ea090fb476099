"""Durable orchestrations and their activities, registered on one blueprint.

Onboarding, expense approval and report generation register here as they are built;
`function_app` registers this blueprint, and the local runtime runs what it holds on the
in-process durable backend.
"""

from __future__ import annotations

import azure.durable_functions as df

bp = df.Blueprint()

from orchestrations import expense_approval as expense_approval  # noqa: E402  (registers on bp)
from orchestrations import onboarding as onboarding  # noqa: E402  (registers on bp)
