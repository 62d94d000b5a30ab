"""Tiny PDFs for the tests, written byte by byte: no PDF library writes the
fixtures the reader is tested on.

Text is drawn as real Chinese PDFs draw it: a Type0 font with Identity-H
encoding (each character a two-byte glyph id) and a ToUnicode CMap that maps
glyph ids back to text. ``to_unicode`` can map a character to another one
(a Kangxi radical, as some PDF makers write ``立``), and runs are drawn in the
order given, so a test can draw a page's lines out of reading order.
"""

from __future__ import annotations

Run = tuple[float, float, str]  # x, y (points from the bottom left of an A4 page), text


def pdf_bytes(pages: list[list[Run]], size: float = 12, to_unicode: dict[str, str] | None = None,
              encrypted: bool = False, lines: list[list[tuple[float, float, float, float]]] | None = None) -> bytes:
    """A PDF of ``pages``, each a list of text runs (an empty list: a page
    with no text layer, as a scan has). ``lines``: ruled lines per page
    (x0, y0, x1, y1), to draw a table's grid."""
    to_unicode = to_unicode or {}
    glyphs: dict[str, int] = {}
    for page in pages:
        for _, _, text in page:
            for char in text:
                glyphs.setdefault(char, len(glyphs) + 1)
    objects: dict[int, bytes] = {}
    page_ids = [10 + 2 * i for i in range(len(pages))]
    objects[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[2] = (f"<< /Type /Pages /Kids [{' '.join(f'{n} 0 R' for n in page_ids)}] "
                  f"/Count {len(pages)} >>").encode()
    objects[3] = (b"<< /Type /Font /Subtype /Type0 /BaseFont /FixtureSong /Encoding /Identity-H "
                  b"/DescendantFonts [4 0 R] /ToUnicode 6 0 R >>")
    half = " ".join(f"{gid} [500]" for char, gid in glyphs.items() if char.isascii())
    objects[4] = (b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /FixtureSong "
                  b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
                  b"/FontDescriptor 5 0 R /DW 1000 /W [" + half.encode() + b"] >>")
    objects[5] = (b"<< /Type /FontDescriptor /FontName /FixtureSong /Flags 4 /FontBBox [0 -140 1000 860] "
                  b"/ItalicAngle 0 /Ascent 860 /Descent -140 /CapHeight 700 /StemV 80 >>")
    entries = "\n".join(f"<{gid:04X}> <{_utf16_hex(to_unicode.get(char, char))}>" for char, gid in glyphs.items())
    cmap = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
            "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
            f"{len(glyphs)} beginbfchar\n{entries}\nendbfchar\n"
            "endcmap CMapName currentdict /CMap defineresource pop end end").encode()
    objects[6] = _stream(cmap)
    for i, page in enumerate(pages):
        ops = [f"{x0} {y0} m {x1} {y1} l S" for x0, y0, x1, y1 in (lines[i] if lines else [])]
        for x, y, text in page:
            hex_text = "".join(f"{glyphs[char]:04X}" for char in text)
            ops.append(f"BT /F1 {size} Tf {x} {y} Td <{hex_text}> Tj ET")
        objects[page_ids[i] + 1] = _stream("\n".join(ops).encode())
        objects[page_ids[i]] = (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                                f"/Resources << /Font << /F1 3 0 R >> >> /Contents {page_ids[i] + 1} 0 R >>").encode()
    if encrypted:  # the standard security handler with a user password nobody here knows
        objects[7] = (b"<< /Filter /Standard /V 2 /R 3 /Length 128 /P -3904 "
                      b"/O <" + b"41" * 32 + b"> /U <" + b"42" * 32 + b"> >>")
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += f"{number} 0 obj\n".encode() + objects[number] + b"\nendobj\n"
    count = max(objects) + 1
    xref = len(out)
    out += f"xref\n0 {count}\n0000000000 65535 f \n".encode()
    for number in range(1, count):
        out += (f"{offsets[number]:010d} 00000 n \n" if number in offsets else "0000000000 65535 f \n").encode()
    trailer = f"<< /Size {count} /Root 1 0 R"
    if encrypted:
        trailer += " /Encrypt 7 0 R /ID [<" + "43" * 16 + "> <" + "43" * 16 + ">]"
    out += f"trailer\n{trailer} >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _utf16_hex(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def _stream(data: bytes) -> bytes:
    return f"<< /Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream"


def ruled_table(rows: list[tuple[str, ...]], top: float, left: float = 72, column: float = 150,
                row: float = 30) -> tuple[list[Run], list[tuple[float, float, float, float]]]:
    """A table drawn as PDF makers draw one: each cell's text as a run, and
    the ruled lines of its grid (give them to ``pdf_bytes`` as the page's lines)."""
    runs = [(left + 8 + column * c, top - 18 - row * r, cell) for r, cells in enumerate(rows) for c, cell in enumerate(cells)]
    columns = max(map(len, rows))
    bottom = top - row * len(rows)
    grid = [(left, top - row * k, left + column * columns, top - row * k) for k in range(len(rows) + 1)] + \
        [(left + column * k, top, left + column * k, bottom) for k in range(columns + 1)]
    return runs, grid
