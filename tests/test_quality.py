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
    assert scores["releases"] >= 99 and scores["events"] >= 656  # the whole dev set, blind releases included
    # Each set on its own, not only inside the average: the blind releases (101–), written apart
    # from the rules, behave like the held-out set.
    assert scores["sets"]["blind"]["releases"] >= 12
    for name in ("old", "new", "blind"):
        _meets_the_targets(scores["sets"][name])


# Blind sets scored blind before they joined — second (201–): countries 0.984, officials 0.931,
# Kazakh officials 0.933, orgs 0.833, split 0.750, 3 spurious events; third (301–): 0.989, 0.969,
# 0.971, orgs 0.785, split 0.917, 1 spurious event; fifth (501–): 0.969, 0.963, 0.967, orgs 0.907,
# dates 0.988, split 0.750, 5 spurious events; sixth (601–): 1.000, 0.968, 0.960, orgs 0.889, dates
# 1.000, split 0.750, 3 spurious events; seventh (701–, 6 releases / 40 events): 0.989, 1.000, 0.940,
# orgs 0.805, dates 1.000, split 0.833, 1 spurious event; eighth (801–, 6 / 40): 0.975, 0.982, 1.000,
# orgs 0.721, dates 1.000, split 0.500, 4 spurious events. After their rounds of fixes they meet the
# targets like the others; their orgs scores then are the floors, so a fix for one construction
# class cannot silently lose another.
ORGS_FLOORS = {"blind2": 0.96, "blind3": 0.92, "blind5": 0.91, "blind6": 0.89, "blind7": 0.80, "blind8": 0.72}


@pytest.mark.parametrize("name", sorted(ORGS_FLOORS))
def test_later_blind_sets_keep_their_floors(scores, name):
    s = scores["sets"][name]
    assert s["releases"] >= 6 and s["events"] >= 40
    _meets_the_targets(s)
    assert s["orgs"]["f1"] >= ORGS_FLOORS[name]
