"""The stages of the news-claims pipeline, one package per role.

In the order the data flows (``pipeline/graph.py`` wires them):

* ``sources``: files, watched folders, feeds, the manifest → ``SourceDocument``s
* ``clean``: decoding, HTML / plain-text extraction → article rows
* ``claims``: quotes, attributions, numbers → claim rows beside their article
* ``staging.spill``: the rows parked in files, a small ``ArticleRef`` travels on
* ``store``: deduplication, then the partitioned Parquet writer
* ``linking``: afterwards, over the whole output: claim groups across outlets

``common`` holds what every role shares (element types, the Parquet schemas, URL
canonicalisation, decoding); ``staging`` is the machinery that keeps the local
runners' memory flat.

Two rules keep the tree honest (``tests/test_architecture.py`` enforces both):

* A role imports only the roles before it in ``ROLES``; no cycle between roles.
* Pure cores never import ``apache_beam``: within a role, a module named
  ``<step>.py`` is plain Python (testable, usable from a notebook) and
  ``<step>_stage.py`` is its thin Beam wrapper (PTransforms, DoFns, and whatever
  must go through Beam's ``FileSystems``).  The ``staging`` package is all Beam.
"""

# Dependency order: each role may import the roles before it, never one after it.
ROLES = ("common", "staging", "sources", "clean", "claims", "store", "linking")
BEAM_ROLES = ("staging",)        # runner plumbing: every module may import apache_beam
BEAM_SUFFIX = "_stage"           # elsewhere only <step>_stage.py may
