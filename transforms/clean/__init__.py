"""From a document's bytes to an article row: decoding (``transforms.common.decode``),
body and metadata from HTML (``html_extract``, trafilatura) or scraped plain text
(``text_clean``), and the article row with every metadata field settled by
precedence, manifest > feed > html-meta > text (``articles``).

Pure cores; ``articles_stage`` is the Beam wrapper.  Imports ``transforms.common``
and the manifest's types from ``transforms.sources``.
"""
