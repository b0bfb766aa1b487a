"""One input's unexpected failure → that input's error row, never a failed job.

The per-input steps (reading a file, decoding and cleaning it, extracting its claims)
run their work through ``or_error``: an input nobody foresaw, or a bug it trips,
then costs that one input, which is still accounted for with its source, stage and
reason (README "Guarantees"), and the rest of the batch is written.
"""
from typing import Callable, Optional, TypeVar, Union

from transforms.common.documents import ErrorRecord

UNEXPECTED = "unexpected_error"

T = TypeVar("T")


def describe(exc: BaseException) -> str:
    """An exception as an error row's message: its type and its text."""
    return f"{type(exc).__name__}: {exc}"


def or_error(step: Callable[[], T], source_uri: str, stage: str, error_type: str = UNEXPECTED,
             published=None, outlet: Optional[str] = None) -> Union[T, ErrorRecord]:
    """``step()``, or the ``ErrorRecord`` of ``source_uri`` in ``stage`` if it raises."""
    try:
        return step()
    except Exception as exc:  # noqa: BLE001 - nothing in one input may end the run
        return ErrorRecord(source_uri, stage, error_type, describe(exc), published=published, outlet=outlet)
