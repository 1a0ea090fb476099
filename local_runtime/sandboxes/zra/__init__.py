"""A sandbox VSDC: ZRA Smart Invoice's Virtual Sales Data Controller, as a CIS meets it.

It speaks the protocol of `../shared/reference/zra-smart-invoice.md`: `POST` JSON under the
context root, ZRA's field names, the `resultCd` envelope, device initialisation once (902
after), a `rcptNo` sequence per device, 924 on a repeated `cisInvcNo`, the section 4.5
arithmetic (910 "Wrong Amount computation at <field>"), credit-note checks (930-935),
signatures and QR URLs in the sandbox portal's format. Its state is a SQLite file, so a
restart keeps every device, item and receipt. `/admin/...` (not part of ZRA's protocol)
injects faults and shows what was recorded.
"""
