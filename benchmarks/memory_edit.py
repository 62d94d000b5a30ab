"""Seconds for the pipeline to take an edit when its results stay in memory
between builds, as under `mkdocs serve` (without MkDocs' own rendering).

    python benchmarks/memory_edit.py PROJECT [EDITS]

Runs in the project's own copy of build_scripts: one build fills the memory,
then each edit gives another source a new first paragraph and builds again
(the pipeline and the writer, as the hook does). Prints JSON: the seconds of
each edit's build, and the stages of the last.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def main() -> None:
    project = Path(sys.argv[1]).resolve()
    edits = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    sys.path.insert(0, str(project))
    sys.path.insert(1, str(Path(__file__).resolve().parent.parent))
    from benchmarks.serve import add_paragraph, plain_clippings
    from build_scripts.config import BuildConfig
    from build_scripts.incremental.state import BuildState
    from build_scripts.collector import collector_paused
    from build_scripts.pipeline import build, record_build
    from build_scripts.write import write_result

    config = BuildConfig.for_project(project)
    memory = BuildState()

    def once():
        start = time.perf_counter()
        with collector_paused():  # as the hook does
            result = build(config, memory=memory)
            write_result(result, config.docs_dir, config.root, memory=memory)
        record_build(config, result)
        return time.perf_counter() - start, result.timings

    once()
    seconds, stages = [], ()
    for number, path in enumerate(plain_clippings(project)[-edits:]):
        add_paragraph(path, f"Quillimot{number}")
        elapsed, stages = once()
        seconds.append(round(elapsed, 2))
    print(json.dumps({"edit_s": seconds, "stages": {stage: round(s, 2) for stage, s in stages}}))


if __name__ == "__main__":
    main()
