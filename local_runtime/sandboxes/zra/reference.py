"""The reference data a new sandbox VSDC serves: code lists, item classes, notices.

The code classes and values are those of the reference's sections 4.2 and 6 (ZRA's code-class
dump and the lists seen in working integrations); tax-type classes carry the rate in percent in
`userDfnCd1`, as ZRA's do. Only the common units, packaging units, countries and currencies
are listed: enough to fiscalise everyday invoices. The admin endpoint adds or changes codes
and item classes, so a test can watch an incremental sync (`lastReqDt`) pick them up.
"""

from __future__ import annotations

from typing import Any

SEEDED_AT = "20240101000000"
"""When the seeded codes were "published": a `lastReqDt` before it gets them all."""

_CLASSES: dict[str, tuple[str, list[tuple[str, str, str | None]]]] = {
    "04": (
        "Taxation Type",
        [
            ("A", "Standard Rated", "16"),
            ("B", "Minimum Taxable Value (MTV)", "16"),
            ("C1", "Exports", "0"),
            ("C2", "Zero-rating LPO", "0"),
            ("C3", "Zero-rated by nature", "0"),
            ("D", "Exempt", "0"),
            ("E", "Disbursement", "0"),
            ("RVAT", "Reverse VAT", "16"),
            ("TOT", "Turnover Tax", "0"),
        ],
    ),
    "05": (
        "Country",
        [
            (code, name, None)
            for code, name in (
                ("ZM", "Zambia"),
                ("ZA", "South Africa"),
                ("ZW", "Zimbabwe"),
                ("BW", "Botswana"),
                ("NA", "Namibia"),
                ("MW", "Malawi"),
                ("MZ", "Mozambique"),
                ("TZ", "Tanzania"),
                ("CD", "Congo, Democratic Republic"),
                ("AO", "Angola"),
                ("KE", "Kenya"),
                ("CN", "China"),
                ("IN", "India"),
                ("AE", "United Arab Emirates"),
                ("GB", "United Kingdom"),
                ("US", "United States"),
                ("DE", "Germany"),
            )
        ],
    ),
    "06": ("Sale Category", [("1", "Normal sale", None)]),
    "07": (
        "Payment Type",
        [
            ("01", "Cash", None),
            ("02", "Credit", None),
            ("03", "Cash/Credit", None),
            ("04", "Bank Cheque", None),
            ("05", "Debit & Credit Card", None),
            ("06", "Mobile Money", None),
            ("07", "Other", None),
            ("08", "Bank Transfer", None),
        ],
    ),
    "10": (
        "Quantity Unit",
        [
            (code, name, None)
            for code, name in (
                ("U", "Pieces/item"),
                ("EA", "Each"),
                ("KG", "Kilogram"),
                ("GRM", "Gram"),
                ("L", "Litre"),
                ("LTR", "Litre"),
                ("MTR", "Metre"),
                ("M2", "Square metre"),
                ("M3", "Cubic metre"),
                ("TNE", "Tonne"),
                ("BX", "Box"),
                ("BG", "Bag"),
                ("PA", "Packet"),
                ("DZ", "Dozen"),
                ("SET", "Set"),
                ("PR", "Pair"),
                ("NO", "Number"),
                ("KWT", "Kilowatt"),
                ("D", "Day"),
                ("hr", "Hour"),
                ("Wk", "Week"),
                ("YR", "Year"),
            )
        ],
    ),
    "11": (
        "Sale Status",
        [
            ("01", "Wait for Approval", None),
            ("02", "Approved", None),
            ("03", "Cancel Requested", None),
            ("04", "Canceled", None),
            ("05", "Refunded", None),
            ("06", "Transferred", None),
        ],
    ),
    "12": (
        "Stock I/O Type",
        [
            ("01", "Import", None),
            ("02", "Purchase", None),
            ("03", "Return", None),
            ("04", "Stock Movement", None),
            ("05", "Processing", None),
            ("06", "Adjustment", None),
            ("11", "Sale", None),
            ("12", "Return", None),
            ("13", "Stock Movement", None),
            ("14", "Processing", None),
            ("15", "Discarding", None),
            ("16", "Adjustment", None),
        ],
    ),
    "14": (
        "Transaction Type",
        [("N", "Normal", None), ("C", "Copy", None), ("T", "Training", None), ("P", "Proforma", None)],
    ),
    "17": (
        "Packing Unit",
        [
            (code, name, None)
            for code, name in (
                ("NT", "Net"),
                ("BX", "Box"),
                ("BG", "Bag"),
                ("CT", "Carton"),
                ("PACK", "Pack"),
                ("EA", "Each"),
                ("BA", "Barrel"),
                ("BE", "Bundle"),
                ("DR", "Drum"),
                ("CA", "Can"),
                ("BOTT", "Bottle"),
                ("TRAY", "Tray"),
                ("BULK", "Bulk"),
            )
        ],
    ),
    "24": (
        "Item Type",
        [("1", "Raw Material", None), ("2", "Finished Product", None), ("3", "Service without stock", None)],
    ),
    "26": (
        "Import Item Status",
        [("1", "Unsent", None), ("2", "Waiting", None), ("3", "Approved", None), ("4", "Cancelled", None)],
    ),
    "32": (
        "Credit Note Reason",
        [
            ("01", "Wrong products", None),
            ("02", "Wrong price", None),
            ("03", "Damaged goods", None),
            ("04", "Wrong customer invoiced", None),
            ("05", "Duplicated invoice", None),
            ("06", "Excess supplies", None),
            ("07", "Others", None),
        ],
    ),
    "33": (
        "Currency",
        [
            (code, code, None)
            for code in ("ZMW", "USD", "ZAR", "GBP", "EUR", "CNY", "BWP", "MWK", "TZS", "KES", "AED", "INR")
        ],
    ),
    "34": (
        "Purchase Status",
        [("02", "Approved", None), ("04", "Rejected", None), ("05", "Refunded", None), ("06", "Transferred", None)],
    ),
    "37": ("Sales Receipt Type", [("S", "Sale", None), ("R", "Credit Note", None), ("D", "Debit Note", None)]),
    "38": ("Purchase Receipt Type", [("P", "Purchase", None), ("R", "Refund after Purchase", None)]),
    "60": ("Excise Duties", [("ECM", "Excise on Coal", "5"), ("EXEEG", "Excise on Electricity", "3")]),
    "61": ("Insurance Premium Levy", [("IPL1", "Insurance Premium Levy", "5"), ("IPL2", "Re-insurance", "0")]),
    "62": ("Tourism Levy", [("TL", "Tourism Levy", "1.5")]),
    "67": (
        "Reason for Debit Note",
        [
            ("01", "Wrong quantity invoiced", None),
            ("02", "Wrong invoice amount", None),
            ("03", "Omitted item", None),
            ("04", "Other [specify]", None),
        ],
    ),
}

TAX_CLASSES = ("04", "60", "61", "62")
"""The classes whose codes carry a rate (`userDfnCd1`): VAT categories and the levies."""

ITEM_CLASSES: list[tuple[str, str, int, str]] = [
    ("10000000", "Live Plant and Animal Material and Accessories and Supplies", 1, "A"),
    ("30111601", "Cement", 4, "A"),
    ("30111602", "Lime", 4, "A"),
    ("30103601", "Structural steel bars", 4, "A"),
    ("30151801", "Roofing sheets", 4, "A"),
    ("31162801", "Nails", 4, "A"),
    ("40141700", "Hardware and fittings", 3, "A"),
    ("43211503", "Notebook computers", 4, "A"),
    ("43322555", "Network cables", 4, "A"),
    ("44121600", "Desk supplies", 3, "A"),
    ("46181901", "Protective clothing", 4, "A"),
    ("50102517", "Fresh fruit", 4, "C3"),
    ("50221108", "Maize meal", 4, "C3"),
    ("5022110801", "Breakfast maize meal", 5, "C3"),
    ("50202300", "Non alcoholic beverages", 3, "A"),
    ("50202203", "Beer", 4, "A"),
    ("15101506", "Petrol", 4, "A"),
    ("15101505", "Diesel fuel", 4, "A"),
    ("26111700", "Batteries and cells", 3, "A"),
    ("39101600", "Lamps and lightbulbs", 3, "A"),
    ("42131600", "Medical apparel", 3, "D"),
    ("51100000", "Drugs and Pharmaceutical Products", 2, "D"),
    ("72101500", "Building support services", 3, "A"),
    ("78101800", "Road transport of goods", 3, "A"),
    ("80111600", "Temporary personnel services", 3, "A"),
    ("81111500", "Software or hardware engineering", 3, "A"),
    ("84111500", "Accounting services", 3, "A"),
    ("86101700", "Vocational training services", 3, "D"),
    ("90101500", "Eating and drinking establishments", 3, "A"),
    ("90111500", "Hotels and motels and inns", 3, "A"),
    ("99999999", "Unclassified Product", 4, "A"),
]
"""A small set of UNSPSC-based classes (code, name, level, usual tax type)."""

NOTICES: list[dict[str, Any]] = [
    {
        "noticeNo": 1,
        "title": "Welcome to the Smart Invoice sandbox",
        "cont": "Test every document type before you apply for production.",
        "dtlUrl": "https://sandboxportal.zra.org.zm/",
        "regrNm": "ZRA",
        "regDt": SEEDED_AT,
    },
    {
        "noticeNo": 2,
        "title": "salesDt window",
        "cont": "A sale dated more than 180 days away from today is refused with 910.",
        "dtlUrl": "https://sandboxportal.zra.org.zm/",
        "regrNm": "ZRA",
        "regDt": SEEDED_AT,
    },
]


def seeded_codes() -> list[tuple[str, str, dict[str, Any]]]:
    """Every seeded code as (class, class name, the detail entry as `selectCodes` returns it)."""
    found = []
    for cls, (class_name, entries) in _CLASSES.items():
        for order, (code, name, rate) in enumerate(entries, start=1):
            found.append(
                (
                    cls,
                    class_name,
                    {
                        "cd": code,
                        "cdNm": name,
                        "cdDesc": name,
                        "useYn": "Y",
                        "srtOrd": order,
                        "userDfnCd1": rate,
                        "userDfnCd2": None,
                        "userDfnCd3": None,
                    },
                )
            )
    return found


def item_class_entry(code: str, name: str, level: int, tax_type: str) -> dict[str, Any]:
    """One item class as `selectItemsClass` returns it."""
    return {
        "itemClsCd": code,
        "itemClsNm": name,
        "itemClsLvl": level,
        "taxTyCd": tax_type,
        "mjrTgYn": "N",
        "useYn": "Y",
    }
