"""Pausing the cyclic garbage collector around bulk work (private).

Analysing a large organisation makes hundreds of thousands of small, acyclic objects. Each
of them counts towards the collector's thresholds, and every full collection walks every
live object of the caller's data (a million assessments), so the collector alone can cost
more than the analysis and makes the cost grow faster than the input. Nothing made here is
cyclic, and reference counting frees it all, so the collector is paused while the work runs
and restored afterwards. Nested and concurrent pauses are counted: the state the first one
found is restored when the last one ends.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def paused() -> Iterator[None]:
    """Run the body with the cyclic garbage collector paused."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
