"""Export and import: the learner's data in files they can read, keep or move.

The JSON export is one document holding every table in a stable order with a
format version, written with sorted keys, so exporting, importing into an
empty data dir and exporting again gives the same bytes. CSV is for
spreadsheets: one file per table, nested data as JSON text in its cell.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from ipt_trainer.store.convert import RECORDS, dump_json
from ipt_trainer.store.errors import StoreError
from ipt_trainer.store.protocol import ProgressStore
from ipt_trainer.store.schema import SCHEMA_VERSION, TABLES

FORMAT = "ipt-trainer-export"
FORMAT_VERSION = 1


Tables = Mapping[str, Sequence[BaseModel]]


def export_document(records: Tables) -> dict[str, Any]:
    """Every table as plain JSON data (``records`` as from ``ProgressStore.all_records``)."""
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema_version": SCHEMA_VERSION,
        "tables": {
            table: [record.model_dump(mode="json") for record in records.get(table, ())]
            for table in TABLES
        },
    }


def export_json(records: Tables) -> str:
    """The JSON export as text (ends with a newline)."""
    document = export_document(records)
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def parse_export(text: str) -> dict[str, list[BaseModel]]:
    """Read a JSON export into records, or raise ``StoreError`` saying what is wrong."""
    try:
        document = json.loads(text)
    except ValueError as error:
        raise StoreError(f"not a JSON export ({error})") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise StoreError("not an IPT Trainer export (no 'format: ipt-trainer-export')")
    version = document.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise StoreError(
            f"this export has format version {version!r}, made by a newer IPT Trainer; "
            f"this one reads version {FORMAT_VERSION}. Please update IPT Trainer."
        )
    tables = document.get("tables")
    if not isinstance(tables, dict):
        raise StoreError("the export has no 'tables' object")
    unknown = sorted(set(tables) - set(TABLES))
    if unknown:
        raise StoreError(f"the export has tables this version does not know: {', '.join(unknown)}")
    result: dict[str, list[BaseModel]] = {}
    for table in TABLES:
        items = tables.get(table, [])
        if not isinstance(items, list):
            raise StoreError(f"'{table}' in the export is not a list")
        result[table] = [_validate(table, number, item) for number, item in enumerate(items, 1)]
    return result


def _validate(table: str, number: int, item: object) -> BaseModel:
    try:
        return RECORDS[table].model_validate(item)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "the item"
        raise StoreError(f"{table} item {number} in the export: {where}: {first['msg']}") from None


def import_json(store: ProgressStore, text: str, *, merge: bool = False) -> dict[str, int]:
    """Add a JSON export's records to ``store``; returns rows added per table."""
    return store.import_records(parse_export(text), merge=merge)


def csv_tables(records: Tables) -> dict[str, str]:
    """Each table as CSV text, keyed by table name."""
    return {table: records_csv(table, records.get(table, ())) for table in TABLES}


def records_csv(table: str, records: Sequence[BaseModel]) -> str:
    """One table as CSV: a header of field names, then one row per record."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    fields = list(RECORDS[table].model_fields)
    writer.writerow(fields)
    for record in records:
        data = record.model_dump(mode="json")
        writer.writerow([_cell(data[name]) for name in fields])
    return buffer.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Mapping | list):
        return dump_json(value)
    return str(value)
