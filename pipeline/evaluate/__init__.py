"""Evaluation commands: ``evaluate-extraction`` (body and metadata against ground
truth, ``extraction``) and ``evaluate-claims`` (claims against annotations, ``claims``).
They measure the stages; the job itself (``pipeline.run``) never imports them."""
