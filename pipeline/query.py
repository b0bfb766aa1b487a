"""DuckDB over the output: views ``articles``, ``claims``, ``errors`` and the run summary.

The views read the hive-partitioned Parquet and expose ``date`` (NULL for the
``__HIVE_DEFAULT_PARTITION__``), ``outlet`` (display name, NULL when unknown) and
``outlet_slug`` (the partition value).
"""
import csv
import io
import json
import os
import sys

import duckdb
import pyarrow as pa

from transforms.common import schemas

SUMMARY_QUERIES = (
    ("articles by outlet and date",
     "select coalesce(outlet, '(unknown)') as outlet, date, count(*) as articles, "
     "sum(duplicate_count) as duplicates from articles group by all order by all"),
    ("claims by kind", "select kind, count(*) as claims from claims group by all order by all"),
    ("errors by stage and reason",
     "select stage, error_type, count(*) as errors from errors group by all order by all"),
)


def _has_files(table_dir: str) -> bool:
    return any(name.endswith(".parquet") for _, _, names in os.walk(table_dir) for name in names)


def connect(output_dir: str) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with one view per table of ``output_dir``."""
    con = duckdb.connect()
    for table, schema in schemas.TABLES.items():
        table_dir = os.path.join(output_dir, table)
        if _has_files(table_dir):
            glob = os.path.join(table_dir, "**", "*.parquet").replace("'", "''")
            source = (f"read_parquet('{glob}', hive_partitioning=true, union_by_name=true, "
                      f"hive_types={{'date': 'DATE', 'outlet': 'VARCHAR'}})")
        else:
            empty = pa.Table.from_pylist([], schema=schema.append(pa.field("date", pa.date32()))
                                         .append(pa.field("outlet", pa.string())))
            con.register(f"_empty_{table}", empty)
            source = f"_empty_{table}"
        con.execute(
            f"create view {table} as select * exclude (outlet, outlet_name), "
            f"outlet_name as outlet, outlet as outlet_slug from {source}")
    return con


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


def summary(output_dir: str) -> str:
    con = connect(output_dir)
    parts = []
    for title, sql in SUMMARY_QUERIES:
        relation = con.sql(sql)
        parts.append(f"-- {title}\n{relation if relation.limit(1).fetchall() else '(none)'}")
    return "\n".join(parts)


def _query_command(args, _extra) -> int:
    con = connect(args.output)
    try:
        relation = con.sql(args.sql)
    except duckdb.Error as exc:
        print(f"query failed: {exc}", file=sys.stderr)
        return 1
    if relation is not None:
        print(format_result(relation, args.format))
    return 0


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "query", help="Run SQL with DuckDB over an output directory.",
        description="Run SQL over the output with DuckDB. Views: articles, claims, errors "
                    "(each with date, outlet and outlet_slug from the partitions).")
    parser.add_argument("--output", required=True, metavar="DIR", help="Output directory of a run.")
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table",
                        help="Result format (default: table).")
    parser.add_argument("sql", metavar="SQL", help='e.g. "select outlet, date, count(*) from articles group by all"')
    parser.set_defaults(func=_query_command)
