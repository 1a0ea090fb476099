"""Receipt files checked by what they contain, never by their name: JPEG, PNG, HEIC or PDF.

Images are opened with Pillow under `MAX_IMAGE_PIXELS` (60 Mpx: a 12 MP phone photo fits,
a decompression bomb does not), turned upright by their EXIF orientation, and re-encoded as
a JPEG copy of at most 2000 px and a thumbnail, so what is stored carries no EXIF (no GPS
position, no camera serial). A PDF is kept as it is, unless it is encrypted. No I/O here.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass
from enum import StrEnum

from PIL import Image, ImageOps, UnidentifiedImageError

from shared_code.platform.errors import FieldError

MAX_BYTES = 10 * 1024 * 1024
"""The largest file accepted (10 MiB)."""
MAX_PIXELS = 60_000_000
"""The most pixels an image may have (60 Mpx)."""
COPY_MAX_SIDE = 2000
"""The longest side of the stored copy."""
THUMBNAIL_MAX_SIDE = 320
"""The longest side of the thumbnail."""
JPEG = "image/jpeg"
PDF = "application/pdf"

Image.MAX_IMAGE_PIXELS = MAX_PIXELS
_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1")


class ReceiptType(StrEnum):
    """What a file turned out to be."""

    JPEG = "jpeg"
    PNG = "png"
    HEIC = "heic"
    PDF = "pdf"


def sniff(data: bytes) -> ReceiptType | None:
    """The type of `data` from its first bytes, or None if it is none of the accepted ones."""
    if data.startswith(b"\xff\xd8\xff"):
        return ReceiptType.JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return ReceiptType.PNG
    if data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS:
        return ReceiptType.HEIC
    if data.startswith(b"%PDF-"):
        return ReceiptType.PDF
    return None


@dataclass(frozen=True)
class ProcessedReceipt:
    """What is stored for an uploaded receipt."""

    receipt_type: ReceiptType
    """What the upload was."""
    content: bytes
    """The stored file: the JPEG copy of an image, or the PDF."""
    content_type: str
    """`image/jpeg` or `application/pdf`."""
    thumbnail: bytes | None
    """A small JPEG of an image (None for a PDF)."""
    width: int | None
    """Pixels of the copy (images)."""
    height: int | None
    """Pixels of the copy (images)."""
    sha256: str
    """Of the upload as received: the same image uploaded twice is the same receipt."""


class ReceiptRejected(Exception):
    """The file is not a receipt this system keeps; carries the problem."""

    def __init__(self, problem: FieldError) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _refuse(code: str, message: str) -> ReceiptRejected:
    return ReceiptRejected(FieldError("file", code, message))


def _jpeg(image: Image.Image, max_side: int, quality: int) -> tuple[bytes, int, int]:
    copy = image.copy()
    copy.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    copy.save(out, format="JPEG", quality=quality, optimize=True)
    return out.getvalue(), copy.width, copy.height


def _open_image(data: bytes, receipt_type: ReceiptType) -> Image.Image:
    if receipt_type is ReceiptType.HEIC:
        try:
            from pillow_heif import register_heif_opener
        except ImportError as missing:  # pragma: no cover - pillow-heif is in requirements.txt
            raise _refuse("receipt_type_unsupported", "HEIC photos cannot be read here.") from missing
        register_heif_opener()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.width * image.height > MAX_PIXELS:
                raise _refuse("receipt_too_many_pixels", f"At most {MAX_PIXELS // 1_000_000} megapixels.")
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as bomb:
        raise _refuse("receipt_too_many_pixels", f"At most {MAX_PIXELS // 1_000_000} megapixels.") from bomb
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as broken:
        raise _refuse("receipt_unreadable", "The image cannot be read.") from broken
    return image


def process_receipt(data: bytes) -> ProcessedReceipt:
    """The stored form of an upload; raises `ReceiptRejected` with the problem's stable code."""
    if not data:
        raise _refuse("receipt_empty", "The file is empty.")
    if len(data) > MAX_BYTES:
        raise _refuse("receipt_too_large", f"At most {MAX_BYTES // (1024 * 1024)} MiB.")
    receipt_type = sniff(data)
    if receipt_type is None:
        raise _refuse("receipt_type_unsupported", "Upload a JPEG, PNG or HEIC photo, or a PDF.")
    digest = hashlib.sha256(data).hexdigest()
    if receipt_type is ReceiptType.PDF:
        if b"/Encrypt" in data:
            raise _refuse("receipt_encrypted", "The PDF is encrypted; upload one without a password.")
        return ProcessedReceipt(receipt_type, data, PDF, None, None, None, digest)
    image = _open_image(data, receipt_type)
    upright = ImageOps.exif_transpose(image).convert("RGB")
    content, width, height = _jpeg(upright, COPY_MAX_SIDE, 85)
    thumbnail, _, _ = _jpeg(upright, THUMBNAIL_MAX_SIDE, 75)
    return ProcessedReceipt(receipt_type, content, JPEG, thumbnail, width, height, digest)
