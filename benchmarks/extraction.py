"""Score extraction against a hand-made gold set and print the figures.

    .venv/bin/python benchmarks/extraction.py [--devset ../shared/devset] [--json scores.json] [--docs]

Builds the development set's sources beside the shipped corpus in a temporary
copy of the project (``sources/devset/``), through ``pipeline.build`` as any
build does, and scores every briefing against the gold files
(``gold/*.yml``; conventions in the devset's README):

- title, publication date, outlet, event date, language: right / wrong /
  missing / invented (a value where the gold says the text states none: for a
  date the worst error);
- people with their roles: of the gold's people with a role, those found with it;
- people, organisations, figures: precision and recall (gold entries marked
  ``minor`` are neither required nor counted false); a figure matches by its
  value, a gold value the text qualifies ("80多", "超30万") by the number it
  states, as an extractor gives it (its qualifier and scale kept apart);
- list pages and digests: handled or not (a list page is refused with a
  message or split into its items; a digest is split, its on-beat item built,
  the rest skipped).

The devset is third-party text: it is read in place, never copied into the
repository. Figures, not pass/fail: the targets are in the issue and README.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
import unicodedata
from dataclasses import replace
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from build_scripts.config import BuildConfig  # noqa: E402
from build_scripts.pipeline import build  # noqa: E402
from build_scripts.registry import load_registry  # noqa: E402

DEFAULT_DEVSET = ROOT.parent / "shared" / "devset"
SINGLE_FIELDS = ("title", "date", "outlet", "event_date", "language")
SET_FIELDS = ("people", "organisations", "figures")
TODAY = "2026-12-07"  # fixed, so that two runs score the same build


def norm(text: object) -> str:
    """Text compared as a reader would: compatibility forms folded (full-width
    letters, ideographic spaces), case and spacing ignored, edge punctuation dropped."""
    folded = unicodedata.normalize("NFKC", str(text)).casefold()
    return " ".join(folded.split()).strip(" .,;:!?。，；：！？\"'“”‘’")


def _names(value: object) -> list[str]:
    """The strings one gold outlet field can be written as ("A / B (note)")."""
    if not value:
        return []
    text = str(value)
    names = [text]
    for part in text.replace("(", "/").replace(")", "/").replace(",", "/").split("/"):
        if part.strip() and not part.strip().startswith(("programme:", "http")):
            names.append(part.strip())
    return [norm(n) for n in names if norm(n)]


def _kind(gold: dict) -> str:
    doc_type = str(gold.get("doc_type", "")).lower()
    if "digest" in doc_type:
        return "digest"
    if "list" in doc_type and "article" not in doc_type.split("(")[0] or "home page" in doc_type:
        return "list"
    return "article"


# --- the build -------------------------------------------------------------------------

def build_devset(devset: Path) -> tuple[dict, dict, object]:
    """Build the shipped corpus plus the devset in a temporary project. Returns
    (briefings by devset file name, problems by devset file name, registry)."""
    with tempfile.TemporaryDirectory(prefix="medreg-extraction-") as folder:
        project = Path(folder)
        shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
        shutil.copytree(ROOT / "registry", project / "registry")
        shutil.copytree(ROOT / "sources", project / "sources")
        (project / "docs").mkdir()
        shutil.copytree(devset / "sources", project / "sources" / "devset")
        config = replace(BuildConfig.for_project(project), cache=False, today=TODAY)
        result = build(config)
        registry, _ = load_registry(config.registry_dir, config.root)
    briefings: dict[str, list] = {}
    for briefing in result.briefings:
        if briefing.source.startswith("devset/"):
            briefings.setdefault(briefing.source.split("/", 1)[1], []).append(briefing)
    problems: dict[str, list] = {}
    for problem in result.problems:
        if "/devset/" in problem.path:
            problems.setdefault(problem.path.rsplit("/", 1)[1], []).append(problem)
    return briefings, problems, registry


# --- scoring ---------------------------------------------------------------------------

def _single(gold_values: list[str], found: object, *, stated: bool) -> str:
    """right / wrong / missing / invented / none (nothing to find, nothing found)."""
    if found in (None, "", ()):
        return "missing" if stated else "none"
    if not stated:
        return "invented"
    return "right" if any(_same(g, found) for g in gold_values) else "wrong"


def _same(gold: str, found: object) -> bool:
    g, f = norm(gold), norm(found)
    return bool(g) and (g == f or (len(g) >= 4 and len(f) >= 4 and (g in f or f in g)))


def _gold_people(gold: dict) -> list[dict]:
    return [p for p in gold.get("people") or [] if isinstance(p, dict)]


def _person_names(person: dict) -> set[str]:
    names = {person.get("name_zh")} | set(person.get("aliases") or [])
    if not person.get("canonical_is_gloss"):
        names.add(person.get("canonical"))
    return {norm(n) for n in names if n}


_LEGAL_SUFFIX = re.compile(r"(?:,?\s+(?:co\.?,?\s*ltd|co|inc|ltd|limited|llc|plc|corp))+\.?$")


def org_norm(name: object) -> str:
    """An organisation's name as compared: its legal suffix left out ("Co., Ltd.", "Inc.")."""
    return _LEGAL_SUFFIX.sub("", norm(name)).strip(" ,.")


def _org_names(org: dict) -> set[str]:
    names = {org.get("canonical"), org.get("acronym"), org.get("name_zh"), *(org.get("aliases") or [])}
    return {org_norm(n) for n in names if n}


def _found_names(briefing, registry) -> tuple[list[set[str]], list[set[str]]]:
    """Each person and organisation the briefing lists, as the set of its names."""
    people = []
    for person in briefing.entities.people:
        entity = registry.get(person.id) if person.id else None
        people.append({norm(n) for n in (entity.names if entity else (person.name,))})
    orgs = []
    for org_id in briefing.entities.organisations:
        entity = registry.get(org_id)
        orgs.append({org_norm(n) for n in (entity.names if entity else (org_id,))})
    for unknown in briefing.entities.unknown:
        if unknown.kind == "organisation":
            orgs.append({org_norm(unknown.name)} | ({org_norm(unknown.acronym)} if unknown.acronym else set()))
        elif unknown.kind == "person" and not any(norm(unknown.name) in p for p in people):
            people.append({norm(unknown.name)})
    return people, orgs


def _roles(gold: list[dict], briefing, registry) -> dict:
    """Of the gold's people (not minor) with a role, those found with it: the
    role the briefing gives the person matches one of the gold's titles
    ("司长 (Director-General)" is matched by 司长 or by Director-General)."""
    required = [p for p in gold if not p.get("minor") and p.get("roles")]
    right, wrong = 0, []
    for person in required:
        names = _person_names(person)
        found = next((f for f in briefing.entities.people
                      if names & {norm(n) for n in (registry.get(f.id).names if f.id and registry.get(f.id)
                                                    else (f.name,))}), None) if briefing else None
        titles = {t.strip() for r in person["roles"] if isinstance(r, dict)
                  for t in re.split(r"[()（）]", str(r.get("title") or "")) if t.strip()}
        if found is not None and found.role and any(_same(t, found.role) for t in titles):
            right += 1
        else:
            wrong.append(f"{sorted(names)[0]}: {found.role if found else None!r}")
    return {"required": len(required), "right": right, "wrong": wrong}


def _match_sets(gold: list[tuple[set[str], bool]], found: list[set[str]]) -> dict:
    """Recall over the gold entries not marked minor; precision over what was
    found, where matching a minor entry is not counted false."""
    required = [names for names, minor in gold if not minor]
    hit = [any(names & f for f in found) for names in required]
    true = sum(1 for f in found if any(names & f for names, _ in gold))
    minor_hits = sum(1 for f in found if not any(names & f for names, minor in gold if not minor)
                     and any(names & f for names, minor in gold if minor))
    false = len(found) - true
    missed = [sorted(names)[0] for names, ok in zip(required, hit) if not ok]
    return {"required": len(required), "found_required": sum(hit), "found": len(found) - minor_hits,
            "false": false, "missed": missed}


# A gold value the text qualifies is a string ("80多", "超30万", "近50%", "首次突破100", "60%-80%"): the
# number it states (its first), as an extractor gives it (the qualifier and the scale, 万 or 亿, apart).
_STATED_NUMBER = re.compile(r"-?\d+(?:,\d{3})*(?:\.\d+)?")


def _gold_number(value: object) -> str:
    if isinstance(value, (int, float)):
        return _number(value)
    found = _STATED_NUMBER.search(str(value))
    return _number(found.group(0)) if found else _number(value)


def _figure_values(gold: dict) -> list[tuple[set[str], bool]]:
    values = []
    for figure in gold.get("key_figures") or []:
        if isinstance(figure, dict) and figure.get("value") is not None:
            values.append(({_number(figure["value"]), _gold_number(figure["value"])}, bool(figure.get("minor"))))
    return values


def _number(value: object) -> str:
    try:
        number = float(str(value).replace(",", ""))
    except ValueError:
        return norm(value)
    return f"{number:g}"


def _language(value: object) -> str | None:
    text = str(value or "").lower()
    return "zh" if text.startswith("zh") else "en" if text.startswith("en") else None


def score_document(name: str, gold: dict, briefings: list, problems: list, registry) -> dict:
    kind = _kind(gold)
    row: dict = {"document": name, "kind": kind, "briefings": len(briefings)}
    relevant = gold.get("relevant_item") or {}
    primary = None
    if kind == "digest":
        heading = relevant.get("heading")
        primary = next((b for b in briefings if heading and _same(heading, b.title)), None)
        on_beat = 1 + len(gold.get("relevant_items") or [])
        row["list"] = "handled" if primary is not None and len(briefings) <= on_beat + 1 else "not handled"
    elif kind == "list":
        refused = not briefings and any("list" in p.message for p in problems)
        split = len(briefings) > 1
        row["list"] = "handled" if refused or split else "not handled"
    else:
        primary = briefings[0] if briefings else None

    if kind != "list":
        titles = [relevant["heading"]] if kind == "digest" and relevant.get("heading") else [gold.get("title")]
        from_lead = primary is not None and ("title", "lead") in getattr(primary, "found_from", ())
        if not titles[0] and from_lead:
            row["title"] = "right"  # no headline in the text, and the build says its title is the lead's
        else:
            row["title"] = _single([t for t in titles if t], primary.title if primary else None,
                                   stated=bool(titles[0])) if primary or briefings else "missing"
        if primary is None and briefings:
            row["title"] = "wrong"
        date = gold.get("publication_date")
        row["date"] = _single([str(date)] if date else [], primary.date if primary else None, stated=bool(date))
        outlets = []
        for key in ("publisher", "publisher_canonical", "publisher_zh", "source_outlet"):
            outlets += _names(gold.get(key))
        row["outlet"] = _single(outlets, primary.outlet if primary else None, stated=bool(outlets))
        if row["outlet"] == "wrong" and primary.outlet_original and any(
                _same(g, primary.outlet_original) for g in outlets):
            row["outlet"] = "right"  # the name as printed is the gold's; outlets.yml names it otherwise
        event = (relevant.get("event") if kind == "digest" else gold.get("event")) or {}
        event_date = event.get("date") if isinstance(event, dict) else None
        found_event = primary.event.date if primary and primary.event else None
        row["event_date"] = _single([str(event_date)] if event_date else [], found_event, stated=bool(event_date))
        language = _language(gold.get("language"))
        found_language = primary.language if primary else ()
        row["language"] = ("missing" if not found_language else
                           "right" if tuple(found_language) == (language,) else "wrong")
        row["found"] = {"title": primary.title if primary else None, "date": primary.date if primary else None,
                        "outlet": primary.outlet if primary else None, "event_date": found_event,
                        "language": list(found_language)}
    else:
        # A list page states no publication date: a date on any briefing made of it is invented.
        row["date"] = "invented" if any(b.date for b in briefings) and len(briefings) == 1 else "none"

    people, orgs = _found_names(primary, registry) if primary else ([], [])
    figures = [{_number(f.value)} for f in primary.figures] if primary else []
    if kind != "list":
        row["people"] = _match_sets([(_person_names(p), bool(p.get("minor"))) for p in _gold_people(gold)], people)
        row["roles"] = _roles(_gold_people(gold), primary, registry)
        gold_orgs = [(_org_names(o), bool(o.get("minor"))) for o in gold.get("organisations") or [] if isinstance(o, dict)]
        # An entry that is a line of text ("advertisers (A, B, C ...)") names minor organisations.
        gold_orgs += [({org_norm(n) for n in re.split(r"[,，、()（）《》:;]|\s-\s", o) if len(norm(n)) >= 2}, True)
                      for o in gold.get("organisations") or [] if isinstance(o, str)]
        row["organisations"] = _match_sets(gold_orgs, orgs)
        row["figures"] = _match_sets(_figure_values(gold), figures)
        row["topics"] = [registry.get(t).name if registry.get(t) else t for t in primary.entities.topics] \
            if primary else []
        row["on_beat"] = gold.get("on_topic", True) is not False
    row["problems"] = [f"{p.line}: {p.severity}: {p.message}" for p in problems]
    return row


def score(devset: Path) -> dict:
    briefings, problems, registry = build_devset(devset)
    rows = []
    for gold_path in sorted((devset / "gold").glob("*.yml")):
        gold = yaml.safe_load(gold_path.read_text("utf-8"))
        source = next((devset / "sources").glob(gold_path.stem + ".*"))
        rows.append(score_document(source.name, gold, briefings.get(source.name, []),
                                   problems.get(source.name, []), registry))
    return {"documents": rows, "totals": totals(rows)}


def totals(rows: list[dict]) -> dict:
    result: dict = {}
    for name in SINGLE_FIELDS:
        counts = {k: 0 for k in ("right", "wrong", "missing", "invented")}
        for row in rows:
            if row.get(name) in counts:
                counts[row[name]] += 1
        scored = sum(counts.values())
        counts["scored"] = scored
        counts["accuracy"] = round(counts["right"] / scored, 3) if scored else None
        result[name] = counts
    result["date"]["invented"] = sum(1 for r in rows if r.get("date") == "invented")
    for name in SET_FIELDS:
        required = sum(r[name]["required"] for r in rows if name in r)
        found_required = sum(r[name]["found_required"] for r in rows if name in r)
        found = sum(r[name]["found"] for r in rows if name in r)
        false = sum(r[name]["false"] for r in rows if name in r)
        result[name] = {"required": required, "recalled": found_required, "found": found, "false": false,
                        "recall": round(found_required / required, 3) if required else None,
                        "precision": round((found - false) / found, 3) if found else None}
    result["roles"] = {"required": sum(r["roles"]["required"] for r in rows if "roles" in r),
                       "right": sum(r["roles"]["right"] for r in rows if "roles" in r)}
    beat = [r for r in rows if r.get("on_beat")]
    result["topics"] = {"on_beat_articles": len(beat), "with_a_topic": sum(1 for r in beat if r["topics"]),
                        "without": [r["document"] for r in beat if not r["topics"]]}
    lists = [r["list"] for r in rows if "list" in r]
    result["lists_and_digests"] = {"handled": lists.count("handled"), "scored": len(lists)}
    return result


# --- output ----------------------------------------------------------------------------

def table(scores: dict) -> str:
    t = scores["totals"]
    lines = ["| field | right | wrong | missing | invented | scored | accuracy |",
             "|---|---|---|---|---|---|---|"]
    for name in SINGLE_FIELDS:
        c = t[name]
        accuracy = f"{c['accuracy']:.0%}" if c["accuracy"] is not None else "-"
        lines.append(f"| {name} | {c['right']} | {c['wrong']} | {c['missing']} | {c['invented']} | "
                     f"{c['scored']} | {accuracy} |")
    lines += ["", "| field | gold (not minor) | recalled | found | false | recall | precision |",
              "|---|---|---|---|---|---|---|"]
    for name in SET_FIELDS:
        c = t[name]
        recall = f"{c['recall']:.0%}" if c["recall"] is not None else "-"
        precision = f"{c['precision']:.0%}" if c["precision"] is not None else "-"
        lines.append(f"| {name} | {c['required']} | {c['recalled']} | {c['found']} | {c['false']} | "
                     f"{recall} | {precision} |")
    handled = t["lists_and_digests"]
    lines += ["", f"People found with the role the gold gives them: {t['roles']['right']} of {t['roles']['required']}",
              f"List pages and digests handled: {handled['handled']} of {handled['scored']}",
              f"Articles on the beat with a topic: {t['topics']['with_a_topic']} of {t['topics']['on_beat_articles']}"
              + (f" (none: {', '.join(t['topics']['without'])})" if t["topics"]["without"] else "")]
    return "\n".join(lines)


def misses(scores: dict) -> str:
    lines = ["", "Per document, what was not right:"]
    for row in scores["documents"]:
        bad = [f"{name} {row[name]}" + (f" ({row['found'][name]!r})" if row[name] in ("wrong", "invented")
                                        and "found" in row else "")
               for name in SINGLE_FIELDS + ("list",) if row.get(name) in ("wrong", "missing", "invented",
                                                                          "not handled")]
        for name in ("people", "organisations"):
            if row.get(name, {}).get("missed"):
                bad.append(f"{name} missed {', '.join(row[name]['missed'])}")
        if row.get("roles", {}).get("wrong"):
            bad.append(f"roles not found: {'; '.join(row['roles']['wrong'])}")
        if row.get("on_beat") and "topics" in row:
            bad.append(f"topics: {', '.join(row['topics']) or 'none'}")
        if bad:
            lines.append(f"- {row['document']} ({row['briefings']} briefings): " + "; ".join(bad))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--devset", type=Path, default=DEFAULT_DEVSET, help="folder with sources/ and gold/")
    parser.add_argument("--json", type=Path, help="also write every score to this JSON file")
    parser.add_argument("--docs", action="store_true", help="also list each document's misses")
    args = parser.parse_args(argv)
    if not (args.devset / "gold").is_dir():
        parser.error(f"no gold/ folder in {args.devset}")
    scores = score(args.devset)
    print(table(scores))
    if args.docs:
        print(misses(scores))
    if args.json:
        args.json.write_text(json.dumps(scores, ensure_ascii=False, indent=1, default=str), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
