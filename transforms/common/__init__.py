"""What every role shares: the element types that flow between stages
(``documents``: ``SourceDocument``, ``ErrorRecord``, ``ArticleRef``), the Parquet
schemas of the output tables (``schemas``), URL canonicalisation (``urls``),
bytes → text decoding (``decode``) and process-independent hashing (``hashing``).

Pure Python, no Beam; imports nothing else from ``transforms``.
"""
