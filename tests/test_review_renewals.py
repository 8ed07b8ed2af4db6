"""The nightly review reminds of certificates to renew, and what people passed renews them."""

from __future__ import annotations

import datetime as dt

import pytest

from larande import DueKind, Review, review
from larande.datasets import load_demo


@pytest.fixture(scope="module")
def demo():
    return load_demo()


def _renewals(result: Review, person: str) -> set[str]:
    return {d.subject for d in result.due if d.kind == DueKind.RENEWAL and d.person == person}


def test_a_review_reminds_of_a_certificate_about_to_expire(demo):
    """Amir's CPR certificate (20 February 2025) expires within the month on 15 January."""
    result = review(demo, as_of=dt.date(2026, 1, 15))

    assert "cpr" in _renewals(result, "amir.haddad")


def test_a_passed_refresher_renews_the_certificate_in_the_next_review(demo):
    """He passed the CPR refresher on 27 January: the evidence renews it, the reminder goes."""
    result = review(demo, as_of=dt.date(2026, 2, 10))

    assert "cpr" not in _renewals(result, "amir.haddad")
