"""Fetch a web page for ``add URL``: the bytes to keep as a source (a
snapshot: the site never depends on the live page) and where they came from.

requests (already installed for trafilatura) does the HTTP: redirects are
followed and recorded, connect and read time out, the body is read in chunks
up to a size limit. Only HTML, PDF and Word documents are kept.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import __version__

USER_AGENT = (f"MedRegBriefings/{__version__} (a briefing-site generator; fetches one page an editor asked for, "
              "once)")
MAX_REDIRECTS = 10
# The kinds of document a source can be, by the type the server states (or, where it states only
# "octet-stream", by the file's first bytes).
SUFFIXES = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
}


class FetchError(Exception):
    """A page that could not be fetched, with the reason an editor reads."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Fetched:
    """A page as fetched: ``address`` is where it was found after redirects
    (``redirects``: the addresses that sent it on, in order)."""

    requested: str
    address: str
    redirects: tuple[str, ...]
    suffix: str  # ".html", ".pdf" or ".docx"
    data: bytes


def fetch(address: str, max_bytes: int, timeout: float = 30.0) -> Fetched:
    """The page at ``address``, or a ``FetchError`` saying why not: the host
    cannot be reached, it did not answer within ``timeout`` seconds, the page
    is missing (404, 410) or refused, a redirect loop, not HTML/PDF/Word, or
    more than ``max_bytes``."""
    import requests

    if not address.lower().startswith(("http://", "https://")):
        raise FetchError("not a web address (it must start with http:// or https://)")
    with requests.Session() as session:
        session.max_redirects = MAX_REDIRECTS
        session.headers.update({"User-Agent": USER_AGENT, "Accept": ", ".join(SUFFIXES) + ";q=0.9, */*;q=0.1"})
        try:
            with session.get(address, timeout=(min(timeout, 10.0), timeout), stream=True,
                             allow_redirects=True) as response:
                return _kept(address, response, max_bytes)
        except requests.TooManyRedirects:
            raise FetchError(f"redirected more than {MAX_REDIRECTS} times (a redirect loop?)") from None
        except requests.Timeout:
            raise FetchError(f"no answer within {timeout:g} s; try again later") from None
        except requests.ConnectionError as exc:
            raise FetchError(f"the host cannot be reached ({_reason(exc)})") from None
        except requests.RequestException as exc:
            raise FetchError(f"could not be fetched ({type(exc).__name__}: {_reason(exc)})") from None


def _kept(address: str, response, max_bytes: int) -> Fetched:
    final = response.url
    if response.status_code in (404, 410):
        raise FetchError(f"the page is not there (HTTP {response.status_code}"
                         f"{' at ' + final if final != address else ''})")
    if response.status_code >= 400:
        raise FetchError(f"the server refused it (HTTP {response.status_code} {response.reason or ''})".rstrip())
    stated = (response.headers.get("Content-Type") or "").split(";")[0].strip().lower()
    length = response.headers.get("Content-Length")
    if length and length.isdigit() and int(length) > max_bytes:
        raise FetchError(f"the page is {int(length) / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit for a "
                         "source")
    suffix = SUFFIXES.get(stated)
    if suffix is None and stated not in ("application/octet-stream", "binary/octet-stream", ""):
        raise FetchError(f"not a web page, PDF or Word document (the server says {stated})")
    data = bytearray()
    for chunk in response.iter_content(chunk_size=65536):
        data += chunk
        if len(data) > max_bytes:
            raise FetchError(f"the page is over the {max_bytes / 1e6:.0f} MB limit for a source")
    if suffix is None:  # only "octet-stream": what the bytes are
        suffix = ".pdf" if data[:5] == b"%PDF-" else ".docx" if data[:2] == b"PK" else None
        if suffix is None:
            raise FetchError(f"not a web page, PDF or Word document (the server says {stated or 'nothing'})")
    redirects = tuple(step.url for step in response.history)
    return Fetched(address, final, redirects, suffix, bytes(data))


def _reason(exc: Exception) -> str:
    """The innermost reason of a requests error, without its Python repr noise."""
    reason = exc
    while reason.__context__ is not None and not isinstance(reason.__context__, KeyboardInterrupt):
        reason = reason.__context__
    text = str(reason) or type(reason).__name__
    return text.split("] ")[-1].rstrip(")'\"")[:200]
