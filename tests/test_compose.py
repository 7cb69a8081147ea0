"""No Docker engine here: check the deployment files' syntax and what the code relies on."""
import importlib
import os
import shlex

import yaml

from conftest import ROOT


def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_services_images_and_healthchecks():
    c = compose()
    assert set(c["services"]) == {"elasticsearch", "web", "indexer"}
    es = c["services"]["elasticsearch"]
    assert es["image"].startswith("docker.elastic.co/elasticsearch/elasticsearch:8.")
    assert es["environment"]["discovery.type"] == "single-node"
    assert "-Xmx" in es["environment"]["ES_JAVA_OPTS"]
    assert es["environment"]["xpack.security.enabled"] == "false"
    for name in ("elasticsearch", "web", "indexer"):
        assert "healthcheck" in c["services"][name], name
    for name in ("web", "indexer"):
        assert c["services"][name]["depends_on"]["elasticsearch"]["condition"] == "service_healthy"
    assert set(c["volumes"]) == {"esdata", "releases"}


def test_store_setting_points_at_elasticsearch():
    c = compose()
    for name in ("web", "indexer"):
        url = c["services"][name]["environment"]["EVENTS_STORE"]
        assert url.startswith("http://elasticsearch:9200")
    from eventstore.stores import store_setting

    os.environ["EVENTS_STORE"] = "http://elasticsearch:9200/events"
    try:
        assert store_setting(None) == "http://elasticsearch:9200/events"
    finally:
        del os.environ["EVENTS_STORE"]


def test_commands_name_things_that_exist():
    c = compose()
    web = c["services"]["web"]["command"]
    target = web[-1]
    module, _, call = target.partition(":")
    assert call == "create_app()" and callable(getattr(importlib.import_module(module), "create_app"))
    loop = c["services"]["indexer"]["command"][0]
    assert loop == "/app/deploy/indexer-loop.sh" and (ROOT / "deploy" / "indexer-loop.sh").exists()
    assert "python -m indexer run --source" in (ROOT / "deploy" / "indexer-loop.sh").read_text()
    assert "releases:/releases:ro" in c["services"]["indexer"]["volumes"]


def test_dockerfile_copies_what_the_image_runs():
    lines = (ROOT / "Dockerfile").read_text().splitlines()
    copied = {shlex.split(line)[1] for line in lines if line.startswith("COPY")}
    assert {"eventstore", "indexer", "webui", "mappings", "deploy"} <= copied
    for path in copied:
        assert (ROOT / path).exists(), path
    assert any("webui:create_app()" in line for line in lines if line.startswith("CMD"))


def test_the_web_builds_links_from_its_public_address():
    env = compose()["services"]["web"]["environment"]
    assert env["EVENTS_PUBLIC_URL"].startswith("${PUBLIC_URL:-http")


def test_the_indexer_healthcheck_is_the_status_check():
    test = compose()["services"]["indexer"]["healthcheck"]["test"]
    assert test[0] == "CMD-SHELL" and "python -m indexer status --check --max-age" in test[1]
    loop = (ROOT / "deploy" / "indexer-loop.sh").read_text()
    assert "ALERT indexer:" in loop and "0|1|75" not in loop  # 1 and 75 are not "normal" any more
