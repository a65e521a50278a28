"""What is inside an uploaded job file: the whole file, not only its first bytes.

A file that starts like a PDF can carry a program or a page after its header (a
polyglot): one reader sees a PDF, another runs the program or the page. So each allowed
type is read whole by a real parser — pypdf for PDFs, Pillow for images, which decodes
every pixel (and every frame) — and three things are refused for any type:

- a program or script anywhere in the bytes: ELF, PE (Windows), Mach-O, a `#!` script
  line; and in PDFs and images, HTML, SVG or PHP markup a browser or server might run;
- bytes after the format's own end (a ZIP or a page appended to a picture or a PDF);
- in a PDF, active content: JavaScript, launch actions and embedded files.

Everything here is CPU work on up to `job_file_max_bytes`: callers run it in a thread.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Callable
from typing import Final

from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import DictionaryObject, IndirectObject, PdfObject, StreamObject

# ELF: magic, then a 32/64-bit class, an endianness and version 1.
_ELF: Final = re.compile(rb"\x7fELF[\x01\x02][\x01\x02]\x01")
# Mach-O (both byte orders, 32 and 64 bit) followed by a known CPU type (x86, x86-64, ARM,
# ARM64, PowerPC): the magic alone turns up in compressed data now and then.
_MACHO: Final = re.compile(
    rb"(?:\xfe\xed\xfa[\xce\xcf](?:\x00\x00\x00[\x07\x0c\x12]|\x01\x00\x00[\x07\x0c])"
    rb"|[\xce\xcf]\xfa\xed\xfe(?:[\x07\x0c\x12]\x00\x00\x00|[\x07\x0c]\x00\x00\x01))"
)
# A script's interpreter line at the start of a line: `#!/bin/sh`, `#! /usr/bin/env …`.
_SHEBANG: Final = re.compile(rb"(?:^|[\r\n])#! ?/(?:usr/)?(?:local/)?s?bin/")
_PE_SIGNATURE: Final = b"PE\x00\x00"
_DOS_STUB: Final = b"This program cannot be run in DOS mode"
# Markup a browser renders (and runs) or a server executes, if it ever sniffed the file.
_MARKUP: Final = re.compile(
    rb"<(?:script|html|body|iframe|svg|object|embed|!doctype html|\?php)[\s>/]", re.IGNORECASE
)
# PDF dictionary keys and action types that run code or carry files.
_PDF_ACTIVE_KEYS: Final = frozenset({"/JS", "/JavaScript", "/EmbeddedFiles", "/Launch"})
_PDF_ACTIVE_TYPES: Final = frozenset({"/JavaScript", "/Launch", "/EmbeddedFile", "/Filespec"})
# What may follow a format's end marker: line ends and padding some writers add.
_TRAILING_SLACK: Final = b"\r\n\t \x00"


class ContentRefused(ValueError):  # noqa: N818 - reads as "content refused: why"
    """The file is not what it says, or carries something it must not."""


def _pe_at(data: bytes, start: int) -> bool:
    """A DOS header at `start` whose e_lfanew points at a PE signature inside the file."""
    header_end = start + 0x40
    if header_end > len(data):
        return False
    at = start + int.from_bytes(data[start + 0x3C : start + 0x40], "little")
    return at + 4 <= len(data) and data[at : at + 4] == _PE_SIGNATURE


def find_program(data: bytes) -> str | None:
    """The kind of program or script inside `data`, wherever it sits, or None."""
    if _ELF.search(data):
        return "a Linux program (ELF)"
    if _DOS_STUB in data or any(_pe_at(data, m.start()) for m in re.finditer(rb"MZ", data)):
        return "a Windows program (PE)"
    if _MACHO.search(data):
        return "a macOS program (Mach-O)"
    if _SHEBANG.search(data):
        return "a script (#! line)"
    return None


def _check_markup(data: bytes) -> None:
    found = _MARKUP.search(data)
    if found:
        tag = found.group(0)[:-1].decode("latin-1")
        raise ContentRefused(f"it carries web page or script markup ({tag}…)")


def _check_ends(data: bytes, marker: bytes, what: str) -> int:
    """Where the format's last end marker is; bytes after it (but slack) are refused."""
    end = data.rfind(marker)
    if end < 0:
        raise ContentRefused(f"it has no {what}: the file is cut short or is not one")
    if data[end + len(marker) :].strip(_TRAILING_SLACK):
        raise ContentRefused(f"it carries other data after its {what}")
    return end


# ---- PDF ------------------------------------------------------------------------------


def _active(obj: PdfObject) -> str | None:
    if not isinstance(obj, DictionaryObject):
        return None
    keys = _PDF_ACTIVE_KEYS.intersection(str(k) for k in obj)
    if keys:
        return min(keys)
    for key in ("/S", "/Type"):
        value = obj.get(key)
        if value is not None and str(value) in _PDF_ACTIVE_TYPES:
            return str(value)
    return None


def _check_pdf(data: bytes) -> None:
    if not re.match(rb"%PDF-[12]\.\d", data):
        raise ContentRefused("it does not start with a PDF header")
    _check_ends(data, b"%%EOF", "PDF end marker (%%EOF)")
    try:
        reader = PdfReader(io.BytesIO(data), strict=True)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ContentRefused("it is password-protected, so it cannot be checked")
        if len(reader.pages) < 1:
            raise ContentRefused("it has no pages")
        # Every object the cross-reference table names, including those inside object
        # streams: each must parse, and none may run code or carry a file.
        numbers = [(num, gen) for gen, entries in reader.xref.items() for num in entries]
        numbers += [(num, 0) for num in reader.xref_objStm]
        for num, gen in numbers:
            obj = reader.get_object(IndirectObject(num, gen, reader))
            if obj is None:
                continue
            if isinstance(obj, StreamObject):
                obj = DictionaryObject(obj)
            found = _active(obj)
            if found is not None:
                raise ContentRefused(
                    f"it holds active content ({found}): JavaScript, launch actions and "
                    "attached files are not accepted in PDFs"
                )
    except ContentRefused:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as error:
        raise ContentRefused(f"it is not a readable PDF ({type(error).__name__})") from error


# ---- images ---------------------------------------------------------------------------


def _decode_image(data: bytes, expected: str) -> None:
    """Decode every pixel of every frame; the format Pillow finds must be the one stated."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format != expected:
                    raise ContentRefused(f"it is {image.format or 'no'} image, not {expected}")
                for frame in range(getattr(image, "n_frames", 1)):
                    image.seek(frame)
                    image.load()
    except ContentRefused:
        raise
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        ValueError,
        SyntaxError,
        EOFError,
    ) as error:
        raise ContentRefused(f"it is not a readable {expected} image") from error


def _after_end(data: bytes, end: int, what: str) -> None:
    """The format ends at `end`: anything after it but slack is refused."""
    if end > len(data):
        raise ContentRefused(f"it is cut short: its {what} is incomplete")
    if data[end:].strip(_TRAILING_SLACK):
        raise ContentRefused(f"it carries other data after the end of its {what}")


def _png_end(data: bytes) -> int:
    """Where the IEND chunk ends, walking the chunks from the signature."""
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        raise ContentRefused("it is not a PNG image")
    pos = 8
    while pos + 8 <= len(data):
        length = int.from_bytes(data[pos : pos + 4], "big")
        kind = data[pos + 4 : pos + 8]
        pos += 12 + length  # length, type, data, CRC
        if kind == b"IEND":
            return pos
    raise ContentRefused("it is cut short: the PNG has no end chunk (IEND)")


def _jpeg_scan_end(data: bytes, pos: int) -> int:
    """Past a scan's entropy-coded data: to the next marker that is not a stuffed 0xFF
    or a restart marker."""
    while True:
        at = data.find(b"\xff", pos)
        if at < 0 or at + 1 >= len(data):
            raise ContentRefused("it is cut short: a JPEG scan never ends")
        following = data[at + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
            pos = at + (1 if following == 0xFF else 2)
            continue
        return at


def _jpeg_end(data: bytes) -> int:
    """Where the end-of-image marker ends, walking the segments and scans from the start."""
    if not data.startswith(b"\xff\xd8"):
        raise ContentRefused("it is not a JPEG image")
    pos, size = 2, len(data)
    while pos < size:
        if data[pos] != 0xFF:
            raise ContentRefused("it is not a well-formed JPEG image (a marker is missing)")
        while pos < size and data[pos] == 0xFF:  # fill bytes before a marker
            pos += 1
        if pos >= size:
            break
        marker = data[pos]
        pos += 1
        if marker == 0xD9:  # end of image
            return pos
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:  # markers without a length
            continue
        if pos + 2 > size:
            break
        length = int.from_bytes(data[pos : pos + 2], "big")
        if length < 2:
            raise ContentRefused("it is not a well-formed JPEG image (a segment length)")
        pos += length
        if marker == 0xDA:  # start of scan: compressed data up to the next marker
            pos = _jpeg_scan_end(data, pos)
    raise ContentRefused("it is cut short: the JPEG has no end marker")


def _gif_blocks(data: bytes, pos: int) -> int:
    """Past a chain of data sub-blocks (each a length byte, a zero length ends it)."""
    while pos < len(data):
        length = data[pos]
        pos += 1
        if length == 0:
            return pos
        pos += length
    raise ContentRefused("it is cut short: a GIF block never ends")


def _gif_colour_table(flags: int) -> int:
    return 3 * 2 ** ((flags & 0x07) + 1) if flags & 0x80 else 0


def _gif_end(data: bytes) -> int:
    """Where the trailer (0x3B) ends, walking the extensions and images from the header."""
    if data[:6] not in (b"GIF87a", b"GIF89a") or len(data) < 13:
        raise ContentRefused("it is not a GIF image")
    pos = 13 + _gif_colour_table(data[10])
    while pos < len(data):
        block = data[pos]
        if block == 0x3B:  # trailer
            return pos + 1
        if block == 0x21:  # extension: label, then sub-blocks
            pos = _gif_blocks(data, pos + 2)
        elif block == 0x2C and pos + 10 <= len(data):  # image: descriptor, table, LZW data
            pos += 10 + _gif_colour_table(data[pos + 9])
            pos = _gif_blocks(data, pos + 1)
        else:
            raise ContentRefused("it is not a well-formed GIF image (an unknown block)")
    raise ContentRefused("it is cut short: the GIF has no trailer")


def _check_png(data: bytes) -> None:
    _after_end(data, _png_end(data), "PNG image")
    _decode_image(data, "PNG")


def _check_jpeg(data: bytes) -> None:
    _after_end(data, _jpeg_end(data), "JPEG image")
    _decode_image(data, "JPEG")


def _check_gif(data: bytes) -> None:
    _after_end(data, _gif_end(data), "GIF image")
    _decode_image(data, "GIF")


def _check_webp(data: bytes) -> None:
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise ContentRefused("it is not a WebP image")
    size = int.from_bytes(data[4:8], "little")
    # The RIFF size counts everything after its own 8 bytes (chunks padded to even).
    if size + 8 not in (len(data), len(data) - 1):
        raise ContentRefused("its length disagrees with its WebP header: other data is attached")
    _decode_image(data, "WEBP")


# ---- text -----------------------------------------------------------------------------


def _check_text(data: bytes) -> None:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ContentRefused("it is not UTF-8 text") from error
    if b"\x00" in data:
        raise ContentRefused("it holds NUL bytes, so it is not text")


_BINARY: Final[dict[str, Callable[[bytes], None]]] = {
    "application/pdf": _check_pdf,
    "image/png": _check_png,
    "image/jpeg": _check_jpeg,
    "image/gif": _check_gif,
    "image/webp": _check_webp,
}
_TEXT: Final = frozenset({"text/plain", "text/csv"})


def inspect(kind: str, data: bytes) -> None:
    """Raise ContentRefused (with the reason) unless `data` is wholly a file of `kind`.

    Types without a reader here (an operator may allow more) get the program scan only."""
    program = find_program(data)
    if program is not None:
        raise ContentRefused(f"it carries {program}")
    if kind in _TEXT:
        _check_text(data)
        return
    check = _BINARY.get(kind)
    if check is not None:
        _check_markup(data)
        check(data)
