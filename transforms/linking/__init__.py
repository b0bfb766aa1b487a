"""Claims that say the same thing across articles and outlets, grouped.

Quote groups: near-identical or contained quotes (``quotes``) whose speakers agree or
are unknown.  Number groups: numeric claims about the same thing (``numbers``: the
counted object with its aliases, what happened to it, the unit, the story's topic
from ``topics``, a time window), flagged ``conflicting`` when their intervals cannot
all hold.  Candidates come from shared keys (word shingles, object keys), never from
all pairs; ``groups`` joins them under group-level constraints and keeps group ids
stable across reruns.

Runs after the writer, over the whole output.  Pure cores: ``quotes``, ``numbers``,
``topics``, ``groups``; ``link_stage`` is the Beam wrapper.  Imports
``transforms.common``, ``transforms.staging`` and ``transforms.store``.
"""
