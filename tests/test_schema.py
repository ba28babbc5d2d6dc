"""The JSON Schema for editors: generated from the model, committed, current, and true to the data."""

from __future__ import annotations

import dataclasses
import json
import re
from typing import Any

import jsonschema
import pytest

from generator.data import schema
from generator.data.load import Mapping, Node, Scalar, load_file
from generator.data.schema_json import SCHEMA_PATH, render_json_schema
from tests.conftest import CASES, ROOT

_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")


def as_json(node: Node) -> Any:
    """The YAML 1.2 core reading that editors' language servers use: dates and yes/no stay text."""
    if isinstance(node, Mapping):
        return {key: as_json(value) for key, (_, value) in node.items.items()}
    if isinstance(node, Scalar):
        if node.plain and node.value in ("true", "false"):
            return node.value == "true"
        if node.plain and _INT.match(node.value):
            return int(node.value)
        if node.plain and _FLOAT.match(node.value):
            return float(node.value)
        return node.value
    return [as_json(item) for item in node.items]


def load_json(path: Any) -> Any:
    loaded = load_file(path)
    assert loaded.root is not None, loaded.problems
    return as_json(loaded.root)


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    committed = json.loads((ROOT / SCHEMA_PATH).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(committed)
    return jsonschema.Draft202012Validator(committed)


def test_committed_schema_is_generated_from_the_model() -> None:
    committed = (ROOT / SCHEMA_PATH).read_text(encoding="utf-8")
    assert committed == render_json_schema(), "run `make schema` and commit schema/promises.schema.json"


def test_a_model_change_makes_the_committed_schema_stale() -> None:
    """What CI does when someone edits schema.py but not the schema: the comparison above fails."""
    changed = dataclasses.make_dataclass(
        "Document", [("newsletter", str, dataclasses.field(default="", metadata={"doc": "New field."}))],
        bases=(schema.Document,), frozen=True)
    assert render_json_schema(changed) != (ROOT / SCHEMA_PATH).read_text(encoding="utf-8")


def test_promises_yaml_points_editors_to_the_schema() -> None:
    first = (ROOT / "promises.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema={SCHEMA_PATH}"
    assert (ROOT / SCHEMA_PATH).is_file()


# yaml-11-words is left out on purpose: to YAML 1.2 tools an unquoted 2020 or 0302521681 is a
# number, so the editor's language server asks for quotes, while our validator keeps the text.
VALID_FILES = [ROOT / "promises.yaml", *sorted(p for p in (CASES / "valid").glob("*/promises.yaml")
                                              if p.parent.name != "yaml-11-words")]


@pytest.mark.parametrize("path", VALID_FILES, ids=lambda p: p.parent.name)
def test_valid_files_satisfy_the_schema(path: Any, validator: jsonschema.Draft202012Validator) -> None:
    errors = [e.message for e in validator.iter_errors(load_json(path))]
    assert errors == []


@pytest.mark.parametrize("name", ["unknown-key", "misspelled-status", "missing-goal", "http-url", "yes-for-boolean"])
def test_the_schema_flags_what_the_validator_flags(name: str, validator: jsonschema.Draft202012Validator) -> None:
    assert list(validator.iter_errors(load_json(CASES / "invalid" / name / "promises.yaml")))
