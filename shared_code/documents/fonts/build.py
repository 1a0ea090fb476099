"""Make the embedded fonts from the Bitstream Vera TTFs that ship with reportlab:

    python -m shared_code.documents.fonts.build

Their TrueType hinting is dropped (PDF viewers on phones draw without it, and it was more
than half of every embedded subset) and, as Vera's licence asks of a modified font, they
are renamed. Needs fontTools (requirements-dev.txt); the app itself only reads the result.
"""

from __future__ import annotations

from pathlib import Path

import reportlab
from fontTools import subset
from fontTools.ttLib import TTFont

HERE = Path(__file__).resolve().parent
SOURCES = {"IntelliFinSans.ttf": ("Vera.ttf", "Regular"), "IntelliFinSans-Bold.ttf": ("VeraBd.ttf", "Bold")}
FAMILY = "IntelliFin Sans"


def build(source: Path, target: Path, style: str) -> None:
    """`source` without hinting, renamed, written to `target`."""
    font = TTFont(str(source), recalcTimestamp=False)
    options = subset.Options()
    options.hinting = False
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.layout_features = ["*"]
    options.notdef_outline = True
    options.glyph_names = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(glyphs=font.getGlyphOrder())
    subsetter.subset(font)
    postscript = f"IntelliFinSans-{style}"
    names = font["name"]
    for record in list(names.names):
        if record.nameID in {1, 16}:
            names.setName(FAMILY, record.nameID, record.platformID, record.platEncID, record.langID)
        elif record.nameID in {2, 17}:
            names.setName(style, record.nameID, record.platformID, record.platEncID, record.langID)
        elif record.nameID in {3, 4}:
            names.setName(f"{FAMILY} {style}", record.nameID, record.platformID, record.platEncID, record.langID)
        elif record.nameID == 6:
            names.setName(postscript, record.nameID, record.platformID, record.platEncID, record.langID)
    font.save(str(target))


def main() -> None:
    folder = Path(reportlab.__file__).parent / "fonts"
    for target, (source, style) in SOURCES.items():
        build(folder / source, HERE / target, style)
    (HERE / "LICENSE-Bitstream-Vera.txt").write_text((folder / "bitstream-vera-license.txt").read_text())


if __name__ == "__main__":
    main()
