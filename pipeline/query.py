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

The output may be a local directory, ``s3://bucket/prefix`` or ``gs://bucket/prefix``:
files are listed and read through pyarrow's file systems (``open_store``), so object
storage needs neither DuckDB's httpfs extension (downloaded at run time, or a
separate package pinned to one DuckDB release) nor external access in DuckDB.
"""
import csv
import datetime as dt
import io
import json
import os
import sys
from dataclasses import dataclass
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


class Store(NamedTuple):
    """Where an output lives: a pyarrow file system and the output's path in it."""
    fs: pyarrow.fs.FileSystem
    root: str               # no scheme, no trailing slash: /abs/dir or bucket/prefix


@dataclass(frozen=True)
class S3Settings:
    """How to reach ``s3://`` outputs: the job's Beam S3Options, same names; None: the
    standard AWS variables and files (``AWS_ACCESS_KEY_ID``, ``AWS_ENDPOINT_URL``, ...)."""
    endpoint_url: Optional[str] = None
    access_key_id: Optional[str] = None
    secret_access_key: Optional[str] = None
    region_name: Optional[str] = None

    def filesystem(self) -> pyarrow.fs.S3FileSystem:
        endpoint = self.endpoint_url or os.environ.get("AWS_ENDPOINT_URL_S3") or os.environ.get("AWS_ENDPOINT_URL")
        scheme, _, host = (endpoint or "").rpartition("://")
        return pyarrow.fs.S3FileSystem(
            access_key=self.access_key_id, secret_key=self.secret_access_key, region=self.region_name,
            endpoint_override=host or None, scheme=scheme or "https")


def gcs_filesystem() -> pyarrow.fs.GcsFileSystem:
    """GCS as the job's Beam file system reaches it: through ``STORAGE_EMULATOR_HOST`` when
    that is set (google-cloud-storage's variable for an emulator; anonymous, as there),
    else with Google's default credentials."""
    emulator = os.environ.get("STORAGE_EMULATOR_HOST")
    if not emulator:
        return pyarrow.fs.GcsFileSystem()
    scheme, _, host = emulator.rpartition("://")
    return pyarrow.fs.GcsFileSystem(anonymous=True, endpoint_override=host.rstrip("/"), scheme=scheme or "http")


def open_store(output: str, s3: Optional[S3Settings] = None) -> Store:
    """The file system of ``output``: local, ``s3://`` (``s3``'s settings) or ``gs://``."""
    if output.startswith("s3://"):
        return Store((s3 or S3Settings()).filesystem(), output[len("s3://"):].rstrip("/"))
    if output.startswith("gs://"):
        return Store(gcs_filesystem(), output[len("gs://"):].rstrip("/"))
    if "://" in output:
        try:
            fs, path = pyarrow.fs.FileSystem.from_uri(output)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
            raise NotAnOutput(f"{output}: no file system for this scheme ({exc})") from None
        return Store(fs, path.rstrip("/"))
    return Store(pyarrow.fs.LocalFileSystem(), os.path.abspath(output))


def check_output_dir(store: Store, output_dir: str) -> None:
    """A mistyped ``--output`` must fail loudly, not answer "0 rows"."""
    try:
        kinds = [info.type for info in store.fs.get_file_info(
            [store.root] + [f"{store.root}/{table}" for table in schemas.TABLES])]
    except OSError as exc:
        raise NotAnOutput(f"{output_dir} cannot be read: {exc}") from None
    if kinds[0] != pyarrow.fs.FileType.Directory:
        raise NotAnOutput(f"{output_dir} is not a directory")
    if pyarrow.fs.FileType.Directory not in kinds[1:]:
        raise NotAnOutput(f"{output_dir} is not an output directory: it has none of "
                          f"{', '.join(t + '/' for t in schemas.TABLES)}")


def table_files(store: Store, table_dir: str) -> list:
    """The Parquet files of a table (``FileInfo``s, sorted by path); a name, or a directory
    on the way, starting with ``.`` or ``_`` is not data."""
    selector = pyarrow.fs.FileSelector(table_dir, recursive=True, allow_not_found=True)
    found = [info for info in store.fs.get_file_info(selector)
             if info.type == pyarrow.fs.FileType.File and info.path.endswith(".parquet")
             and not any(part.startswith((".", "_")) for part in info.path[len(table_dir):].split("/"))]
    return sorted(found, key=lambda info: info.path)


def unreadable(store: Store, info: pyarrow.fs.FileInfo) -> Optional[str]:
    """Why the file cannot be a Parquet file, or None.  Reads 12 bytes, not the footer:
    a truncated or foreign file fails this; a damaged interior fails the query that reads it."""
    size = info.size
    if size < 12:
        return f"{size} bytes, too short for Parquet"
    with store.fs.open_input_file(info.path) as handle:
        head = handle.read_at(4, 0)
        tail = handle.read_at(8, size - 8)
    if head != _MAGIC or tail[4:] != _MAGIC:
        return "no Parquet magic bytes (truncated or not Parquet)"
    if int.from_bytes(tail[:4], "little") > size - 12:
        return "footer longer than the file (truncated)"
    return None


def _partition(table_dir: str, path: str):
    """The filter expression that gives a file's rows their ``date`` and ``outlet``."""
    parts = path[len(table_dir):].strip("/").split("/")
    if len(parts) != 3 or not parts[0].startswith("date=") or not parts[1].startswith("outlet="):
        raise ValueError("not in a date=…/outlet=… directory")
    day, slug = parts[0][len("date="):], parts[1][len("outlet="):]
    date = ds.field("date").is_null() if day in UNKNOWN_DATES else \
        ds.field("date") == pa.scalar(dt.date.fromisoformat(day), pa.date32())
    return date & (ds.field("outlet") == slug)


def _dataset(store: Store, table: str, left_out: list) -> ds.Dataset:
    """The table's readable files as one dataset of the table's schema (empty when none)."""
    table_dir = f"{store.root}/{table}"
    schema = schemas.TABLES[table]
    partitioned = table in schemas.PARTITIONED_TABLES
    if partitioned:
        schema = schema.append(pa.field("date", pa.date32())).append(pa.field("outlet", pa.string()))
    paths, expressions = [], []
    for info in table_files(store, table_dir):
        try:
            reason = unreadable(store, info)
            if reason is None:
                expressions.append(_partition(table_dir, info.path) if partitioned else ds.scalar(True))
                paths.append(info.path)
                continue
        except (OSError, ValueError) as exc:
            reason = str(exc)
        left_out.append((info.path, reason))
    return ds.FileSystemDataset.from_paths(paths, schema=schema, format=ds.ParquetFileFormat(),
                                           filesystem=store.fs, partitions=expressions)


def open_output(output_dir: str, s3: Optional[S3Settings] = None) -> Output:
    """A locked, in-memory DuckDB connection with the views of ``output_dir`` (a local
    directory, ``s3://bucket/prefix`` or ``gs://bucket/prefix``)."""
    store = open_store(output_dir, s3)
    check_output_dir(store, output_dir)
    con = duckdb.connect()
    left_out = []
    for table in schemas.TABLES:
        con.register(table, _dataset(store, table, left_out))
    for view, sql in GROUP_VIEWS.items():
        con.execute(f"create view {view} as {sql}")
    con.execute("set python_enable_replacements = false")    # no Python variable as a table either
    con.execute("set enable_external_access = false")
    con.execute("set lock_configuration = true")
    return Output(con, left_out)


def warn_left_out(left_out: list) -> None:
    for path, reason in left_out:
        print(f"warning: left out {path}: {reason}", file=sys.stderr)


def connect(output_dir: str, s3: Optional[S3Settings] = None) -> duckdb.DuckDBPyConnection:
    """``open_output``'s connection; each file left out is named on stderr."""
    output = open_output(output_dir, s3)
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


def add_s3_arguments(parser) -> None:
    """The ``--s3_*`` options of the commands that read an output (Beam's S3Options names)."""
    group = parser.add_argument_group("s3:// outputs (Beam's S3Options, same names; default: the AWS_* "
                                      "variables and ~/.aws files)")
    for name in ("s3_endpoint_url", "s3_access_key_id", "s3_secret_access_key", "s3_region_name"):
        group.add_argument(f"--{name}", metavar="VALUE")


def s3_settings_of(args) -> S3Settings:
    return S3Settings(args.s3_endpoint_url, args.s3_access_key_id, args.s3_secret_access_key, args.s3_region_name)


def _query_command(args, _extra) -> int:
    try:
        con = connect(args.output, s3_settings_of(args))
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
    parser.add_argument("--output", required=True, metavar="DIR",
                        help="Output directory of a run: a path, s3://bucket/prefix or gs://bucket/prefix.")
    add_s3_arguments(parser)
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table",
                        help="Result format (default: table).")
    parser.add_argument("sql", metavar="SQL", help='e.g. "select outlet, date, count(*) from articles group by all"')
    parser.set_defaults(func=_query_command)
