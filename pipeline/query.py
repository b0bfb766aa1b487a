"""DuckDB over the output, read-only: views ``articles``, ``claims``, ``errors``,
``claim_groups``, ``runs`` (with ``quote_groups`` and ``number_conflicts`` over
``claim_groups``).

A view has the columns of its table's files, plus for the partitioned tables ``date``
(NULL when unknown) and ``outlet`` (the slug) from the directories; the display name
is ``outlet_name`` everywhere, so a query means the same here as over the files.

The views scan pyarrow datasets, so DuckDB itself needs no file access: external
access is off and the configuration locked before any user SQL runs.  (DuckDB's
``allowed_paths``/``allowed_directories`` would not do: they let ``COPY ... TO``
overwrite the very files they let it read.)  A file that cannot be Parquet (cut
short, not Parquet at all) is left out of its view and named, instead of failing
every query.
"""
import csv
import datetime as dt
import io
import json
import os
import sys
from typing import NamedTuple, Optional

import duckdb
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.fs

from transforms.common import schemas
from transforms.store import partitions

# Undated rows' directory value: the writer's, and the hive default of older outputs.
UNKNOWN_DATES = {partitions.UNKNOWN_DATE, "__HIVE_DEFAULT_PARTITION__"}
_MAGIC = b"PAR1"

# Views over claim_groups: one row per group of quotes, one row per member of a number conflict.
GROUP_VIEWS = {
    "quote_groups": """
        select group_id, any_value(label) as quote,
               list(distinct speaker order by speaker) filter (where speaker is not null) as speakers,
               any_value(members) as members, any_value(articles) as articles, any_value(outlets) as outlets,
               list(distinct coalesce(outlet_name, '(unknown)') order by coalesce(outlet_name, '(unknown)'))
                   as outlet_names,
               min(published) as first_published, max(published) as last_published
        from claim_groups where kind = 'quote' group by group_id""",
    "number_conflicts": """
        select group_id, label, topic, outlet_name, published, speaker as source, qualifier, content,
               interval_low, interval_high, spread_low, spread_high, members, outlets
        from claim_groups where kind = 'number' and conflicting""",
}


class NotAnOutput(ValueError):
    """The directory given as ``--output`` is missing or holds no table."""


class Output(NamedTuple):
    con: duckdb.DuckDBPyConnection
    left_out: list          # (path, reason) of the files no view reads


def check_output_dir(output_dir: str) -> None:
    """A mistyped ``--output`` must fail loudly, not answer "0 rows"."""
    if not os.path.isdir(output_dir):
        raise NotAnOutput(f"{output_dir} is not a directory")
    if not any(os.path.isdir(os.path.join(output_dir, table)) for table in schemas.TABLES):
        raise NotAnOutput(f"{output_dir} is not an output directory: it has none of "
                          f"{', '.join(t + '/' for t in schemas.TABLES)}")


def table_files(table_dir: str) -> list:
    """The Parquet files of a table; names starting with ``.`` or ``_`` are not data."""
    found = []
    for root, dirs, names in os.walk(table_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
        found += [os.path.join(root, n) for n in sorted(names)
                  if n.endswith(".parquet") and not n.startswith((".", "_"))]
    return found


def unreadable(path: str) -> Optional[str]:
    """Why ``path`` cannot be a Parquet file, or None.  Reads 12 bytes, not the footer:
    a truncated or foreign file fails this; a damaged interior fails the query that reads it."""
    with open(path, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        if size < 12:
            return f"{size} bytes, too short for Parquet"
        head = handle.read(4)
        handle.seek(-8, os.SEEK_END)
        tail = handle.read(8)
    if head != _MAGIC or tail[4:] != _MAGIC:
        return "no Parquet magic bytes (truncated or not Parquet)"
    if int.from_bytes(tail[:4], "little") > size - 12:
        return "footer longer than the file (truncated)"
    return None


def _partition(table_dir: str, path: str):
    """The filter expression that gives a file's rows their ``date`` and ``outlet``."""
    parts = os.path.relpath(path, table_dir).split(os.sep)
    if len(parts) != 3 or not parts[0].startswith("date=") or not parts[1].startswith("outlet="):
        raise ValueError("not in a date=…/outlet=… directory")
    day, slug = parts[0][len("date="):], parts[1][len("outlet="):]
    date = ds.field("date").is_null() if day in UNKNOWN_DATES else \
        ds.field("date") == pa.scalar(dt.date.fromisoformat(day), pa.date32())
    return date & (ds.field("outlet") == slug)


def _dataset(output_dir: str, table: str, left_out: list) -> ds.Dataset:
    """The table's readable files as one dataset of the table's schema (empty when none)."""
    table_dir = os.path.join(output_dir, table)
    schema = schemas.TABLES[table]
    partitioned = table in schemas.PARTITIONED_TABLES
    if partitioned:
        schema = schema.append(pa.field("date", pa.date32())).append(pa.field("outlet", pa.string()))
    paths, expressions = [], []
    for path in table_files(table_dir):
        try:
            reason = unreadable(path)
            if reason is None:
                expressions.append(_partition(table_dir, path) if partitioned else ds.scalar(True))
                paths.append(path)
                continue
        except (OSError, ValueError) as exc:
            reason = str(exc)
        left_out.append((path, reason))
    return ds.FileSystemDataset.from_paths(paths, schema=schema, format=ds.ParquetFileFormat(),
                                           filesystem=pyarrow.fs.LocalFileSystem(), partitions=expressions)


def open_output(output_dir: str) -> Output:
    """A locked, in-memory DuckDB connection with the views of ``output_dir``."""
    check_output_dir(output_dir)
    con = duckdb.connect()
    left_out = []
    for table in schemas.TABLES:
        con.register(table, _dataset(output_dir, table, left_out))
    for view, sql in GROUP_VIEWS.items():
        con.execute(f"create view {view} as {sql}")
    con.execute("set python_enable_replacements = false")    # no Python variable as a table either
    con.execute("set enable_external_access = false")
    con.execute("set lock_configuration = true")
    return Output(con, left_out)


def warn_left_out(left_out: list) -> None:
    for path, reason in left_out:
        print(f"warning: left out {path}: {reason}", file=sys.stderr)


def connect(output_dir: str) -> duckdb.DuckDBPyConnection:
    """``open_output``'s connection; each file left out is named on stderr."""
    output = open_output(output_dir)
    warn_left_out(output.left_out)
    return output.con


def format_result(relation: duckdb.DuckDBPyRelation, fmt: str) -> str:
    if fmt == "table":
        return str(relation) if relation is not None else ""
    columns = relation.columns
    rows = relation.fetchall()
    if fmt == "json":
        return json.dumps([dict(zip(columns, row)) for row in rows], default=str, indent=1)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    writer.writerows(rows)
    return buffer.getvalue()


def _query_command(args, _extra) -> int:
    try:
        con = connect(args.output)
    except NotAnOutput as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        relation = con.sql(args.sql)
    except duckdb.Error as exc:
        print(f"query failed: {exc}", file=sys.stderr)
        return 1
    if relation is not None:
        text = format_result(relation, args.format)
        sys.stdout.write(text if text.endswith("\n") else text + "\n")      # csv ends its own last line
    return 0


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "query", help="Run read-only SQL with DuckDB over an output directory.",
        description="Run SQL over the output with DuckDB; it can read the views only (no file "
                    "access, no settings). Views: articles, claims, errors (each with date and "
                    "outlet, the slug, from the partitions; outlet_name is the display name), "
                    "claim_groups (one row per member of a group of claims across articles), runs "
                    "(one row per run), quote_groups (one row per shared quote) and number_conflicts "
                    "(the members of number groups whose figures cannot all be true). An unreadable "
                    "file is left out of its view and named on stderr.")
    parser.add_argument("--output", required=True, metavar="DIR", help="Output directory of a run.")
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table",
                        help="Result format (default: table).")
    parser.add_argument("sql", metavar="SQL", help='e.g. "select outlet, date, count(*) from articles group by all"')
    parser.set_defaults(func=_query_command)
