"""Quality regression on the dev gold set: the issue's targets, measured by benchmarks/quality.py."""
import sys

from conftest import DATA, ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from quality import evaluate  # noqa: E402


def test_dev_set_meets_the_targets(analyzer):
    s = evaluate(DATA / "gold", DATA / "releases")
    assert s["events"] >= 120 and s["releases"] >= 25
    assert s["countries"]["f1"] >= 0.98
    assert s["officials"]["f1"] >= 0.95
    assert s["kz_officials"]["f1"] >= 0.95
    assert s["date_accuracy"] >= 0.97
    assert s["split_event_accuracy"] >= 0.98
    assert s["spurious_events"] == 0
    assert s["not_events"]["became_events"] == 0
