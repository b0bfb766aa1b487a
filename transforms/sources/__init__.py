"""Where documents come from: files matched by globs (``files``), folders watched
for new files (``watch_stage``), RSS/Atom feeds and the pages they link to
(``feeds``, over the polite ``http_client``), and the manifest that supplies
metadata for inputs whose text lacks it (``manifest``).

Every source emits ``SourceDocument``s (still bytes) and ``ErrorRecord``s; nothing
here cleans text.  Pure cores: ``files``, ``feeds``, ``http_client``, ``manifest``;
Beam sources: ``*_stage``.  Imports ``transforms.common`` and ``transforms.staging``.
"""
