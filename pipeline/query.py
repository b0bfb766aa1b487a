"""DuckDB over the output: views ``articles``, ``claims``, ``errors``, ``claim_groups``
(with ``quote_groups`` and ``number_conflicts`` over it) and the run summary.

The views read the hive-partitioned Parquet and expose ``date`` (NULL for the
``__HIVE_DEFAULT_PARTITION__``), ``outlet`` (display name, NULL when unknown) and
``outlet_slug`` (the partition value); ``claim_groups`` has ``outlet`` too.
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
    ("claim groups across articles",
     "select kind, count(distinct group_id) as groups, count(*) as claims, "
     "count(distinct group_id) filter (where conflicting) as conflicting from claim_groups "
     "group by all order by all"),
    ("errors by stage and reason",
     "select stage, error_type, count(*) as errors from errors group by all order by all"),
)

# Views over claim_groups: one row per group of quotes, one row per member of a number conflict.
GROUP_VIEWS = {
    "quote_groups": """
        select group_id, any_value(label) as quote,
               list(distinct speaker order by speaker) filter (where speaker is not null) as speakers,
               any_value(members) as members, any_value(articles) as articles, any_value(outlets) as outlets,
               list(distinct coalesce(outlet, '(unknown)') order by coalesce(outlet, '(unknown)')) as outlet_names,
               min(published) as first_published, max(published) as last_published
        from claim_groups where kind = 'quote' group by group_id""",
    "number_conflicts": """
        select group_id, label, topic, outlet, published, speaker as source, qualifier, content,
               interval_low, interval_high, spread_low, spread_high, members, outlets
        from claim_groups where kind = 'number' and conflicting""",
}


def _has_files(table_dir: str) -> bool:
    return any(name.endswith(".parquet") for _, _, names in os.walk(table_dir) for name in names)


def _source(con, output_dir: str, table: str, partitioned: bool) -> str:
    """What a table's view reads: its Parquet files, or an empty table of its schema."""
    table_dir = os.path.join(output_dir, table)
    if _has_files(table_dir):
        glob = os.path.join(table_dir, "**", "*.parquet").replace("'", "''")
        hive = ", hive_partitioning=true, hive_types={'date': 'DATE', 'outlet': 'VARCHAR'}" if partitioned else ""
        return f"read_parquet('{glob}', union_by_name=true{hive})"
    schema = schemas.TABLES[table]
    if partitioned:
        schema = schema.append(pa.field("date", pa.date32())).append(pa.field("outlet", pa.string()))
    con.register(f"_empty_{table}", pa.Table.from_pylist([], schema=schema))
    return f"_empty_{table}"


def connect(output_dir: str) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with one view per table of ``output_dir``."""
    con = duckdb.connect()
    for table in schemas.TABLES:
        partitioned = table in schemas.PARTITIONED_TABLES
        source = _source(con, output_dir, table, partitioned)
        if "outlet_name" not in schemas.TABLES[table].names:
            con.execute(f"create view {table} as select * from {source}")
            continue
        slug = ", outlet as outlet_slug" if partitioned else ""
        exclude = "(outlet, outlet_name)" if partitioned else "(outlet_name)"
        con.execute(f"create view {table} as select * exclude {exclude}, outlet_name as outlet{slug} from {source}")
    for view, sql in GROUP_VIEWS.items():
        con.execute(f"create view {view} as {sql}")
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
                    "(each with date, outlet and outlet_slug from the partitions), claim_groups "
                    "(one row per member of a group of claims across articles), quote_groups "
                    "(one row per shared quote) and number_conflicts (the members of number groups "
                    "whose figures cannot all be true).")
    parser.add_argument("--output", required=True, metavar="DIR", help="Output directory of a run.")
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table",
                        help="Result format (default: table).")
    parser.add_argument("sql", metavar="SQL", help='e.g. "select outlet, date, count(*) from articles group by all"')
    parser.set_defaults(func=_query_command)
