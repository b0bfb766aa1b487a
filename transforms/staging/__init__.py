"""Runner plumbing that exists for the local runners only.

The DirectRunner's FnApiRunner and Prism hold everything that crosses a grouping in
the runner process until the run ends, so memory would grow with the number of
articles.  This package keeps it flat: each article's rows are spilled to a staging
file and only a small ``ArticleRef`` travels on (``spill``); groupings pack their
pairs into blobs in staging files and group only the blobs' locations
(``grouping``); ``files`` owns the staging files themselves and their removal.
A distributed runner's own shuffle would not need it.

All Beam (``FileSystems``, DoFns); imports only ``transforms.common``.
"""
