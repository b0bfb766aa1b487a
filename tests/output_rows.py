"""Every row of an output directory, in a form two runs can be compared by."""
import pathlib

import pyarrow.parquet as pq

TABLES = ("articles", "claims", "errors")


def rows(output: pathlib.Path, tables=TABLES) -> dict:
    """Every row of the tables, as sorted tuples (with the partition directory each is in)."""
    found = {}
    for table in tables:
        found[table] = sorted(
            (str(path.relative_to(output / table).parent),) + tuple(map(repr, row.values()))
            for path in sorted((output / table).rglob("*.parquet")) for row in pq.read_table(path).to_pylist())
    return found
