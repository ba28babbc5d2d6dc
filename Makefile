# Two commands set everything up on a fresh machine: `make build` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
# The command a site repository runs, here on the Lerum example at the top level.
CMD    := $(VENV)/bin/medborgarloften
STAMP  := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
# The browser checkers (axe-core, the Nu HTML Checker, Lighthouse), from the package's own lock.
TOOLS  := generator/checks/tools
NODE_STAMP := $(TOOLS)/node_modules/.installed
TODAY  ?=
# The address the site is published at, for a site whose promises.yaml has no site.url (deploy.yml
# gives GitHub Pages' address): make build SITE_URL=https://organisation.github.io/medborgarloften/
SITE_URL ?=
BUILD_ARGS := $(if $(TODAY),--today $(TODAY),) $(if $(SITE_URL),--url "$(SITE_URL)",)
# The date the site checks build the example for: the second promise is current and its survey
# open (so the call to action and the click-to-load form are checked too), the first promise is
# in the archive, and the results do not change with the calendar.
CHECK_DATE ?= 2021-10-20
# The browser the site checks drive (Debian's chromium here; CI on GitHub sets google-chrome).
CHROMIUM ?= /usr/bin/chromium
export CHROMIUM

.PHONY: build test check-site serve validate schema lock clean system-deps bench init dist

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	# This checkout's generator: importable from any folder (`python -m generator`), and the
	# `medborgarloften` command a site repository runs, on this code (no unhashed editable install).
	$(PY) -c "import sysconfig, pathlib; pathlib.Path(sysconfig.get_paths()['purelib'], 'medborgarloften.pth').write_text('$(CURDIR)\\n')"
	printf '#!%s\nfrom generator.cli.main import run\nrun()\n' "$(CURDIR)/$(PY)" > $(CMD)
	chmod +x $(CMD)
	touch $(STAMP)

# The test and code-check tools (pytest, Playwright, ruff, mypy, linters): only `make test` needs them.
$(TEST_STAMP): requirements-test.lock $(STAMP)
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements-test.lock
	touch $(TEST_STAMP)

# Chromium, Java (for the Nu HTML Checker), Node.js, zbarimg (reads back every QR code the site
# prints, in tests/test_offscreen.py) and poppler-utils (check-site counts the pages of each printed
# poster and reads its text: pdfinfo, pdftotext) come from Debian when they are missing.
system-deps:
	@missing=""; \
	[ -x "$(CHROMIUM)" ] || missing="$$missing chromium fonts-dejavu-core"; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	command -v node >/dev/null || missing="$$missing nodejs"; \
	command -v npm >/dev/null || missing="$$missing npm"; \
	command -v zbarimg >/dev/null || missing="$$missing zbar-tools"; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	{ command -v pdfinfo && command -v pdftotext; } >/dev/null || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" != 0 ]; then echo "error: install these Debian packages first:$$missing" >&2; exit 1; fi; \
	  DEBIAN_FRONTEND=noninteractive apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	fi

$(NODE_STAMP): $(TOOLS)/package-lock.json | system-deps
	npm ci --prefix $(TOOLS) --no-audit --no-fund --ignore-scripts
	touch $(NODE_STAMP)

build: $(STAMP)  ## validate promises.yaml and build the site into site/
	$(CMD) build $(BUILD_ARGS)

init: $(STAMP)  ## replace the example with a skeleton: make init KOMMUN="Upplands Väsby" [OFFICIAL_NAME="…"] [FORCE=1]
	@test -n "$(KOMMUN)" || { echo 'usage: make init KOMMUN="Upplands Väsby" [OFFICIAL_NAME="Upplands Väsby kommun"] [FORCE=1]' >&2; exit 2; }
	MEDBORGARLOFTEN_MAKE=1 $(CMD) init "$(KOMMUN)" $(if $(OFFICIAL_NAME),--official-name "$(OFFICIAL_NAME)",) $(if $(FORCE),--force,)

validate: $(STAMP)  ## check promises.yaml and print every problem
	$(CMD) validate

test: $(TEST_STAMP) system-deps $(NODE_STAMP)  ## run every test, the site checks in the browser included
	$(PY) -m pytest

check-site: $(TEST_STAMP) system-deps $(NODE_STAMP)  ## build the example and check every page (axe, vnu, links, weight, Lighthouse)
	$(CMD) check-site --today $(CHECK_DATE)

serve: $(STAMP)  ## serve the site on http://127.0.0.1:8000, rebuilding on change
	$(CMD) serve

bench: $(STAMP) system-deps $(NODE_STAMP)  ## time the pipeline on synthetic data for 10, 100 and 290 municipalities, then a site repository's pull-request check (table + JSON in bench/out/)
	$(PY) -m bench.run --sizes 10,100,290; pipeline=$$?; $(PY) -m bench.sitecheck && exit $$pipeline

schema: $(STAMP)  ## regenerate schema/promises.schema.json from generator/schema.py
	$(CMD) schema --output schema/promises.schema.json

lock:  ## re-pin requirements.lock (build) and requirements-test.lock (tests, tools) from their .in files (needs uv: pip install uv)
	uv pip compile requirements.in --generate-hashes --python-version 3.11 --no-header -o requirements.lock
	# The test lock takes the build's packages at the build lock's versions, so both install into one venv.
	uv pip compile requirements-test.in --constraint requirements.lock --generate-hashes --python-version 3.11 --no-header -o requirements-test.lock

# The release's files (the release workflow runs this): the wheel and the sdist, built twice and
# compared. SOURCE_DATE_EPOCH (default: the last commit's time) dates every file in both; the sdist
# is packed again in a fixed order, owner and time, since setuptools' own tar is not reproducible.
dist: $(TEST_STAMP)  ## build dist/*.whl and dist/*.tar.gz, reproducibly
	rm -rf dist .dist-again
	set -e; epoch=$${SOURCE_DATE_EPOCH:-$$(git log -1 --format=%ct)}; \
	for out in dist .dist-again; do \
	  SOURCE_DATE_EPOCH=$$epoch $(PY) -m build --no-isolation --outdir $$out . > $$out.log; \
	  rm -rf build generator/*.egg-info *.egg-info $$out.log; \
	  sdist=$$(ls $$out/*.tar.gz); name=$$(basename $$sdist .tar.gz); \
	  mkdir $$out/unpacked; tar -xzf $$sdist -C $$out/unpacked; \
	  tar --sort=name --mtime=@$$epoch --owner=0 --group=0 --numeric-owner --format=gnu \
	    -C $$out/unpacked -cf - $$name | gzip -9 -n > $$sdist; \
	  rm -rf $$out/unpacked; \
	done; \
	for file in dist/*; do cmp $$file .dist-again/$$(basename $$file); done
	rm -rf .dist-again
	cd dist && sha256sum *

clean:
	rm -rf site .site-spare docs screenshots .pytest_cache .build .cache dist
