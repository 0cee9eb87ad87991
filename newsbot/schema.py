"""The feed record's JSON Schema (draft 2020-12), made from newsbot.items.

    python -m newsbot.schema           # print it
    python -m newsbot.schema --write   # write schema/article.schema.json

Each dataclass of newsbot.items is an object of the schema: its fields are its properties,
all required (the feed writes every field, ``null`` or ``[]`` when absent), no others
allowed, each described by the docstring under it. The date fields say the date policy of
newsbot.dates as patterns and formats. A test checks that the file in the repository is
what this module makes, so the schema and the items cannot drift apart.
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
import json
import sys
import types
import typing
from pathlib import Path
from typing import Any

from newsbot import items

PATH = Path(__file__).resolve().parent.parent / "schema" / "article.schema.json"
# The date policy of newsbot.dates: a date-time to the second with its offset, or a date.
DATE_TIME = {
    "type": "string",
    "format": "date-time",
    "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$",
}
DATE = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
FORMATS: dict[str, dict[str, Any]] = {
    "date-time": DATE_TIME,
    "date-or-date-time": {"anyOf": [DATE_TIME, DATE]},
}
SIMPLE = {str: "string", int: "integer", bool: "boolean"}


def json_schema() -> dict[str, Any]:
    """The schema of one feed record: ``items.Article`` and the objects it holds."""
    definitions: dict[str, Any] = {}
    root = _object(items.Article, definitions)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:newsbot:schema:article:{items.SCHEMA_VERSION}",
        "title": "newsbot feed record",
        "description": _docstring(items.Article),
        **root,
        "$defs": dict(sorted(definitions.items())),
    }


def _object(cls: type, definitions: dict[str, Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls, include_extras=True)
    described = _field_docstrings(cls)
    properties = {}
    for field in dataclasses.fields(cls):
        schema = _type(hints[field.name], definitions)
        if field.name == "schemaVersion":
            schema = {"const": items.SCHEMA_VERSION}
        properties[field.name] = {"description": described[field.name], **schema}
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def _type(hint: Any, definitions: dict[str, Any]) -> dict[str, Any]:
    origin, arguments = typing.get_origin(hint), typing.get_args(hint)
    if origin is types.UnionType or origin is typing.Union:
        others = [a for a in arguments if a is not type(None)]
        if len(others) != 1:
            raise TypeError(f"no schema for {hint}")
        return {"anyOf": [_type(others[0], definitions), {"type": "null"}]}
    if origin is typing.Annotated:
        return FORMATS[arguments[1]]
    if origin is typing.Literal:
        return {"enum": list(arguments)}
    if origin is list:
        return {"type": "array", "items": _type(arguments[0], definitions)}
    if dataclasses.is_dataclass(hint):
        if hint.__name__ not in definitions:
            definitions[hint.__name__] = {}  # taken before it is made: no cycle recurses
            definitions[hint.__name__] = {
                "description": _docstring(hint),
                **_object(hint, definitions),
            }
        return {"$ref": f"#/$defs/{hint.__name__}"}
    if hint in SIMPLE:
        return {"type": SIMPLE[hint]}
    raise TypeError(f"no schema for {hint}")


def _docstring(cls: type) -> str:
    return " ".join((cls.__doc__ or "").split())


def _field_docstrings(cls: type) -> dict[str, str]:
    """Each field's docstring (the string under it in the class body), spaces folded."""
    found: dict[str, str] = {}
    body = ast.parse(inspect.getsource(cls)).body[0]
    assert isinstance(body, ast.ClassDef)
    for statement, following in zip(body.body, body.body[1:], strict=False):
        if (
            isinstance(statement, ast.AnnAssign)
            and isinstance(statement.target, ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
        ):
            found[statement.target.id] = " ".join(str(following.value.value).split())
    missing = [f.name for f in dataclasses.fields(cls) if f.name not in found]
    if missing:
        raise ValueError(f"{cls.__name__}: no docstring for {', '.join(missing)}")
    return found


def text() -> str:
    """The schema as the file holds it."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        PATH.parent.mkdir(exist_ok=True)
        PATH.write_text(text(), encoding="utf-8")
        print(f"Wrote {PATH}")
    else:
        sys.stdout.write(text())
