"""Pausing the cyclic garbage collector around bulk work, when the host asks for it.

Analysing a large organisation makes hundreds of thousands of small, acyclic objects. Each
of them counts towards the collector's thresholds, and every full collection walks every
live object of the caller's data (a million assessments), so the collector alone can cost
more than the analysis and makes the cost grow faster than the input. Nothing larande makes
is cyclic, and reference counting frees it all.

But the collector is the interpreter's, not the library's: pausing it pauses it for every
thread of the host (a web server's other requests too). So larande pauses it only when the
host has said so, with :func:`pause_collector` (the command line, batch jobs and the
benchmarks do). Nested and concurrent pauses are counted: the state the first one found is
restored when the last one ends.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = False
_allowed = False


def pause_collector(enabled: bool = True) -> bool:
    """Let larande pause the cyclic garbage collector during its bulk work (or stop it).

    Off by default, because the collector is the whole interpreter's: turn it on in a batch
    job or a command-line tool, where a large analysis then runs up to twice as fast; leave
    it off in a multi-threaded server, where other threads' cyclic garbage would wait for
    the call to end. Returns the setting before.

    >>> before = pause_collector(True)
    >>> pause_collector(before)
    True
    """
    global _allowed
    given: object = enabled  # hosts pass anything; the annotation is no guarantee
    if type(given) is not bool:
        from larande.exceptions import ValidationError

        raise ValidationError(
            f"expected True or False, got {enabled!r}", path="enabled", code="not-a-bool"
        )
    with _lock:
        before, _allowed = _allowed, enabled
    return before


def collector_pausable() -> bool:
    """Whether the host let larande pause the collector (see :func:`pause_collector`)."""
    return _allowed


@contextmanager
def paused() -> Iterator[None]:
    """Run the body with the cyclic garbage collector paused, if the host allows it."""
    global _depth, _was_enabled
    if not _allowed:
        yield
        return
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
