"""Linking stage: the whole output's claims → ``OUT/claim_groups/part-00000.parquet``.

Runs as its own batch pipeline after the ingestion job has written its files, over
every partition of the output, so new claims meet the groups already there.  Each
partition's claims file is read with its articles file (same relative path), the
quotes and numbers become ``LinkableClaim``s keyed by ``candidate_keys``, claims
that share a key are grouped (staged in files: ``transforms.staging.grouping``) and
scored, and the linked pairs, few next to the claims, are joined into groups in
one step that also writes the table.  The previous table's ids are kept
(``groups.assign_groups``), then the file is replaced whole.
"""
import collections
import datetime as dt
import itertools
import pickle

from typing import Optional

import apache_beam as beam
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from apache_beam.io.filesystems import FileSystems
from apache_beam.metrics import Metrics

from transforms.linking.groups import (MAX_KEY_MEMBERS, NUMBER, QUOTE, assign_groups, group_rows, linkable_claims,
                                       linked_pairs)
from transforms.staging.files import BlobLocation, BundleStagingFn, open_whole_if_small, read_blobs
from transforms.staging.grouping import StagedGroupByKey
from transforms.store.write_stage import PartitionFileWriter, use_system_memory_pool

TABLE = "claim_groups"
_ALL = "all"                     # the one key all linked pairs meet under
FILE_NAME = "part-00000.parquet"
_ARTICLE_COLUMNS = ["article_id", "title", "text"]
_CLAIM_COLUMNS = ["claim_id", "article_id", "kind", "outlet_name", "published", "sentence", "sentence_start",
                  "content", "content_start", "content_end", "speaker", "value", "low", "high", "qualifier",
                  "object", "unit"]
_ROWS_PER_BATCH = 4096
_CACHED_CLAIMS = 50_000          # unpickled claims a scoring worker keeps (≈1 KB each)


def _read_columns(path: str, columns: list[str], kinds: Optional[tuple] = None) -> list[dict]:
    """Rows of a Parquet file as dicts; with ``kinds``, only claims of those kinds (filtered in Arrow)."""
    with open_whole_if_small(path) as handle:
        table = pq.read_table(handle, columns=columns)
    if kinds is not None:
        table = table.filter(pc.is_in(table.column("kind"), value_set=pa.array(kinds)))
    return table.to_pylist()


def claims_files(output_dir: str) -> list[str]:
    """Relative paths (``date=…/outlet=…/part-….parquet``) of every claims file under ``output_dir``."""
    table_dir = FileSystems.join(output_dir, "claims")
    pattern = FileSystems.join(table_dir, "*", "*", "*.parquet")
    return sorted(m.path[len(table_dir):].lstrip("/") for m in FileSystems.match([pattern])[0].metadata_list)


class _ReadLinkableFn(BundleStagingFn):
    """A partition's relative path → one list of (key, (claim id, where the claim is)) pairs
    for its claims: each claim is pickled once into the bundle's staging file, and only its
    location (a plain tuple: it pickles smaller than the NamedTuple) travels with each of its
    keys, one element per file read, not per claim and key."""

    def __init__(self, output_dir: str, staging_dir: str):
        super().__init__(staging_dir)
        self._output_dir = output_dir
        self._claims = Metrics.counter("linking", "claims_read")            # quotes and numbers
        self._linkable = Metrics.counter("linking", "linkable_claims")

    def process(self, relpath: str):
        claims = _read_columns(FileSystems.join(self._output_dir, "claims", relpath), _CLAIM_COLUMNS,
                               kinds=(QUOTE, NUMBER))
        articles_path = FileSystems.join(self._output_dir, "articles", relpath)
        articles = ({a["article_id"]: a for a in _read_columns(articles_path, _ARTICLE_COLUMNS)}
                    if FileSystems.exists(articles_path) else {})
        self._claims.inc(len(claims))
        claims.sort(key=lambda row: row["article_id"])
        keyed = []
        for article_id, rows in itertools.groupby(claims, key=lambda row: row["article_id"]):
            for claim in linkable_claims(articles.get(article_id, {}), rows):
                self._linkable.inc()
                where = tuple(self.staging_file().append(pickle.dumps(claim, protocol=pickle.HIGHEST_PROTOCOL)))
                keyed.extend((key, (claim.claim_id, where)) for key in claim.keys)
        if keyed:
            yield keyed


class _ScoreCandidatesFn(beam.DoFn):
    """(key, [(claim id, location)]) → linked pairs; a claim met under several keys is read
    and unpickled once (an LRU cache of ``_CACHED_CLAIMS``)."""

    def __init__(self, staging_dir: str):
        self._staging_dir = staging_dir
        self._pairs = Metrics.counter("linking", "linked_pairs")
        self._common_keys = Metrics.counter("linking", "keys_too_common")
        self._cache = None

    def setup(self):
        self._cache = collections.OrderedDict()

    def process(self, element):
        """Yields (the one key, pickled pair)."""
        key, members = element
        if len(members) > MAX_KEY_MEMBERS:
            self._common_keys.inc()          # linked_pairs skips it
            return
        if len({claim_id for claim_id, _where in members}) < 2:
            return                           # the common case on real news: a shingle no other quote has
        for pair in linked_pairs(self._load(members), key):
            self._pairs.inc()
            yield _ALL, pickle.dumps(pair, protocol=pickle.HIGHEST_PROTOCOL)

    def _load(self, members) -> list:
        """The members' claims, from the cache or read from staging (each file opened once)."""
        missing = [BlobLocation(*where) for claim_id, where in members if claim_id not in self._cache]
        for _where, blob in read_blobs(self._staging_dir, missing):
            claim = pickle.loads(blob)
            self._cache[claim.claim_id] = claim
        claims = []
        for claim_id, _where in members:
            self._cache.move_to_end(claim_id)
            claims.append(self._cache[claim_id])
        while len(self._cache) > _CACHED_CLAIMS:
            self._cache.popitem(last=False)
        return claims


class _WriteGroupsFn(beam.DoFn):
    """All linked pairs → the ``claim_groups`` file, replaced whole; yields its path."""

    def __init__(self, output_dir: str, temp_dir: str, linked_at: dt.datetime):
        self._table_dir = FileSystems.join(output_dir, TABLE)
        self._temp_dir = temp_dir
        self._linked_at = linked_at
        self._groups = {kind: Metrics.counter("linking", f"{kind}_groups") for kind in ("quote", "number")}
        self._conflicting = Metrics.counter("linking", "conflicting_number_groups")

    def setup(self):
        use_system_memory_pool()

    def process(self, element):
        pairs = [pickle.loads(blob) for blob in element[1] if blob is not None]
        path = FileSystems.join(self._table_dir, FILE_NAME)
        previous = _read_columns(path, ["group_id", "claim_id"]) if FileSystems.exists(path) else []
        writer = PartitionFileWriter(TABLE, self._table_dir, FILE_NAME, self._temp_dir)
        rows = []
        for group_id, members in assign_groups(pairs, {r["claim_id"]: r["group_id"] for r in previous}):
            group = group_rows(group_id, members, self._linked_at)
            self._groups[members[0].kind].inc()
            if members[0].kind != QUOTE and group[0]["conflicting"]:
                self._conflicting.inc()
            rows.extend(group)
            if len(rows) >= _ROWS_PER_BATCH:
                writer.add_rows(rows)
                rows = []
        writer.add_rows(rows)
        written = writer.commit({(r["group_id"], r["claim_id"]) for r in previous})   # replaced whole
        if written:
            yield written


class LinkClaims(beam.PTransform):
    """The output directory's claims → claim groups, written to ``OUT/claim_groups``.  The
    claims wait under ``staging_dir``; the groupings under ``grouping_dir`` (None: the
    runner's own ``GroupByKey``)."""

    def __init__(self, output_dir: str, temp_dir: str, staging_dir: str, grouping_dir: Optional[str],
                 linked_at: dt.datetime):
        super().__init__()
        self._output_dir = output_dir
        self._temp_dir = temp_dir
        self._staging_dir = staging_dir
        self._grouping_dir = grouping_dir
        self._linked_at = linked_at

    def expand(self, pbegin):
        pairs = (
            pbegin
            | "OutputDir" >> beam.Create([self._output_dir])
            | "ListPartitions" >> beam.FlatMap(claims_files)
            | "SpreadPartitions" >> beam.Reshuffle()
            | "ReadKeyedClaims" >> beam.ParDo(_ReadLinkableFn(self._output_dir, self._staging_dir))
            | "GroupCandidates" >> StagedGroupByKey(self._grouping_dir, batched=True)
            | "ScoreCandidates" >> beam.ParDo(_ScoreCandidatesFn(self._staging_dir)))
        # All pairs meet in one step, staged in files like the other groupings; the marker
        # makes the step run (and replace an outdated table) even when nothing is linked.
        marker = pbegin | "Marker" >> beam.Create([(_ALL, None)])
        return (
            (pairs, marker)
            | "WithMarker" >> beam.Flatten()
            | "AllPairs" >> StagedGroupByKey(self._grouping_dir)
            | "GroupAndWrite" >> beam.ParDo(_WriteGroupsFn(self._output_dir, self._temp_dir, self._linked_at)))

