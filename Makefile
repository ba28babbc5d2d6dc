# Two commands set everything up on a fresh machine: `make build` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
TODAY  ?=
BUILD_ARGS := $(if $(TODAY),--today $(TODAY),)

.PHONY: build test serve validate schema lock clean

$(STAMP): requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	# Make `python -m generator` work from any folder without an (unhashed) editable install.
	$(PY) -c "import sysconfig, pathlib; pathlib.Path(sysconfig.get_paths()['purelib'], 'medborgarloften.pth').write_text('$(CURDIR)\n')"
	touch $(STAMP)

build: $(STAMP)  ## validate promises.yaml and build the site into site/
	$(PY) -m generator build $(BUILD_ARGS)

validate: $(STAMP)  ## check promises.yaml and print every problem
	$(PY) -m generator validate

test: $(STAMP)  ## run every test
	$(PY) -m pytest

serve: $(STAMP)  ## serve the site on http://127.0.0.1:8000, rebuilding on change
	$(PY) -m generator serve

schema: $(STAMP)  ## regenerate schema/promises.schema.json from generator/schema.py
	$(PY) -m generator schema --output schema/promises.schema.json

lock:  ## re-pin requirements.lock from requirements.in (needs uv: pip install uv)
	uv pip compile requirements.in --generate-hashes --python-version 3.11 --no-header -o requirements.lock

clean:
	rm -rf site docs .pytest_cache
