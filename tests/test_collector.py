"""larande pauses the interpreter's garbage collector only when the host allows it."""

from __future__ import annotations

import gc
import threading

import pytest

import larande
from larande._gc import paused
from larande.exceptions import ValidationError


@pytest.fixture
def allowed():
    before = larande.pause_collector(True)
    yield
    larande.pause_collector(before)


@pytest.fixture
def not_allowed():
    before = larande.pause_collector(False)
    yield
    larande.pause_collector(before)


def test_by_default_the_collector_keeps_running_during_library_calls(not_allowed):
    with paused():
        assert gc.isenabled()


def test_a_host_that_allows_it_gets_the_collector_paused_and_restored(allowed):
    with paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_the_host_disabled_stays_disabled(allowed):
    gc.disable()
    try:
        with paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_overlapping_pauses_in_two_threads_restore_the_collector_once_both_end(allowed):
    inside, release = threading.Event(), threading.Event()

    def worker():
        with paused():
            inside.set()
            release.wait(5)

    thread = threading.Thread(target=worker)
    thread.start()
    inside.wait(5)
    with paused():
        pass
    still_paused = not gc.isenabled()
    release.set()
    thread.join(5)
    assert (still_paused, gc.isenabled()) == (True, True)


def test_the_setting_returns_what_it_was(not_allowed):
    assert (larande.pause_collector(True), larande.pause_collector(False)) == (False, True)


@pytest.mark.parametrize("value", [1, "yes", None])
def test_the_setting_must_be_true_or_false(value):
    with pytest.raises(ValidationError):
        larande.pause_collector(value)
