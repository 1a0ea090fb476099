"""Receipt files are judged by their content: a photo is turned upright, stripped of EXIF and
made at most 2000 px with a thumbnail; anything else (whatever its name), an empty or
oversized file, a decompression bomb or an encrypted PDF is refused with a stable code."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from pypdf import PdfWriter

from shared_code.purchases.receipt_files import (
    MAX_BYTES,
    ReceiptRejected,
    ReceiptType,
    process_receipt,
    sniff,
)


def _photo(width: int, height: int, *, fmt: str = "JPEG", orientation: int | None = None) -> bytes:
    image = Image.new("RGB", (width, height), "white")
    image.paste((200, 0, 0), (0, 0, width // 4, height // 4))  # a red corner to see rotation by
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    if orientation is not None:
        exif[0x0112] = orientation
    out = io.BytesIO()
    image.save(out, format=fmt, exif=exif.tobytes())
    return out.getvalue()


def _code(data: bytes) -> str:
    with pytest.raises(ReceiptRejected) as refused:
        process_receipt(data)
    return refused.value.problem.code


def test_a_sideways_phone_photo_is_made_upright_small_and_without_exif() -> None:
    # Orientation 6: the camera was turned; the stored copy must be portrait.
    processed = process_receipt(_photo(4000, 3000, orientation=6))
    assert processed.receipt_type is ReceiptType.JPEG
    assert (processed.width, processed.height) == (1500, 2000)
    copy = Image.open(io.BytesIO(processed.content))
    assert copy.getexif() == {} and "exif" not in copy.info
    assert copy.getpixel((copy.width - 10, 10))[0] > 150  # the red corner moved to the top right
    thumbnail = Image.open(io.BytesIO(processed.thumbnail or b""))
    assert max(thumbnail.size) == 320 and processed.content_type == "image/jpeg"


def test_png_and_heic_are_accepted_by_their_content() -> None:
    from pillow_heif import register_heif_opener

    register_heif_opener()
    assert process_receipt(_photo(800, 600, fmt="PNG")).receipt_type is ReceiptType.PNG
    heic = io.BytesIO()
    Image.new("RGB", (640, 480), "white").save(heic, format="HEIF")
    processed = process_receipt(heic.getvalue())
    assert processed.receipt_type is ReceiptType.HEIC and (processed.width, processed.height) == (640, 480)


def test_a_pdf_is_kept_as_it_is_and_an_encrypted_one_refused() -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    plain = io.BytesIO()
    writer.write(plain)
    processed = process_receipt(plain.getvalue())
    assert (processed.receipt_type, processed.content, processed.thumbnail) == (ReceiptType.PDF, plain.getvalue(), None)
    writer.encrypt("secret")
    locked = io.BytesIO()
    writer.write(locked)
    assert _code(locked.getvalue()) == "receipt_encrypted"


def test_what_is_not_an_image_or_pdf_is_refused_whatever_it_is_called() -> None:
    assert _code(b"MZ\x90\x00 this is a Windows program") == "receipt_type_unsupported"
    assert _code(b"GIF89a" + b"\x00" * 100) == "receipt_type_unsupported"
    assert _code(b"\xff\xd8\xff\xe0 truncated jpeg") == "receipt_unreadable"
    assert _code(b"") == "receipt_empty"
    assert _code(b"%PDF-" + b"0" * MAX_BYTES) == "receipt_too_large"
    assert sniff(b"%PDF-1.7") is ReceiptType.PDF


def test_an_image_over_60_megapixels_is_refused_before_it_is_decoded() -> None:
    bomb = io.BytesIO()
    Image.new("1", (8000, 7600)).save(bomb, format="PNG")
    assert len(bomb.getvalue()) < MAX_BYTES
    assert _code(bomb.getvalue()) == "receipt_too_many_pixels"
