"""Generates the JSON Schema of promises.yaml from `schema`, so editors' tools know every field.

Never edit schema/promises.schema.json by hand: `make schema` writes it, and a test fails when
it no longer matches the model.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import types
import typing
from typing import Any

from . import languages, schema

SCHEMA_PATH = "schema/promises.schema.json"
_DATE = r"^\d{4}-\d{2}-\d{2}$"
_FORMATS: dict[str, dict[str, Any]] = {
    "email": {"type": "string", "format": "email", "pattern": r"^[^@\s]+@[^@\s]+\.[^@\s]+$"},
    "phone": {"type": "string", "pattern": r"^[+0-9][0-9 ()-]*[0-9]$",
              "description": "Phone number with area code, in quotes, e.g. \"010-56 57 421\"."},
    "https": {"type": "string", "format": "uri", "pattern": r"^https://"},
    "time": {"type": "string", "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9]$",
             "description": "A time of day, HH:MM, in quotes."},
    "content_file": {"type": "string", "pattern": r"^(?!/)(?!.*\.\.)[^\\]+$",
                     "description": "A path inside content/, e.g. images/photo.jpg."},
}


# The committed schema's name for itself (a URN: the repository's address is the adopter's).
SCHEMA_ID = "urn:medborgarloften:schema:promises.yaml"


def build_json_schema(root: type = schema.Document, schema_id: str = SCHEMA_ID) -> dict[str, Any]:
    defs: dict[str, Any] = {}
    top = _object(root, defs)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": schema_id,
        "title": "promises.yaml: medborgarlöften",
        **top,
        "$defs": dict(sorted(defs.items())),
    }


def render_json_schema(root: type = schema.Document) -> str:
    return json.dumps(build_json_schema(root), ensure_ascii=False, indent=2) + "\n"


def _object(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls, include_extras=True)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for f in dataclasses.fields(cls):  # type: ignore[arg-type,unused-ignore]
        prop = _type(hints[f.name], defs)
        is_required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        if is_required:
            required.append(f.name)
            if prop.get("type") == "array":
                prop = {**prop, "minItems": 1}
        if f.metadata.get("doc"):
            prop = {"description": f.metadata["doc"], **prop}
        properties[f.name] = prop
        if f.metadata.get("formerly"):  # still read, so editors' tools mark it as deprecated, not wrong
            earlier = f"The earlier name of {f.name}: write {f.name}."
            properties[f.metadata["formerly"]] = {**prop, "description": earlier, "deprecated": True}
    out: dict[str, Any] = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        out["required"] = required
    if cls.__doc__ and not cls.__doc__.startswith(cls.__name__ + "("):
        out = {"description": cls.__doc__.strip().splitlines()[0], **out}
    return out


def _ref(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    if cls.__name__ not in defs:
        defs[cls.__name__] = {}  # placeholder first: a class may refer to itself
        defs[cls.__name__] = _object(cls, defs)
    return {"$ref": f"#/$defs/{cls.__name__}"}


def _type(hint: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin = typing.get_origin(hint)
    if origin is typing.Annotated:
        base, *extras = typing.get_args(hint)
        for extra in extras:
            if isinstance(extra, schema.Rich):
                return {"description": "Markdown allowed: paragraphs, *emphasis*, lists, [links](https://…).",
                        **_type(base, defs)}
            if isinstance(extra, schema.Format):
                return dict(_FORMATS[extra.name])
            if isinstance(extra, schema.IdOf):
                return {"type": "string", "pattern": r"^[a-z0-9]+(?:-[a-z0-9]+)*$"}
            if isinstance(extra, schema.RefTo):
                return {"type": "string", "description": f"An id from {extra.collection}."}
            if isinstance(extra, schema.Shorthand):
                return {"anyOf": [{"type": "string", "minLength": 1}, _type(base, defs)]}
        return _type(base, defs)
    if origin in (typing.Union, types.UnionType):
        (inner,) = [a for a in typing.get_args(hint) if a is not type(None)]
        return _type(inner, defs)
    if origin is tuple:
        return {"type": "array", "items": _type(typing.get_args(hint)[0], defs)}
    if origin is typing.Literal:
        return {"enum": list(typing.get_args(hint))}
    if hint in (schema.I18n, schema.Name):
        return {"$ref": "#/$defs/I18n"} if "I18n" in defs else _i18n(defs)
    if hint is str:
        return {"type": "string", "minLength": 1}
    if hint is bool:
        return {"type": "boolean"}
    if hint is int:
        return {"type": "integer", "minimum": 0}
    if hint is float:
        return {"type": "number"}
    if hint is dt.date:
        return {"type": "string", "format": "date", "pattern": _DATE}
    if hint is schema.PeriodDate:  # a day (checked as a date), a month or a year
        return {"anyOf": [{"type": "string", "format": "date", "pattern": _DATE},
                          {"type": "string", "pattern": r"^\d{4}-(0[1-9]|1[0-2])$"},
                          {"type": ["string", "integer"], "pattern": r"^\d{4}$", "minimum": 1000, "maximum": 9999}]}
    if dataclasses.is_dataclass(hint):
        return _ref(hint, defs)  # type: ignore[arg-type]
    raise TypeError(f"no JSON Schema for {hint!r}")


def _i18n(defs: dict[str, Any]) -> dict[str, Any]:
    text = {"type": "string", "minLength": 1}
    defs["I18n"] = {
        "description": "A text per edition of the site (sv, en, lattlast, fi, ar, …: the codes in site.languages); "
                       f"{languages.DEFAULT} is required. A plain text is in {languages.DEFAULT} only.",
        "anyOf": [
            text,
            {"type": "object", "properties": {languages.DEFAULT: text},
             "propertyNames": {"pattern": languages.CODE_PATTERN}, "additionalProperties": text,
             "required": [languages.DEFAULT]},
        ],
    }
    return {"$ref": "#/$defs/I18n"}
