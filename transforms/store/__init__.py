"""Where article, claim and error rows end up: deduplication (``dedup``: one row per
content and per URL, duplicates counted), the partition and file of every row
(``partitions``: ``date=…/outlet=…/part-NNNNN.parquet``), and the Parquet writer that
merges new rows into what the output already holds (``write_stage``).

Pure cores: ``dedup``, ``partitions``; Beam: ``*_stage``.  Imports ``transforms.common``
and ``transforms.staging`` (the spill and the staged groupings).
"""
