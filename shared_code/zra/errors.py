"""ZRA failures, each with the stable code its problem response carries."""

from __future__ import annotations

from shared_code.platform.errors import Conflict, DomainError, FieldError


def invalid_settings(errors: list[FieldError]) -> DomainError:
    """422 listing every problem with the device settings; nothing was saved."""
    return DomainError(code=errors[0].code, title="The ZRA settings are not valid.", status=422, errors=errors)


def not_vat_registered() -> Conflict:
    """Turnover Tax businesses do not fiscalise through Smart Invoice."""
    return Conflict(
        "zra_not_vat_registered",
        "ZRA Smart Invoice is for VAT-registered businesses.",
        "The business profile says it is not registered for VAT; change that first if it now is.",
    )


def not_set_up() -> Conflict:
    """No device settings yet."""
    return Conflict("zra_not_set_up", "ZRA Smart Invoice is not set up.", "Save the VSDC settings first.")


def settings_locked() -> Conflict:
    """The device is initialised: its TPIN, branch and serial are ZRA's now."""
    return Conflict(
        "zra_device_initialised",
        "The device is initialised; its TPIN, branch and serial cannot change.",
        "Only the VSDC address can change (a moved server). A new device needs ZRA to issue a new serial.",
    )


def already_initialised_elsewhere() -> Conflict:
    """902 with nothing stored: another system initialised this device."""
    return Conflict(
        "zra_already_initialised",
        "ZRA says this device was initialised already, and IntelliFin has no record of it.",
        "Another system (an earlier installation or a different program) initialised it. Ask ZRA to reset "
        "the device, or for a new device serial for this branch, then save that serial and initialise again.",
    )


def device_refused(code: str, message: str | None) -> Conflict:
    """The VSDC refused the initialisation (901: the serial is not this branch's, say)."""
    return Conflict("zra_device_refused", f"The VSDC refused the device ({code}).", message or None)


def vsdc_unreachable(detail: str) -> DomainError:
    """No answer from the VSDC: nothing changed; try again when it is up (503)."""
    return DomainError(
        code="zra_vsdc_unreachable",
        title="The VSDC did not answer.",
        status=503,
        detail=detail,
        headers={"Retry-After": "30"},
    )


def not_rejected() -> Conflict:
    """Only a document ZRA refused can be sent again by hand; others are retried by themselves."""
    return Conflict(
        "zra_not_rejected",
        "Only a document ZRA refused can be retried.",
        "Pending documents are retried automatically; a fiscalised one is done.",
    )


def unknown_branch(branch_id: str) -> DomainError:
    """422: an invoice names a branch with no ZRA device while others have one; nothing was issued."""
    return DomainError(
        code="zra_branch_unknown",
        title=f"Branch {branch_id} has no ZRA device.",
        status=422,
        errors=[
            FieldError(
                "branch_id", "zra_branch_unknown", "Choose a branch set up for ZRA Smart Invoice, or set this one up."
            )
        ],
    )


def other_tpin() -> DomainError:
    """422: every branch's device is the same taxpayer's."""
    return invalid_settings(
        [FieldError("tpin", "tpin_not_the_business", "Every branch's device has the business's one TPIN.")]
    )


def invalid_stock(errors: list[FieldError]) -> DomainError:
    """422 listing every problem with a stock count; nothing changed."""
    return DomainError(code=errors[0].code, title="The stock count is not valid.", status=422, errors=errors)
