"""``python -m pipeline``: see ``pipeline.cli``."""
import os
import sys

# Arrow's default allocator (mimalloc) keeps much of what it frees, and Parquet's
# writer allocates from the process-wide default, which only this variable picks,
# and only before pyarrow is loaded.  SDK worker processes inherit it.
# (transforms.store.write_stage.use_system_memory_pool covers pyarrow's own allocations elsewhere.)
os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")

from pipeline.cli import main  # noqa: E402  (after the variable is set)

sys.exit(main())
