import dataclasses
import datetime as dt
import pickle

import apache_beam as beam
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to

from transforms.staging.spill import SpillArticles, read_spilled, spill
from transforms.staging.files import StagingFile

UTC = dt.timezone.utc


def _article(n, text="Some text.", published=None):
    return {"article_id": f"id{n}", "content_sha256": f"sha{n}", "source_uri": f"/in/{n}.txt",
            "published": published, "outlet_name": "CNN", "text": text, "duplicate_count": 0}


def test_rows_come_back_unchanged_with_the_refs_duplicate_count(tmp_path):
    staging = StagingFile(str(tmp_path))
    published = dt.datetime(2017, 6, 6, 12, tzinfo=UTC)
    first = spill(staging, _article(1, "é" * 10, published), [{"claim_id": "c1", "content": "«x»"}])
    second = spill(staging, _article(2), [])
    staging.close()
    assert (first.text_length, first.published, first.offset) == (10, published, 0)
    assert second.offset == first.length and second.spill_file == first.spill_file
    loaded = read_spilled(str(tmp_path), [second.location, dataclasses.replace(first, duplicate_count=3).location])
    by_id = {article["article_id"]: (article, claims) for article, claims in loaded}
    assert by_id["id1"][0]["text"] == "é" * 10 and by_id["id1"][0]["duplicate_count"] == 3
    assert by_id["id1"][1] == [{"claim_id": "c1", "content": "«x»"}]
    assert by_id["id2"] == (_article(2), [])


def test_spill_transform_emits_one_small_ref_per_article(tmp_path):
    records = [(_article(n, "word " * 2000), [{"claim_id": f"c{n}"}] * 20) for n in range(5)]
    with TestPipeline() as p:
        hashed_refs = p | beam.Create(records) | SpillArticles(str(tmp_path))
        # the ref that crosses the groupings is small; the record it points to is not
        assert_that(hashed_refs | beam.MapTuple(lambda sha, r: (
                        sha, r.article_id, r.text_length, len(pickle.dumps(r)) < 600, r.length > 10_000)),
                    equal_to([(f"sha{n}", f"id{n}", 10_000, True, True) for n in range(5)]))
    files = list(tmp_path.iterdir())
    assert files and sum(f.stat().st_size for f in files) > 5 * 10_000
