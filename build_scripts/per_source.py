"""One source file through the per-source stages: read, split, normalise,
curate (``process_source``), then extract (``extract_source``). Each source's
outcome depends on its own bytes, its sidecar's and the registry only, so it
can be cached and computed in any process; what needs every briefing at once
is the corpus stage's.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from .config import SIDECAR_SUFFIX, BuildConfig
from .corpus.stories import Fingerprint, fingerprint
from .extract.entities import Extractor
from .extract.figures import extract_figures
from .model import Briefing, Packed, Problem
from .normalise.article import NormaliseError, normalise_article
from .normalise.curate import curate_article
from .normalise.outlets import Outlets
from .normalise.split import split_document
from .paths import is_inside, unreadable_reason
from .read.formats import READERS, ReadError, known_extensions, read_document
from .read.overrides import Overrides, archive_metadata, is_archive_front_matter, load_overrides


@dataclass(frozen=True)
class SourceOutcome:
    """What became of one source file."""

    rel: str
    briefings: tuple[Briefing, ...]
    problems: tuple[Problem, ...]
    data: bytes | None
    fingerprints: tuple[Fingerprint, ...] = ()  # one per briefing, for story grouping

    @property
    def failed(self) -> bool:
        return self.data is None


def sidecar_for(path: Path) -> Path:
    return path.with_name(path.name.rsplit(".", 1)[0] + SIDECAR_SUFFIX)


def process_source(path: Path, config: BuildConfig, outlets: Outlets | None = None) -> SourceOutcome:
    """Read, split, normalise and curate one source file. Never raises.
    ``outlets``: the registry's outlet list (none given: outlets are kept as printed)."""
    rel = path.relative_to(config.sources_dir).as_posix()
    shown = config.display(path)

    def failed(message: str, line: int = 0, extra: list[Problem] | None = None) -> SourceOutcome:
        return SourceOutcome(rel, (), tuple((extra or []) + [Problem(shown, line, "error", message)]), None)

    try:
        if path.is_symlink() and not is_inside(path, config.sources_dir):
            return failed("is a link to a file outside sources/; copy the file in instead")
        if path.suffix.lower() not in READERS:
            return failed(f"unknown file type '{path.suffix or '(none)'}'; sources must be one of "
                          f"{known_extensions()} (sidecars end in {SIDECAR_SUFFIX})")
        size = path.stat().st_size
        if size > config.max_source_bytes:
            return failed(f"the file is {size / 1e6:.1f} MB, over the {config.max_source_bytes / 1e6:.0f} MB "
                          "limit for a source; split it into smaller files")
        data = path.read_bytes()
        document = read_document(shown, path.suffix, data)

        problems: list[Problem] = []
        overrides = Overrides()
        if document.front_matter is not None and is_archive_front_matter(document.front_matter):
            # An archive's front matter: what the page says of itself, which the text can override.
            meta, meta_problems = archive_metadata(document.front_matter, shown, 1, outlets or Outlets())
            problems += meta_problems
            if any(p.severity == "error" for p in meta_problems):
                return failed("its front matter has errors (listed below with their lines); the source was not "
                              "built", 1, problems)
            document = replace(document, found_meta={**meta, **document.found_meta})
        elif document.front_matter is not None:
            front, front_problems = load_overrides(document.front_matter, shown, line_offset=1)
            problems += front_problems
            if front is None:
                # Line 1 (the opening '---'): the report lists it before the errors of the lines below.
                return failed("its front matter has errors (listed below with their lines); the source was not "
                              "built", 1, problems)
            overrides = front
        sidecar = sidecar_for(path)
        sidecar_shown = config.display(sidecar)
        reason = unreadable_reason(sidecar, config.sources_dir)
        if reason:
            return failed(f"its sidecar {sidecar_shown} {reason}; the source was not built, so no curation is lost")
        if sidecar.is_file():
            try:
                sidecar_text = sidecar.read_text("utf-8-sig")
            except (OSError, UnicodeDecodeError) as exc:
                return failed(f"could not read its sidecar {sidecar_shown}: {exc}; save it as UTF-8")
            side, side_problems = load_overrides(sidecar_text, sidecar_shown)
            problems += side_problems
            if side is None:
                return failed(f"its sidecar {sidecar_shown} has errors (see above); the source was "
                              "not built, so no curation is lost", 0, problems)
            overrides = overrides.merged_with(side)

        if overrides.values.get("url"):  # where the editor fetched it: a hint, after what the text states
            document = replace(document, found_meta={**document.found_meta, "address": overrides.values["url"],
                                                     "address_from": "the web address it was fetched from"})
        articles, split_problems = split_document(document, allow_split=overrides.values.get("split", True),
                                                  outlets=outlets)
        problems += split_problems
        if not articles:  # a list page, or a digest with nothing on the beat: the split said why
            return SourceOutcome(rel, (), tuple(problems), None)
        briefings = []
        for article in articles:
            try:
                found = normalise_article(article, document.found_meta,
                                          title_given="title" in overrides.for_part(article.part),
                                          outlets=outlets)
            except NormaliseError as exc:
                problems.append(Problem(shown, exc.line, "error", exc.message
                                        + (f" (article {article.part} of {article.parts})" if article.parts > 1 else "")))
                continue
            briefing, curate_problems = curate_article(
                article, found, overrides, source_rel=rel, sidecar_display=sidecar_shown)
            problems += curate_problems
            briefings.append(briefing)
        if not briefings:
            return failed("no article could be built from this source", 0, problems)
        return SourceOutcome(rel, tuple(briefings), tuple(problems), data)
    except ReadError as exc:
        return failed(exc.message, exc.line)
    except OSError as exc:
        return failed(f"could not be read: {exc.strerror or exc}")
    except Exception as exc:  # one bad file must never stop the build
        return failed(f"could not be processed ({type(exc).__name__}: {exc}); please report this "
                      "with the file attached")


def extract_source(outcome: SourceOutcome, extractor: Extractor) -> SourceOutcome:
    """Entities and figures of each briefing of a processed source."""
    if outcome.failed:
        return outcome
    briefings, problems = [], list(outcome.problems)
    for briefing in outcome.briefings:
        entities, extract_problems = extractor.extract(briefing)
        problems += extract_problems
        briefing = replace(briefing, entities=entities)
        briefings.append(replace(briefing, figures=extract_figures(briefing)))
    return replace(outcome, briefings=tuple(briefings), problems=tuple(problems),
                   fingerprints=tuple(fingerprint(b) for b in briefings))


def cacheable(outcome: SourceOutcome) -> SourceOutcome:
    """As the cache keeps an outcome: without the source's bytes (b""), which
    are published from its file, and with its briefings' mentions packed once
    (a worker pickles the outcome twice: into the cache and back to the build)."""
    briefings = tuple(replace(b, entities=replace(b.entities, mentions=Packed.of(b.entities.mentions)))
                      for b in outcome.briefings)
    return replace(outcome, briefings=briefings, data=None if outcome.failed else b"")
