"""The drawing kit every printed document shares: embedded fonts, a page flow that knows
the page count before it draws ("Page x of y"), wrapped text, the logo and the QR code.

Pages are laid out first as lists of drawing operations and drawn afterwards, so every
page's footer can name the total. The canvas is `invariant`: the same input gives the same
bytes on every machine (no timestamps, no random ids), which the stored-PDF hash relies on.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cache, lru_cache
from pathlib import Path

import segno
from PIL import Image
from reportlab import rl_config
from reportlab.lib.colors import Color, HexColor, black, white
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FONT = "IntelliFinSans"
BOLD = "IntelliFinSans-Bold"
GREY = HexColor("#555555")
LIGHT = HexColor("#F2F2F2")
MAX_LOGO_PIXELS = 25_000_000
"""A logo with more pixels than this is refused: decoding it would take too long and too much memory."""
LOGO_BOX_PIXELS = (360, 180)
"""Logos are scaled down to this before they are embedded: sharp at print size, a few KB."""

Op = Callable[[Canvas], object]
"""One drawing operation of a laid-out page (what it returns is ignored)."""


class LogoNotPrintable(ValueError):
    """The logo cannot be printed (not an image, or too many pixels)."""


@cache
def register_fonts() -> None:
    """Register IntelliFin Sans (Bitstream Vera without its hinting, `fonts/README.md`); it is
    embedded (subset) in every PDF, so it renders the same on a phone without the font."""
    # Streams binary-deflated, not ASCII85 on top: a quarter smaller and faster to write.
    # Only these documents use reportlab in the process, so the global switch is theirs.
    rl_config.useA85 = 0
    folder = Path(__file__).resolve().parent / "fonts"
    pdfmetrics.registerFont(TTFont(FONT, str(folder / "IntelliFinSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(folder / "IntelliFinSans-Bold.ttf")))


def width_of(text: str, size: float, bold: bool = False) -> float:
    """The width of `text` in points."""
    register_fonts()
    return float(pdfmetrics.stringWidth(text, BOLD if bold else FONT, size))


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """`text` broken into lines no wider than `width` (at least one line)."""
    register_fonts()
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        lines.extend(simpleSplit(paragraph, BOLD if bold else FONT, size, width) or [""])
    return lines


def money(value: Decimal) -> str:
    """`1234.5` → `1,234.50` (half up to the ngwee, as the amounts are rounded everywhere)."""
    return f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,.2f}"


def quantity(value: Decimal) -> str:
    """Up to 4 decimals, trailing zeros dropped: `2.5000` → `2.5`."""
    text = f"{value:,.4f}".rstrip("0").rstrip(".")
    return text or "0"


def accent(colour: str) -> Color:
    """The accent colour `#RRGGBB` as a reportlab colour."""
    return HexColor(colour)


def prepared_logo(data: bytes | None) -> ImageReader | None:
    """The logo scaled to print size and re-encoded (JPEG on white), or None without one.

    Raises `LogoNotPrintable` for data that is not an image or has too many pixels.
    """
    if not data:
        return None
    return ImageReader(io.BytesIO(_scaled_logo(data)))


@lru_cache(maxsize=32)
def _scaled_logo(data: bytes) -> bytes:
    # An organization prints every document with the same logo: scale it once per process.
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_LOGO_PIXELS:
                raise LogoNotPrintable(f"the logo has {image.width}x{image.height} pixels")
            image.thumbnail(LOGO_BOX_PIXELS)
            rgba = image.convert("RGBA")
    except (OSError, Image.DecompressionBombError) as error:
        raise LogoNotPrintable(str(error)) from error
    flat = Image.new("RGB", rgba.size, (255, 255, 255))
    flat.paste(rgba, mask=rgba.getchannel("A"))
    out = io.BytesIO()
    flat.save(out, format="JPEG", quality=88)
    return out.getvalue()


def draw_logo(c: Canvas, logo: ImageReader, x: float, top: float, max_w: float, max_h: float) -> float:
    """Draw `logo` fitted in `max_w` x `max_h` with its top-left at (x, top); returns its height."""
    width, height = logo.getSize()
    scale = min(max_w / width, max_h / height)
    c.drawImage(logo, x, top - height * scale, width * scale, height * scale)
    return float(height * scale)


def draw_qr(c: Canvas, url: str, x: float, y: float, size: float) -> None:
    """The QR code of `url` (error correction M, quiet zone included) in a `size` square at (x, y)."""
    matrix = segno.make(url, error="m", micro=False).matrix
    border = 4
    count = len(matrix) + 2 * border
    module = size / count
    c.setFillColor(white)
    c.rect(x, y, size, size, stroke=0, fill=1)
    c.setFillColorRGB(0, 0, 0)
    for row_index, row in enumerate(matrix):
        top = y + size - (row_index + border + 1) * module
        start = None
        for col_index, dark in enumerate([*row, 0]):
            if dark and start is None:
                start = col_index
            elif not dark and start is not None:
                c.rect(x + (start + border) * module, top, (col_index - start) * module, module, stroke=0, fill=1)
                start = None


def text(c: Canvas, x: float, y: float, value: str, size: float, *, bold: bool = False, align: str = "left") -> None:
    """Draw one line of text, left, right or centre aligned on `x`."""
    c.setFont(BOLD if bold else FONT, size)
    if align == "right":
        c.drawRightString(x, y, value)
    elif align == "centre":
        c.drawCentredString(x, y, value)
    else:
        c.drawString(x, y, value)


def put(
    x: float, y: float, value: str, size: float, *, colour: Color = black, bold: bool = False, align: str = "left"
) -> Op:
    """The operation that draws one line of text in `colour` (its values bound now, not when drawn)."""

    def draw(c: Canvas) -> None:
        c.setFillColor(colour)
        text(c, x, y, value, size, bold=bold, align=align)

    return draw


def hline(x1: float, x2: float, y: float, colour: Color, width: float = 0.8) -> Op:
    """The operation that draws a horizontal rule."""

    def draw(c: Canvas) -> None:
        c.setStrokeColor(colour)
        c.setLineWidth(width)
        c.line(x1, y, x2, y)

    return draw


@dataclass
class PageFlow:
    """Pages as lists of drawing operations, laid out top-down between `top` and `bottom`.

    `continuation` lays out the header of every page after the first and returns the y
    below it; `footer(c, page, pages)` is drawn on every page once the count is known.
    """

    width: float
    height: float
    top: float
    bottom: float
    continuation: Callable[[PageFlow], float] | None = None
    translate_y: float = 0.0
    """Moves the origin up before drawing: a roll receipt is laid out downwards from 0 and
    gets its height only once it is laid out."""
    pages: list[list[Op]] = field(default_factory=list)
    y: float = 0.0

    def __post_init__(self) -> None:
        self.pages.append([])
        self.y = self.top

    def draw(self, op: Op) -> None:
        """Add `op` to the current page."""
        self.pages[-1].append(op)

    def new_page(self) -> None:
        """Start a page (with the continuation header)."""
        self.pages.append([])
        self.y = self.top
        if self.continuation is not None:
            self.y = self.continuation(self)

    def need(self, height: float) -> None:
        """Start a new page unless `height` still fits above the bottom margin."""
        if self.y - height < self.bottom:
            self.new_page()

    def render(self, title: str, author: str, footer: Callable[[Canvas, int, int], None]) -> bytes:
        """Draw every page with its footer; the PDF's bytes."""
        register_fonts()
        out = io.BytesIO()
        c = Canvas(
            out,
            pagesize=(self.width, self.height),
            invariant=1,
            pageCompression=1,
            initialFontName=FONT,
            initialFontSize=9,
        )
        c.setTitle(title)
        c.setAuthor(author)
        c.setCreator("IntelliFin")
        for number, page in enumerate(self.pages, start=1):
            c.translate(0, self.translate_y)
            for op in page:
                op(c)
            footer(c, number, len(self.pages))
            c.showPage()
        c.save()
        return out.getvalue()
