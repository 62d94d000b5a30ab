"""`search: auto` (issue 32): Material's search for a small site, Pagefind
above SEARCH_AUTO_MATERIAL_MAX sources; chosen at build time, the same way
by the MkDocs hook and the pipeline, and logged."""

from __future__ import annotations

import importlib.util
import logging

from build_scripts import config as config_module
from build_scripts.config import SEARCH_AUTO_MATERIAL_MAX, search_engine
from build_scripts.pipeline import build

from .conftest import copy_project, make_project

ARTICLE = "NMPA approves rule {n}\n2025-03-10 09:16\nThe National Medical Products Administration approved rule {n}.\n"


def test_auto_chooses_by_the_number_of_sources_and_says_why():
    assert search_engine("auto", SEARCH_AUTO_MATERIAL_MAX) == (
        "material", f"search: material (auto: {SEARCH_AUTO_MATERIAL_MAX:,} sources, at most {SEARCH_AUTO_MATERIAL_MAX:,})")
    assert search_engine("auto", SEARCH_AUTO_MATERIAL_MAX + 1)[0] == "pagefind"
    assert search_engine("material", 10**6)[0] == "material" and search_engine("pagefind", 1)[0] == "pagefind"


def test_the_pipeline_gives_a_large_site_pagefinds_search_page(tmp_path, monkeypatch):
    files = {f"sources/s{n}.txt": ARTICLE.format(n=n) for n in range(3)}
    config = make_project(tmp_path, files)
    assert config.search == "auto"
    assert "Use the search box at the top" in build(config).pages["find/index.md"]
    monkeypatch.setattr(config_module, "SEARCH_AUTO_MATERIAL_MAX", 2)
    assert "PagefindUI" in build(config).pages["find/index.md"]


def test_the_hook_switches_materials_search_off_above_the_limit_and_logs_the_choice(tmp_path, monkeypatch, caplog):
    from mkdocs.config import load_config

    project = copy_project(tmp_path, with_sources=False)
    for n in range(3):
        (project / f"sources/s{n}.txt").write_text(ARTICLE.format(n=n), "utf-8")
    spec = importlib.util.spec_from_file_location("medreg_hook_under_test", project / "build_scripts/hook.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    for limit, engine in ((10, "material"), (2, "pagefind")):
        monkeypatch.setattr(config_module, "SEARCH_AUTO_MATERIAL_MAX", limit)
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="mkdocs.plugins.medreg"):
            config = hook.on_config(load_config(str(project / "mkdocs.yml")))
        assert config.extra["medreg_search"] == engine
        assert config.plugins["material/search"].config.enabled is (engine == "material")
        assert any(f"search: {engine} (auto: 3 sources" in r.getMessage() for r in caplog.records)
