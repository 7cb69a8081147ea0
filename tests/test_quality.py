"""Quality regression on the dev gold set: the issue's targets, measured by benchmarks/quality.py."""
import sys

from conftest import DATA, ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from quality import evaluate  # noqa: E402


def test_dev_set_meets_the_targets(analyzer):
    s = evaluate(DATA / "gold", DATA / "releases")
    assert s["events"] >= 50 and s["releases"] >= 10
    assert s["countries"]["f1"] >= 0.95
    assert s["officials"]["f1"] >= 0.90
    assert s["kz_officials"]["f1"] >= 0.95
    assert s["date_accuracy"] >= 0.95
    assert s["split_release_accuracy"] >= 0.95
