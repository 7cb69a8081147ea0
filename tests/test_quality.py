"""Quality regression on the dev gold set: the issue's targets, measured by benchmarks/quality.py."""
import sys

import pytest
from conftest import DATA, ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from quality import evaluate  # noqa: E402


def _meets_the_targets(s: dict) -> None:
    assert s["countries"]["f1"] >= 0.98
    assert s["officials"]["f1"] >= 0.95
    assert s["kz_officials"]["f1"] >= 0.95
    assert s["date_accuracy"] >= 0.97
    assert s["split_event_accuracy"] >= 0.98
    assert s["split_release_accuracy"] >= 0.98
    assert s["spurious_events"] == 0
    assert s["not_events"]["became_events"] == 0


@pytest.fixture(scope="module")
def scores(analyzer):
    return evaluate(DATA / "gold", DATA / "releases")


def test_dev_set_meets_the_targets(scores):
    assert scores["releases"] >= 63 and scores["events"] >= 406  # the whole dev set, blind releases included
    # Each set on its own, not only inside the average: the blind releases (101–), written apart
    # from the rules, behave like the held-out set.
    assert scores["sets"]["blind"]["releases"] >= 12
    for name in ("old", "new", "blind"):
        _meets_the_targets(scores["sets"][name])


# The second blind set (201–), scored blind before it joined (countries 0.984, officials 0.931,
# Kazakh officials 0.933, orgs 0.833, split 0.750, 3 spurious events). After the round of fixes that
# followed, it meets the targets like the others; its scores then are the floor, so a fix for one
# construction class cannot silently lose another.
BLIND2_ORGS_FLOOR = 0.96


def test_second_blind_set_keeps_its_floor(scores):
    s = scores["sets"]["blind2"]
    assert s["releases"] >= 12 and s["events"] >= 86
    _meets_the_targets(s)
    assert s["orgs"]["f1"] >= BLIND2_ORGS_FLOOR


# The third blind set (301–), scored blind before it joined (countries 0.989, officials 0.969, Kazakh
# officials 0.971, orgs 0.785, split 0.917, 1 spurious event); after its round of fixes it meets the
# targets, and its orgs score then is its floor.
BLIND3_ORGS_FLOOR = 0.92


def test_third_blind_set_keeps_its_floor(scores):
    s = scores["sets"]["blind3"]
    assert s["releases"] >= 12 and s["events"] >= 86
    _meets_the_targets(s)
    assert s["orgs"]["f1"] >= BLIND3_ORGS_FLOOR
