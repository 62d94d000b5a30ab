# Two commands do all the set-up on a fresh machine with Python 3.11:
#   make serve   install into .venv, build the pages, serve on http://127.0.0.1:8000
#   make test    install into .venv, run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

# Material prints a banner about MkDocs 2 on every build; we pin mkdocs<2.
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve serve-full build site offline test clean

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

# Each change re-renders only the pages the build rewrote (about 2 s at 1,000
# sources, where re-rendering everything takes a minute). After editing
# mkdocs.yml or overrides/, which it does not re-apply to unchanged pages,
# restart it, or use serve-full.
serve: $(STAMP)
	$(BIN)/mkdocs serve --dirty --dev-addr 127.0.0.1:8000

# Every change re-renders the whole site: for work on the theme or mkdocs.yml.
serve-full: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

# Regenerate the pages and print the build report (what was extracted, what to curate).
build: $(STAMP)
	$(BIN)/python -m build_scripts build

# The static site in site/, failing on any warning.
site: $(STAMP)
	$(BIN)/python -m build_scripts build --strict
	$(BIN)/mkdocs build --strict

# A site/ folder that works copied anywhere and opened from the file system.
offline: $(STAMP)
	MEDREG_OFFLINE=true $(BIN)/mkdocs build --strict

test: $(STAMP)
	@bash .ci/ensure-chromium
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The generated pages (as the writer's manifest lists them: a hand-written file in docs/ stays, and a
# generated page edited by hand is kept in .edited/) and the site. Without .venv/ nothing was generated.
clean:
	if [ -x $(BIN)/python ]; then $(BIN)/python -m build_scripts clean; fi
	rm -rf site
