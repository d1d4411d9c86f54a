"""Static checks of the deployment files under infra/ and of the CI script.

Plain synchronous tests: no database, no Redis, no application import.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
INFRA = ROOT / "infra"
K8S = INFRA / "k8s"
COMPOSE = INFRA / "docker-compose.yml"
DOCKERFILE = INFRA / "Dockerfile"
CI_RUN = ROOT / ".ci" / "run"


def _load_all(path: Path) -> list:
    with path.open(encoding="utf-8") as fh:
        return [doc for doc in yaml.safe_load_all(fh) if doc is not None]


def _yaml_files(base: Path) -> list[Path]:
    return sorted(p for p in base.rglob("*") if p.suffix in (".yml", ".yaml") and p.is_file())


def _k8s_docs() -> list[dict]:
    docs = []
    for path in _yaml_files(K8S):
        docs.extend(_load_all(path))
    return docs


def _command_words(command) -> list[str]:
    if isinstance(command, str):
        return command.split()
    return [str(word) for word in command]


def _pod_spec(doc: dict) -> dict:
    return doc["spec"]["template"]["spec"]


def test_every_yaml_file_under_infra_parses():
    files = _yaml_files(INFRA)
    assert COMPOSE in files
    assert len(_yaml_files(K8S)) >= 8
    for path in files:
        docs = _load_all(path)
        assert docs, f"{path} holds no YAML document"
        for doc in docs:
            assert isinstance(doc, dict), f"{path}: each document must be a mapping"


def test_compose_services_and_commands():
    compose = _load_all(COMPOSE)[0]
    services = compose["services"]
    assert {"postgres", "redis", "migrate", "api", "worker"} <= set(services)

    for name in ("migrate", "api", "worker"):
        words = _command_words(services[name]["command"])
        assert words[0] == "zhicheng", f"{name} must run the zhicheng command"
    assert _command_words(services["migrate"]["command"])[1] == "migrate"
    assert _command_words(services["api"]["command"])[1] == "api"
    assert _command_words(services["worker"]["command"])[1] == "worker"

    assert "healthcheck" in services["postgres"]
    assert "healthcheck" in services["redis"]
    worker = services["worker"]
    assert _command_words(worker["healthcheck"]["test"])[1:3] == ["zhicheng", "worker-health"]
    assert int(worker["stop_grace_period"].removesuffix("s")) > 60  # the worker's default grace
    assert services["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    for name in ("api", "worker"):
        depends = services[name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully"
        assert depends["redis"]["condition"] == "service_healthy"

    # api and worker share one files volume, and it is where the app stores files.
    def files_volume(service: dict) -> str:
        for mount in service["volumes"]:
            source, _, target = str(mount).partition(":")
            if target.split(":")[0] == service["environment"]["ZHICHENG_STORAGE_DIR"]:
                return source
        raise AssertionError("no volume mounted at ZHICHENG_STORAGE_DIR")

    assert files_volume(services["api"]) == files_volume(services["worker"])
    assert files_volume(services["api"]) in compose["volumes"]

    # Secrets come from the environment, never written in the file.
    env = services["api"]["environment"]
    assert env["ZHICHENG_ENV"] == "production"
    assert env["ZHICHENG_SECRET_KEY"].startswith("${ZHICHENG_SECRET_KEY:?")


def test_k8s_documents_are_well_formed():
    docs = _k8s_docs()
    for doc in docs:
        assert doc.get("apiVersion"), doc
        assert doc.get("kind"), doc
        assert doc.get("metadata", {}).get("name"), doc
        assert "namespace" not in doc["metadata"], "manifests are namespace-less"

    kinds = [doc["kind"] for doc in docs]
    assert kinds.count("Deployment") == 2
    for kind in ("Service", "HorizontalPodAutoscaler", "Job", "ConfigMap", "Secret", "PersistentVolumeClaim"):
        assert kind in kinds, f"missing a {kind}"

    names = {(doc["kind"], doc["metadata"]["name"]) for doc in docs}
    assert len(names) == len(docs), "duplicate kind/name"


def test_k8s_workloads():
    docs = _k8s_docs()
    by_kind: dict[str, list[dict]] = {}
    for doc in docs:
        by_kind.setdefault(doc["kind"], []).append(doc)

    deployments = {d["metadata"]["name"]: d for d in by_kind["Deployment"]}
    api = next(d for d in deployments.values() if "api" in _command_words(_pod_spec(d)["containers"][0]["command"]))
    worker = next(d for d in deployments.values() if "worker" in _command_words(_pod_spec(d)["containers"][0]["command"]))
    assert api is not worker

    # Selectors match the pod labels.
    for dep in deployments.values():
        selector = dep["spec"]["selector"]["matchLabels"]
        labels = dep["spec"]["template"]["metadata"]["labels"]
        assert selector.items() <= labels.items()

    # API: two replicas, probes, resources, PVC.
    assert api["spec"]["replicas"] == 2
    container = _pod_spec(api)["containers"][0]
    assert _command_words(container["command"])[0] == "zhicheng"
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert {"requests", "limits"} <= set(container["resources"])
    assert container["resources"]["requests"]["cpu"]
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    assert ports["http"] == 8000

    # Worker: liveness from its heartbeat; SIGTERM's grace for running jobs fits inside the pod's.
    worker_spec = _pod_spec(worker)
    worker_container = worker_spec["containers"][0]
    assert worker_container["livenessProbe"]["exec"]["command"][:2] == ["zhicheng", "worker-health"]
    grace = float(by_kind["ConfigMap"][0]["data"]["ZHICHENG_WORKER_GRACE_SECONDS"])
    assert {"name": "ZHICHENG_WORKER_GRACE_SECONDS", "valueFrom": {"configMapKeyRef": {
        "name": "zhicheng-config", "key": "ZHICHENG_WORKER_GRACE_SECONDS"}}} in worker_container["env"]
    assert grace < worker_spec["terminationGracePeriodSeconds"] <= grace + 30

    # The Service selects the API pods.
    service = by_kind["Service"][0]
    assert service["spec"]["selector"].items() <= api["spec"]["template"]["metadata"]["labels"].items()

    # The HPA scales the API deployment on CPU 70 %, 2..10.
    hpa = by_kind["HorizontalPodAutoscaler"][0]
    assert hpa["apiVersion"] == "autoscaling/v2"
    assert hpa["spec"]["scaleTargetRef"]["kind"] == "Deployment"
    assert hpa["spec"]["scaleTargetRef"]["name"] == api["metadata"]["name"]
    assert hpa["spec"]["minReplicas"] == 2 and hpa["spec"]["maxReplicas"] == 10
    metric = hpa["spec"]["metrics"][0]["resource"]
    assert metric["name"] == "cpu" and metric["target"]["averageUtilization"] == 70

    # The files PVC is ReadWriteMany and mounted by API and worker at ZHICHENG_STORAGE_DIR.
    pvc = by_kind["PersistentVolumeClaim"][0]
    assert "ReadWriteMany" in pvc["spec"]["accessModes"]
    configmap = by_kind["ConfigMap"][0]
    storage_dir = configmap["data"]["ZHICHENG_STORAGE_DIR"]
    for dep in (api, worker):
        spec = _pod_spec(dep)
        claims = {
            v["name"]: v["persistentVolumeClaim"]["claimName"] for v in spec["volumes"] if "persistentVolumeClaim" in v
        }
        mounts = {m["mountPath"]: m["name"] for m in spec["containers"][0]["volumeMounts"]}
        assert claims[mounts[storage_dir]] == pvc["metadata"]["name"]

    # The migration Job runs zhicheng migrate once.
    job = by_kind["Job"][0]
    job_spec = _pod_spec(job)
    assert job_spec["restartPolicy"] in ("Never", "OnFailure")
    assert _command_words(job_spec["containers"][0]["command"])[:2] == ["zhicheng", "migrate"]


def test_k8s_env_references_exist():
    docs = _k8s_docs()
    configmaps = {d["metadata"]["name"]: set(d.get("data", {})) for d in docs if d["kind"] == "ConfigMap"}
    secrets = {
        d["metadata"]["name"]: set(d.get("stringData", {})) | set(d.get("data", {}))
        for d in docs
        if d["kind"] == "Secret"
    }
    workloads = [d for d in docs if d["kind"] in ("Deployment", "Job")]
    assert workloads
    checked = 0
    for doc in workloads:
        spec = _pod_spec(doc)
        for container in spec.get("initContainers", []) + spec["containers"]:
            for item in container.get("env", []):
                ref = item.get("valueFrom", {})
                if "configMapKeyRef" in ref:
                    cm = ref["configMapKeyRef"]
                    assert cm["key"] in configmaps[cm["name"]], f"{doc['metadata']['name']}: {cm}"
                    checked += 1
                if "secretKeyRef" in ref:
                    sk = ref["secretKeyRef"]
                    assert sk["key"] in secrets[sk["name"]], f"{doc['metadata']['name']}: {sk}"
                    checked += 1
            for source in container.get("envFrom", []):
                if "configMapRef" in source:
                    assert source["configMapRef"]["name"] in configmaps
                    checked += 1
                if "secretRef" in source:
                    assert source["secretRef"]["name"] in secrets
                    checked += 1
            # Production needs these three, whichever way they arrive.
            names = {item["name"] for item in container.get("env", [])}
            for source in container.get("envFrom", []):
                if "configMapRef" in source:
                    names |= configmaps[source["configMapRef"]["name"]]
                if "secretRef" in source:
                    names |= secrets[source["secretRef"]["name"]]
            assert {"ZHICHENG_DATABASE_URL", "ZHICHENG_REDIS_URL", "ZHICHENG_SECRET_KEY"} <= names
    assert checked


def test_secret_manifest_is_only_an_example():
    for path in _yaml_files(K8S):
        for doc in _load_all(path):
            if doc["kind"] == "Secret":
                assert "example" in path.name
                assert "stringData" in doc
                for value in doc["stringData"].values():
                    assert "CHANGE-ME" in value


def test_dockerfile():
    text = DOCKERFILE.read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.11-slim", text, re.M)
    cmd = [line for line in text.splitlines() if line.startswith("CMD")]
    assert cmd and "zhicheng" in cmd[-1]
    assert re.search(r"^EXPOSE 8000\b", text, re.M)
    assert re.search(r"^HEALTHCHECK\b", text, re.M) and "/healthz" in text
    users = re.findall(r"^USER\s+(\S+)", text, re.M)
    assert users and users[-1].split(":")[0] not in ("root", "0")


def test_ci_run_is_executable_bash():
    assert CI_RUN.is_file()
    assert os.access(CI_RUN, os.X_OK), ".ci/run must be executable"
    text = CI_RUN.read_text(encoding="utf-8")
    assert text.startswith("#!")
    assert "set -euo pipefail" in text
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash not available")
    result = subprocess.run([bash, "-n", str(CI_RUN)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
