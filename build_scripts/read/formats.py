"""Readers: one per source format. A reader only reads.

``read_source(path, display, data)`` returns a :class:`Document` or raises
:class:`ReadError` with a message that says what is wrong and what to do.
Decoding detects the encoding (BOM, strict UTF-8, UTF-16 without BOM, then
charset-normalizer among the Chinese legacy encodings) rather than assuming it.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
from typing import Any, ClassVar

from ..model import Document
from ..render.markup import CONTROL_CHARACTERS


class ReadError(Exception):
    """A source that cannot be read. ``line`` is 0 when no line applies."""

    def __init__(self, message: str, line: int = 0):
        super().__init__(message)
        self.message = message
        self.line = line


_BOMS = (  # longest first: the UTF-32-LE BOM starts with the UTF-16-LE one
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

# charset-normalizer names -> the superset codec we decode with.
_LEGACY_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "gb18030": "gb18030",
    "big5": "big5hkscs",
    "big5hkscs": "big5hkscs",
    "cp950": "big5hkscs",
}


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode source bytes, returning ``(text, encoding)``.

    Line endings are normalised to ``\\n`` and a BOM is dropped. Raises
    :class:`ReadError` for empty or binary input and for bytes that no
    supported encoding decodes.
    """
    if not data.strip():
        raise ReadError("the file is empty; add the article's text or delete the file")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(codec)
            except UnicodeDecodeError as exc:
                raise ReadError(f"the file starts with a {codec} byte-order mark but is not "
                                f"valid {codec} ({exc.reason}); re-save it as UTF-8") from None
            return _normalise_newlines(text), f"{codec} (BOM)"
    utf16 = _guess_utf16_without_bom(data)
    if utf16:
        return _normalise_newlines(data.decode(utf16)), utf16
    if b"\x00" in data:
        raise ReadError(
            "the file looks binary (it contains NUL bytes); sources must be text "
            "(.txt, .md or .html)"
        )
    try:
        return _normalise_newlines(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    return _decode_legacy(data)


def _guess_utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM has a NUL in every other byte for ASCII."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    for codec, nuls, other in (("utf-16-le", odd_nuls, even_nuls), ("utf-16-be", even_nuls, odd_nuls)):
        if nuls > half * 0.3 and other == 0:
            try:
                data.decode(codec)
            except UnicodeDecodeError:
                return None
            return codec
    return None


def _decode_legacy(data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    candidates = []
    best = from_bytes(data, cp_isolation=["gb18030", "big5", "utf_8"]).best()
    if best is not None:
        name = best.encoding.replace("_", "").lower()
        candidates.append(_LEGACY_SUPERSETS.get(name, best.encoding))
    candidates += ["gb18030", "big5hkscs"]
    for codec in dict.fromkeys(candidates):
        try:
            return _normalise_newlines(data.decode(codec)), codec
        except (UnicodeDecodeError, LookupError):
            continue
    raise ReadError(
        "the file is not valid UTF-8, GB18030/GBK or Big5 text; re-save it as UTF-8"
    )


def _normalise_newlines(text: str) -> str:
    """``\n`` line endings; other control characters (stray bytes) dropped."""
    return CONTROL_CHARACTERS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


class BaseReader:
    """Reads one format. Subclasses fill in :meth:`parse`."""

    file_extensions: ClassVar[tuple[str, ...]] = ()
    format: ClassVar[str] = ""

    def read(self, display: str, data: bytes) -> Document:
        text, encoding = decode_bytes(data)
        sha256 = hashlib.sha256(data).hexdigest()
        # Text copied out of PDFs, and pages typed with full-width digits (２０２５年３月), hold
        # compatibility forms: folded, so that dates, names and search see the characters meant.
        return self.parse(display, folded(text), encoding, sha256)

    def parse(self, display: str, text: str, encoding: str, sha256: str) -> Document:
        raise NotImplementedError


class TextReader(BaseReader):
    file_extensions = (".txt",)
    format = "txt"

    def parse(self, display: str, text: str, encoding: str, sha256: str) -> Document:
        return Document(path=display, format=self.format, encoding=encoding,
                        sha256=sha256, lines=tuple(text.split("\n")))


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


class MarkdownReader(BaseReader):
    """A Markdown source. Its YAML front matter holds editor-set values, which
    override anything the build extracts (same keys as a sidecar)."""

    file_extensions = (".md", ".markdown")
    format = "md"

    def parse(self, display: str, text: str, encoding: str, sha256: str) -> Document:
        front_matter = None
        first_line = 1
        match = _FRONT_MATTER.match(text)
        if match:
            front_matter = match.group(1) or ""
            first_line = text[: match.end()].count("\n") + 1
            text = text[match.end():]
        return Document(path=display, format=self.format, encoding=encoding, sha256=sha256,
                        lines=tuple(text.split("\n")), first_line=first_line,
                        front_matter=front_matter)


class HTMLReader(BaseReader):
    """A saved web page. trafilatura keeps the article text and drops
    navigation, scripts and styles; the page's own metadata (title, date, site
    name) is kept as found values, which the text can still override."""

    file_extensions = (".html", ".htm")
    format = "html"

    def parse(self, display: str, text: str, encoding: str, sha256: str) -> Document:
        import trafilatura

        deep = _too_deep(text)
        if deep:  # lxml stops there: what lies deeper would be lost without a word
            raise ReadError(f"the page's elements are nested more than {MAX_HTML_DEPTH} deep, past what the "
                            "HTML parser reads, so part of its text would be lost; save the article's text "
                            "into a .txt file", deep)
        wechat = wechat_article(text)
        extracted = trafilatura.bare_extraction(
            wechat.pop("body") if wechat else text,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            favor_precision=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
        extracted = extracted.as_dict() if extracted is not None else None
        links = headline_links(text)
        if not extracted or not (extracted.get("text") or "").strip():
            if len(links) >= 10:  # a list page: the split stage says so, with its headlines
                return Document(path=display, format=self.format, encoding=encoding, sha256=sha256,
                                lines=(), found_meta={"links": links})
            raise ReadError("no article text found in the HTML page; save the article "
                            "itself or paste its text into a .txt file")
        found: dict[str, Any] = {"links": links} if links else {}
        for ours, theirs in (("title", "title"), ("date", "date"), ("outlet", "sitename"), ("address", "url")):
            value = extracted.get(theirs)
            if isinstance(value, str) and value.strip():
                found[ours] = value.strip()
        if wechat:  # the account, the headline and the publish time from the page's own data
            found.update(wechat)
        body = extracted["text"].replace("\r\n", "\n")
        lines = body.split("\n")
        # Put the page title first, where the normaliser looks for a headline.
        if found.get("title") and (not lines or lines[0].strip() != found["title"]):
            lines = [found["title"], ""] + lines
        return Document(path=display, format=self.format, encoding=encoding, sha256=sha256,
                        lines=tuple(lines), found_meta=found)


_WECHAT_VARIABLE = r"""var\s+{name}\s*=\s*(?:htmlDecode\()?\s*["']([^"'\n]*)["']"""


def wechat_article(html_text: str) -> dict[str, str] | None:
    """A saved WeChat official-account article (mp.weixin.qq.com): its body
    (``#js_content``, without the page's scripts, QR codes and "read more"
    chrome) as HTML under ``body``, and, where the page states them, the
    account as ``outlet``, the headline as ``title`` and the publish time
    (its ``ct`` Unix time, in China's time zone) as ``date``. None for any
    other page."""
    if "js_content" not in html_text or not re.search(r"mp\.weixin\.qq\.com|rich_media|var\s+ct\s*=", html_text):
        return None
    import lxml.html
    from datetime import datetime, timedelta, timezone

    try:
        tree = lxml.html.fromstring(html_text)
    except (ValueError, lxml.etree.ParserError):
        return None
    content = tree.get_element_by_id("js_content", None)
    if content is None:
        return None
    for element in content.xpath(".//script|.//style|.//img|.//*[contains(@class, 'qr_code')]"):
        element.drop_tree()
    content.attrib.pop("style", None)  # WeChat hides the body until its script runs
    title_element = tree.get_element_by_id("activity-name", None)
    found = {"body": "<html><body><article>" + lxml.html.tostring(content, encoding="unicode")
                     + "</article></body></html>"}
    title = " ".join(title_element.text_content().split()) if title_element is not None else ""
    name_element = tree.get_element_by_id("js_name", None)
    account = " ".join(name_element.text_content().split()) if name_element is not None else ""
    for key, value in (("title", title), ("outlet", account)):
        variable = re.search(_WECHAT_VARIABLE.format(name={"title": "msg_title", "outlet": "nickname"}[key]), html_text)
        value = value or (variable.group(1).strip() if variable else "")
        if value:
            found[key] = value
            found[f"{key}_from"] = "WeChat page data"
    author = tree.xpath("//meta[@name='author']/@content") or tree.xpath("//*[@id='js_author_name']//text()")
    author = " ".join(" ".join(author).split())
    if author and author != account:
        found["author"] = author
    stamp = re.search(r"""var\s+ct\s*=\s*["']?(\d{9,10})["']?""", html_text)
    if stamp:
        when = datetime.fromtimestamp(int(stamp.group(1)), timezone(timedelta(hours=8)))
        found["date"], found["date_from"] = when.strftime("%Y-%m-%d %H:%M"), "WeChat page data"
    return found


MAX_HTML_DEPTH = 255  # libxml2's limit without its "huge" option (which lifts it to 2048)


def _too_deep(text: str) -> int:
    """The line at which lxml's HTML parser stops for elements nested too
    deep, or 0 (a parse of its own: trafilatura's does not tell)."""
    from lxml import etree

    if text.count("<") < MAX_HTML_DEPTH:  # cannot nest that deep
        return 0
    parser = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
    try:
        etree.fromstring(text, parser)
    except (etree.LxmlError, ValueError):
        return 0  # not HTML it can read: trafilatura says so
    for entry in parser.error_log:
        if "Excessive depth" in entry.message:
            return max(entry.line, 1)
    return 0


# A link to an article: its address has a date (/2024/0913/, /202103/01/, 2018-03-20) or a long number.
_ARTICLE_HREF = re.compile(r"(?:19|20)\d{2}[-/_]?(?:0[1-9]|1[0-2])|/\d{5,}|[_/-]\d{5,}\.s?html?", re.I)


def headline_links(html_text: str) -> tuple[tuple[str, str], ...]:
    """The page's links to articles, as (headline, address): link text long
    enough to be a headline (its title attribute where the text is cut short)."""
    import lxml.html

    try:
        tree = lxml.html.fromstring(html_text)
    except (ValueError, lxml.etree.ParserError):
        return ()
    found: dict[str, tuple[str, str]] = {}
    for anchor in tree.iter("a"):
        href = (anchor.get("href") or "").strip()
        title = " ".join(anchor.text_content().split())
        attribute = " ".join((anchor.get("title") or "").split())
        if len(attribute) > len(title):
            title = attribute
        cjk = len(re.findall(r"[\u4e00-\u9fff]", title))
        if not _ARTICLE_HREF.search(href) or (cjk < 6 and len(title.split()) < 5):
            continue
        found.setdefault(href, (title, href))
    return tuple(found.values())


# --- PDF and Word ---------------------------------------------------------------------

# Text taken from PDFs (and text copied from them, or typed with full-width digits) carries
# compatibility forms that look like the characters they stand for
# but do not match them: Kangxi radicals (⽴ for 立), ligatures (ﬁ), full-width Latin letters and
# digits. NFKC folds these; it would also turn full-width Chinese punctuation into ASCII, so it is
# applied to these ranges only. The CJK radicals supplement has no NFKC forms: its simplified
# components that PDF makers write for whole characters are mapped here.
_COMPATIBILITY = re.compile("[\u2e80-\u2ef3\u2f00-\u2fd5\uf900-\ufaff\ufb00-\ufb06\uff10-\uff19"
                            "\uff21-\uff3a\uff41-\uff5a]")
_RADICALS_SUPPLEMENT = dict(zip(
    "\u2ea0\u2ec4\u2ec5\u2ec6\u2ec9\u2ecb\u2ed3\u2ed4\u2ed8\u2eda\u2edb\u2edc\u2edd\u2ee2\u2ee3"
    "\u2ee5\u2ee6\u2ee8\u2ee9\u2eec\u2eee\u2ef0\u2ef3\u2e9f",
    "民西见角贝车长门青页风飞食马骨鱼鸟麦黄齐齿龙龟母"))
_PAGE_NUMBER = re.compile(r"^[-—–－\s]*(?:\d{1,4}|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?)[-—–－\s]*$")


def folded(text: str) -> str:
    """``text`` with the compatibility forms above as the characters they stand for."""
    if not _COMPATIBILITY.search(text):
        return text
    return _COMPATIBILITY.sub(
        lambda m: _RADICALS_SUPPLEMENT.get(m.group(), unicodedata.normalize("NFKC", m.group())), text)


_CJK_WRAP = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])\s*\n\s*(?=[\u3000-\u9fff\uff00-\uffef])")


def _table_row(cells: list) -> str:
    """A table's row as one line, its cells apart: ``a | b | c`` (a cell's
    wrapped lines joined: without a space between Chinese characters)."""
    return " | ".join(" ".join(_CJK_WRAP.sub("", cell or "").split()) for cell in cells)


class BinaryReader(BaseReader):
    """A format whose text a library takes out of the file's structure
    (no encoding to detect). Subclasses fill in :meth:`text_lines`."""

    encoding: ClassVar[str] = ""
    no_text: ClassVar[str] = "the file has no text"

    def read(self, display: str, data: bytes) -> Document:
        lines = [CONTROL_CHARACTERS.sub("", folded(line)).rstrip() for line in self.text_lines(data)]
        while lines and not lines[-1]:
            lines.pop()
        if not any(line.strip() for line in lines):
            raise ReadError(self.no_text)
        return Document(path=display, format=self.format, encoding=self.encoding,
                        sha256=hashlib.sha256(data).hexdigest(), lines=tuple(lines))

    def text_lines(self, data: bytes) -> list[str]:
        raise NotImplementedError


class PDFReader(BinaryReader):
    """A PDF's text layer through pdfplumber (pdfminer.six's layout analysis:
    lines in reading order, not in the order the file draws them), its
    tables as rows of cells, page numbers dropped, a blank line between pages."""

    file_extensions = (".pdf",)
    format = "pdf"
    encoding = "PDF text layer"
    no_text = ("the PDF has no text layer (a scan?): OCR is not supported; save the text of the document "
               "into a .txt file")

    def text_lines(self, data: bytes) -> list[str]:
        import logging

        import pdfplumber
        from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
        from pdfplumber.utils.exceptions import PdfminerException

        logging.getLogger("pdfminer").setLevel(logging.ERROR)  # its notes on fonts are not the editor's
        if not data.startswith(b"%PDF") and b"%PDF" not in data[:1024]:
            raise ReadError("not a PDF file (it does not start with %PDF); check the download")
        try:
            with pdfplumber.open(io.BytesIO(data)) as pdf:
                pages = [self._page_lines(page) for page in pdf.pages]
        except PdfminerException as exc:
            cause = exc.args[0] if exc.args else exc
            if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)) or "decrypt" in str(cause).lower():
                raise ReadError("the PDF is encrypted and cannot be read without its password; save an "
                                "unprotected copy") from None
            raise ReadError(f"the PDF cannot be read ({type(cause).__name__}: {cause}); the file may be "
                            "damaged or cut short: download it again") from None
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
            raise ReadError(f"the PDF cannot be read ({type(exc).__name__}: {exc}); the file may be damaged: "
                            "download it again") from None
        lines: list[str] = []
        for page in _without_running_lines(pages):
            lines += ([""] if lines else []) + page
        return lines

    @staticmethod
    def _page_lines(page) -> list[str]:
        tables = [table for table in page.find_tables() if len(table.rows) > 1]
        boxes = [table.bbox for table in tables]

        def outside(obj) -> bool:
            x, top = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
            return not any(x0 <= x <= x1 and y0 <= top <= y1 for x0, y0, x1, y1 in boxes)

        text = page.filter(outside) if boxes else page
        text_lines = [line for line in text.extract_text_lines() if not _PAGE_NUMBER.match(line["text"])]
        placed = [(top, paragraph + "\n") for top, paragraph in _paragraphs(text_lines)]
        for table in tables:
            rows = [_table_row(row) for row in table.extract()]
            placed += [(table.bbox[1] + i * 1e-3, row) for i, row in enumerate(rows) if row.strip(" |")]
            placed.append((table.bbox[3], ""))
        placed.sort(key=lambda item: item[0])
        return "\n".join(line for _, line in placed).split("\n")


def _without_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """The pages without their running header and footer: a line that stands
    among the first or last two of half the pages or more (two at least) is
    the page's furniture, not its text. The first page keeps its header (it
    may be the title the later pages repeat)."""
    if len(pages) < 2:
        return pages

    def edges(page: list[str]) -> tuple[list[str], list[str]]:
        text = [line for line in page if line.strip()]
        return text[:2], text[-2:]

    seen: dict[str, int] = {}
    for page in pages:
        top, bottom = edges(page)
        for line in set(top + bottom):
            seen[line] = seen.get(line, 0) + 1
    running = {line for line, count in seen.items() if count >= max(2, (len(pages) + 1) // 2)}
    if not running:
        return pages
    kept = []
    for number, page in enumerate(pages):
        top, bottom = edges(page)
        furniture = (set(bottom) if number == 0 else set(top + bottom)) & running
        kept.append([line for line in page if line not in furniture])
    return kept


_PARAGRAPH_END = re.compile(r"[。！？：；.!?:;”\"）)]$")


def _paragraphs(lines: list[dict]) -> list[tuple[float, str]]:
    """A page's text lines joined into paragraphs, as (top, text): a line that
    runs to the right edge of the text and does not end a sentence goes on in
    the next line, when that starts at the left edge (without a space between
    Chinese characters). A signature or date set to the right stands alone,
    and lines set to the right one under another (a signature block: the
    issuer, the date) stay together, without a blank line between them."""
    if not lines:
        return []
    left, right = min(line["x0"] for line in lines), max(line["x1"] for line in lines)
    out: list[tuple[float, str]] = []
    carried, was_aside, bottom = False, False, 0.0
    for line in lines:
        text = line["text"].strip()
        height = max(line["bottom"] - line["top"], 1.0)
        # The next line of the paragraph: at the left edge, and no wider apart than a line (not past a table).
        aside = line["x0"] > left + 6 * height
        if carried and out and line["x0"] <= left + height and line["top"] - bottom <= 1.5 * height:
            top, before = out[-1]
            if re.search(r"[a-z]-$", before) and text[:1].islower():  # a word broken at the line's end: "regu-" "lation"
                before, joint = before[:-1], ""
            else:
                joint = "" if not (before[-1:].isascii() and text[:1].isascii()) else " "
            out[-1] = (top, before + joint + text)
        elif aside and was_aside and out and line["top"] - bottom <= 1.5 * height:
            out[-1] = (out[-1][0], out[-1][1] + "\n" + text)
        else:
            out.append((line["top"], text))
        was_aside = aside
        carried = (line["x0"] <= left + 3 * height and line["x1"] >= right - 2 * height
                   and not _PARAGRAPH_END.search(text))
        bottom = line["bottom"]
    return out


class DocxReader(BinaryReader):
    """A Word document through python-docx: its paragraphs and tables in the
    order they stand (a table's rows as rows of cells)."""

    file_extensions = (".docx",)
    format = "docx"
    encoding = "Word document text"

    def text_lines(self, data: bytes) -> list[str]:
        import zipfile

        import docx
        from docx.opc.exceptions import PackageNotFoundError
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        if not data.startswith(b"PK"):
            kind = ("an old Word .doc or an encrypted document" if data.startswith(b"\xd0\xcf\x11\xe0")
                    else "not a Word .docx file")
            raise ReadError(f"{kind}: save it from Word as .docx (unprotected) and add that")
        try:
            document = docx.Document(io.BytesIO(data))
        except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
            raise ReadError(f"the Word file cannot be read ({type(exc).__name__}: {exc}); the file may be "
                            "damaged: save it again from Word") from None
        lines: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Paragraph):
                lines += block.text.split("\n") + [""]
            elif isinstance(block, Table):
                rows = [_table_row([cell.text for cell in row.cells]) for row in block.rows]
                lines += [row for row in rows if row.strip(" |")] + [""]
        return lines


READERS: dict[str, BaseReader] = {
    ext: reader
    for reader in (TextReader(), MarkdownReader(), HTMLReader(), PDFReader(), DocxReader())
    for ext in reader.file_extensions
}


def known_extensions() -> str:
    return ", ".join(sorted(READERS))


def read_document(display: str, suffix: str, data: bytes) -> Document:
    reader = READERS.get(suffix.lower())
    if reader is None:
        raise ReadError(f"unknown file type '{suffix or '(none)'}'; sources must be one of "
                        f"{known_extensions()}")
    return reader.read(display, data)
