"""Which PDF library reads a Chinese notice right: the comparison behind the
choice of pdfplumber (issue 31), reproducible.

    .venv/bin/python benchmarks/pdf_readers.py

On fixture PDFs written byte by byte (tests/pdf_fixture.py: a Type0 font
with Identity-H and a ToUnicode map, as Chinese PDFs are made), it checks
for each library whether the lines come out in reading order when the file
draws them out of order, and whether a ruled table's rows come out as rows;
and times a 20-page document. pypdf is not a dependency: it is measured
when installed (`pip install pypdf`), else reported as missing.
"""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.pdf_fixture import pdf_bytes, ruled_table  # noqa: E402

TITLE = "国家药监局关于发布医疗器械注册指导原则的通告"
LINES = ["为加强医疗器械注册管理，国家药品监督管理局组织制定了指导原则，现予发布。", "特此通告。"]
ROWS = [("产品名称", "注册人", "注册证号"), ("冠脉支架", "甲医疗", "国械注准20263130001")]


def out_of_order() -> bytes:
    return pdf_bytes([[(72, 700, LINES[0]), (72, 760, TITLE), (72, 660, LINES[1])]])


def table() -> bytes:
    runs, grid = ruled_table(ROWS, top=758)
    return pdf_bytes([runs], lines=[grid])


def long_document(pages: int = 20) -> bytes:
    return pdf_bytes([[(72, 780 - 20 * i, f"第{n}页第{i}行：医疗器械注册审查指导原则正文内容。") for i in range(30)]
                      for n in range(pages)])


def with_pdfplumber(data: bytes) -> str:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() for page in pdf.pages)


def with_pdfminer(data: bytes) -> str:
    from pdfminer.high_level import extract_text

    return extract_text(io.BytesIO(data))


def with_pypdf(data: bytes) -> str:
    import pypdf

    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def with_ours(data: bytes) -> str:
    from build_scripts.read.formats import read_document

    return "\n".join(read_document("x.pdf", ".pdf", data).lines)


def main() -> int:
    import logging

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    readers = {"pypdf": with_pypdf, "pdfminer.six": with_pdfminer, "pdfplumber": with_pdfplumber,
               "ours (pdfplumber + layout)": with_ours}
    print("| library | reading order | table rows as rows | 20 pages, seconds |")
    print("|---|---|---|---|")
    for name, read in readers.items():
        try:
            text = read(out_of_order())
        except ImportError:
            print(f"| {name} | not installed | | |")
            continue
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        in_order = [line for line in lines if line in (TITLE, *LINES)] == [TITLE, *LINES]
        rows = [line for line in read(table()).splitlines() if line.strip()]
        as_rows = all(any(all(cell in line for cell in row) for line in rows) for row in ROWS)
        started = time.perf_counter()
        read(long_document())
        seconds = time.perf_counter() - started
        print(f"| {name} | {'right' if in_order else 'wrong'} | {'yes' if as_rows else 'no'} | {seconds:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
