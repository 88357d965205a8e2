"""The deploy files agree with the code: deploy/Dockerfile, docker-compose.yml and the kustomize base in
deploy/k8s start exactly the parts in ``common.settings.PARTS`` with the Procfile's commands, set only
settings that exist, and — filled with the example secrets — give settings that production mode accepts.
"""

from __future__ import annotations

import base64
import importlib
import json
import os
import re
import shlex
import shutil
import subprocess
import tomllib
import types
import typing
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import kubernetes_validate
import pytest
import yaml
from pydantic import BaseModel
from sqlalchemy import make_url

from common.settings import PARTS, SERVICES, GroupbuySettings

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = ROOT / "deploy" / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"
COMPOSE = ROOT / "docker-compose.yml"
COMPOSE_ENV_EXAMPLE = ROOT / "deploy" / "compose.env.example"
INIT_DATABASES = ROOT / "deploy" / "postgres" / "init-databases.sh"
K8S = ROOT / "deploy" / "k8s"
KUSTOMIZATION = K8S / "kustomization.yaml"
SECRET_EXAMPLE = K8S / "secret.example.yaml"

BASE_IMAGE = "python:3.11-slim"
HEALTH_PATHS = {"/healthz", "/readyz"}


# --- what the code defines -------------------------------------------------------------------------


def package(part: str) -> str:
    return "gateway" if part == "gateway" else f"services.{part}"


def settings_class(part: str) -> type[GroupbuySettings]:
    return importlib.import_module(f"{package(part)}.config").Settings


@cache
def procfile() -> dict[str, list[str]]:
    commands = {}
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, command = line.partition(":")
            commands[name.strip()] = shlex.split(command)
    return commands


def serve_command(part: str) -> list[str]:
    return procfile()[part]


def migrate_command(service: str) -> list[str]:
    return [*procfile()[service], "migrate"]


def _nested_models(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType, typing.Annotated):
        return [model for arg in typing.get_args(annotation) for model in _nested_models(arg)]
    return []


def _variables(model: type[BaseModel], prefix: str, delimiter: str) -> set[str]:
    names = set()
    for name, field in model.model_fields.items():
        variable = prefix + (field.alias or name).upper()
        names.add(variable)
        for nested in _nested_models(field.annotation):
            names |= _variables(nested, variable + delimiter, delimiter)
    return names


@cache
def setting_variables() -> frozenset[str]:
    """Every environment variable some part's Settings reads, nested blocks joined by the delimiter."""
    names: set[str] = set()
    for part in PARTS:
        cls = settings_class(part)
        config = cls.model_config
        names |= _variables(cls, config["env_prefix"].upper(), config["env_nested_delimiter"])
    return frozenset(names)


def settings_prefix() -> str:
    return GroupbuySettings.model_config["env_prefix"].upper()


def load_settings(part: str, env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> GroupbuySettings:
    """The part's Settings as its process would build them from exactly ``env``."""
    for name in list(os.environ):
        if name.upper().startswith(settings_prefix()):
            monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return settings_class(part)(_env_file=None)


def assert_known_settings(names: set[str], where: str) -> None:
    ours = {name for name in names if name.upper().startswith(settings_prefix())}
    unknown = sorted(ours - setting_variables())
    assert not unknown, f"{where} sets variables no Settings class reads: {unknown}"


def assert_topology(settings: GroupbuySettings, reachable: dict[str, tuple[str, int]], where: str) -> None:
    """Each part's URL names the host and port where that part is reachable."""
    for part in PARTS:
        url = urlsplit(settings.topology.part(part).url)
        assert (url.scheme, url.hostname, url.port) == ("http", *reachable[part]), f"{where}: URL of {part}"


def assert_database_is_the_services_own(settings: GroupbuySettings, service: str, where: str) -> None:
    url = make_url(settings.database_url)
    assert url.drivername == "postgresql+asyncpg", where
    assert url.database == f"groupbuy_{service}", where


# --- deploy/Dockerfile -----------------------------------------------------------------------------


@cache
def dockerfile() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    instructions, current = [], ""
    for raw in DOCKERFILE.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        continued = line.endswith("\\")
        current = f"{current} {line[:-1] if continued else line}".strip()
        if not continued:
            word, _, rest = current.partition(" ")
            instructions.append((word.upper(), rest.strip()))
            current = ""
    return instructions


def dockerfile_args(instruction: str) -> list[str]:
    return [rest for word, rest in dockerfile() if word == instruction]


def image_env() -> dict[str, str]:
    """The ENV of the final stage: what every container starts with."""
    final_stage = max(i for i, (word, _) in enumerate(dockerfile()) if word == "FROM")
    env = {}
    for word, rest in dockerfile()[final_stage:]:
        if word == "ENV":
            env.update(item.split("=", 1) for item in shlex.split(rest))
    return env


def image_port() -> int:
    (exposed,) = dockerfile_args("EXPOSE")
    return int(exposed.split("/")[0])


def test_dockerfile_is_one_slim_non_root_image_that_runs_the_gateway_by_default():
    defaults = dict(arg.split("=", 1) for arg in dockerfile_args("ARG") if "=" in arg)
    bases = [re.sub(r"\$\{(\w+)\}", lambda m: defaults[m[1]], rest.split()[0]) for rest in dockerfile_args("FROM")]
    assert bases and set(bases) == {BASE_IMAGE}

    user = dockerfile_args("USER")[-1].split(":")[0]
    assert user.isdigit() and int(user) != 0, "the image must run as a numeric non-root user"
    assert json.loads(dockerfile_args("CMD")[-1]) == serve_command("gateway")
    assert not dockerfile_args("ENTRYPOINT"), "the part is chosen by the command alone"
    assert not dockerfile_args("HEALTHCHECK"), "orchestrators probe /healthz and /readyz themselves"
    assert any("pip install -c constraints.txt ." in rest for rest in dockerfile_args("RUN"))


def test_image_env_sets_real_settings_and_every_part_listens_on_the_exposed_port():
    env = image_env()
    assert_known_settings(set(env), "deploy/Dockerfile")
    assert env["GROUPBUY_TOPOLOGY__BIND_HOST"] == "0.0.0.0"
    for part in PARTS:
        assert int(env[f"GROUPBUY_TOPOLOGY__{part.upper()}__PORT"]) == image_port()


def test_image_holds_every_package_and_dockerignore_lets_exactly_those_in():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    packages = {pattern.rstrip("*.") for pattern in pyproject["tool"]["setuptools"]["packages"]["find"]["include"]}
    sources = set()
    for rest in dockerfile_args("COPY"):
        words = shlex.split(rest)
        if not any(word.startswith("--from") for word in words):
            sources |= {word for word in words[:-1] if not word.startswith("--")}
    where = pyproject["tool"]["setuptools"]["packages"]["find"].get("where", ["."])
    nested = {child.name for folder in where if folder != "." and folder in sources
              for child in (ROOT / folder).iterdir() if child.is_dir()}  # e.g. client/groupbuy_client
    assert packages <= sources | nested, f"packages the image lacks: {sorted(packages - sources - nested)}"

    patterns = [line.strip() for line in DOCKERIGNORE.read_text().splitlines()
                if line.strip() and not line.startswith("#")]
    assert patterns[0] == "*", ".dockerignore allow-lists, so .env, .venv and .git never reach the builder"
    assert {f"!{source}" for source in sources} <= set(patterns)
    assert all(not pattern.startswith("!.") for pattern in patterns), "no hidden file is let in"


# --- docker-compose.yml ----------------------------------------------------------------------------


@cache
def compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE.read_text())


def compose_services() -> dict[str, Any]:
    return compose()["services"]


_VARIABLE = re.compile(r"\$(?:(?P<escaped>\$)|\{(?P<braced>[A-Za-z_]\w*)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}"
                       r"|(?P<bare>[A-Za-z_]\w*))")


class MissingVariable(LookupError):
    pass


def interpolate(value: Any, variables: dict[str, str]) -> Any:
    """Compose's ``${NAME}``, ``${NAME:-default}``, ``${NAME:?error}`` and ``$$``, applied to every string."""
    if isinstance(value, dict):
        return {key: interpolate(item, variables) for key, item in value.items()}
    if isinstance(value, list):
        return [interpolate(item, variables) for item in value]
    if not isinstance(value, str):
        return value

    def substitute(match: re.Match[str]) -> str:
        if match["escaped"]:
            return "$"
        name, op = match["braced"] or match["bare"], match["op"] or ""
        found = variables.get(name)
        missing = found is None or (op.startswith(":") and found == "")
        if missing and op.endswith("?"):
            raise MissingVariable(f"{name}: {match['arg']}")
        if missing and op.endswith("-"):
            return match["arg"]
        return found or ""

    return _VARIABLE.sub(substitute, value)


def variables_used(value: Any) -> set[str]:
    text = json.dumps(value)
    return {match["braced"] or match["bare"] for match in _VARIABLE.finditer(text) if not match["escaped"]}


def env_file(path: Path) -> dict[str, str]:
    """KEY=VALUE lines as Compose reads a .env file; a value in single quotes is taken literally."""
    variables = {}
    for line in path.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            value = value.strip()
            if len(value) >= 2 and value[0] == value[-1] == "'":
                value = value[1:-1]
            variables[name.strip()] = value
    return variables


def compose_environment(service: dict[str, Any]) -> dict[str, str]:
    environment = service.get("environment", {})
    if isinstance(environment, list):
        environment = dict(item.split("=", 1) for item in environment)
    return {name: str(value) for name, value in environment.items()}


def compose_command(service: dict[str, Any]) -> list[str]:
    command = service["command"]
    return shlex.split(command) if isinstance(command, str) else command


def test_compose_runs_every_part_with_its_procfile_command():
    services = compose_services()
    for part in PARTS:
        assert part in services, f"docker-compose.yml has no service {part}"
        assert compose_command(services[part]) == serve_command(part)
        assert services[part]["image"] == services["gateway"]["image"], "one image for every part"


def test_compose_migrates_every_service_once_before_it_starts():
    services = compose_services()
    for service in SERVICES:
        job = services[f"{service}-migrate"]
        assert compose_command(job) == migrate_command(service)
        assert job["restart"] == "no"
        assert job["depends_on"]["postgres"]["condition"] == "service_healthy"
        assert services[service]["depends_on"] == {
            "postgres": {"condition": "service_healthy"},
            "redis": {"condition": "service_healthy"},
            f"{service}-migrate": {"condition": "service_completed_successfully"},
        }
    migrations = {name for name, spec in services.items()
                  if spec.get("command") and compose_command(spec)[-1] == "migrate"}
    assert migrations == {f"{service}-migrate" for service in SERVICES}


def test_compose_gateway_starts_when_redis_and_every_service_are_healthy():
    depends_on = compose_services()["gateway"]["depends_on"]
    assert depends_on == {name: {"condition": "service_healthy"} for name in ("redis", *SERVICES)}
    for name in ("postgres", "redis"):
        assert "healthcheck" in compose_services()[name]


def test_compose_uses_postgres_16_and_redis_7():
    assert compose_services()["postgres"]["image"].split(":")[1].split("-")[0] == "16"
    assert compose_services()["redis"]["image"].split(":")[1].split("-")[0] == "7"


def test_compose_sets_only_real_settings_and_keeps_secrets_out():
    services = compose_services()
    for name, service in services.items():
        if name in PARTS or name.endswith("-migrate"):
            assert_known_settings(set(compose_environment(service)), f"docker-compose.yml service {name}")
    assert_known_settings(variables_used(compose()), "docker-compose.yml interpolation")

    # What Kubernetes takes from the Secret, Compose takes from required variables, for the same parts.
    required = re.compile(r"\$\{\w+:\?[^}]+\}")
    for name, (part, workload) in workloads().items():
        compose_name = name if name in services else part
        environment = compose_environment(services[compose_name])
        for setting in secret_settings(only_container(workload)):
            assert required.search(environment[setting]), f"{compose_name}: {setting} must be a required variable"
    assert required.fullmatch(compose_environment(services["postgres"])["POSTGRES_PASSWORD"])
    with pytest.raises(MissingVariable):
        interpolate(compose(), {})
    assert all("replace-me" in value for name, value in env_file(COMPOSE_ENV_EXAMPLE).items()
               if name != "IMAGE_TAG"), "the example env file holds placeholders only"


def test_compose_health_checks_probe_each_parts_own_port():
    services = compose_services()
    for part in PARTS:
        test = services[part]["healthcheck"]["test"]
        assert test[:3] == ["CMD", "python", "-c"], "curl is not in the slim image; python is"
        url = urlsplit(re.search(r"https?://[^'\"]+", test[3])[0])
        port = int(compose_environment(services[part])[f"GROUPBUY_TOPOLOGY__{part.upper()}__PORT"])
        assert (url.hostname, url.port) == ("127.0.0.1", port)
        assert url.path in HEALTH_PATHS
        assert "urllib.request" in test[3]


def test_compose_publishes_only_the_gateway_on_8000():
    services = compose_services()
    gateway_port = compose_environment(services["gateway"])["GROUPBUY_TOPOLOGY__GATEWAY__PORT"]
    assert services["gateway"]["ports"] == [f"8000:{gateway_port}"]
    published = {name for name, service in services.items() if service.get("ports")}
    assert published == {"gateway"}


def test_compose_env_with_the_example_secrets_starts_every_part_in_production(monkeypatch):
    services = interpolate(compose_services(), env_file(COMPOSE_ENV_EXAMPLE))
    reachable = {}
    for part in PARTS:
        environment = {**image_env(), **compose_environment(services[part])}
        reachable[part] = (part, int(environment[f"GROUPBUY_TOPOLOGY__{part.upper()}__PORT"]))
    for name, service in services.items():
        if name not in PARTS and not name.endswith("-migrate"):
            continue
        part = name.removesuffix("-migrate")
        settings = load_settings(part, {**image_env(), **compose_environment(service)}, monkeypatch)
        assert settings.mode == "production", name
        assert settings.topology.bind_host == "0.0.0.0", name
        assert_topology(settings, reachable, f"docker-compose.yml {name}")
        if part in SERVICES:
            assert_database_is_the_services_own(settings, part, name)
            url = make_url(settings.database_url)
            postgres = compose_environment(services["postgres"])
            assert (url.host, url.username, url.password) == ("postgres", postgres["POSTGRES_USER"],
                                                               postgres["POSTGRES_PASSWORD"])
            assert urlsplit(settings.redis.url).hostname == "redis"


def test_postgres_init_script_creates_each_services_database():
    mounts = compose_services()["postgres"]["volumes"]
    assert any(mount.startswith("./deploy/postgres/init-databases.sh:/docker-entrypoint-initdb.d/") for mount in mounts)
    assert os.access(INIT_DATABASES, os.X_OK)
    loop = re.search(r"^for \w+ in (.+); do$", INIT_DATABASES.read_text(), re.MULTILINE)
    assert set(loop[1].split()) == {f"groupbuy_{service}" for service in SERVICES}
    bash = shutil.which("bash")
    if bash:
        subprocess.run([bash, "-n", str(INIT_DATABASES)], check=True)


# --- deploy/k8s ------------------------------------------------------------------------------------


def k8s_files() -> list[Path]:
    return sorted(path for path in K8S.glob("*.y*ml") if path != KUSTOMIZATION)


@cache
def manifests(path: Path) -> list[dict[str, Any]]:
    return [doc for doc in yaml.safe_load_all(path.read_text()) if doc]


@cache
def kustomization() -> dict[str, Any]:
    return yaml.safe_load(KUSTOMIZATION.read_text())


def applied() -> list[dict[str, Any]]:
    """Every object kustomization.yaml applies."""
    return [doc for name in kustomization()["resources"] for doc in manifests(K8S / name)]


def objects(kind: str) -> dict[str, dict[str, Any]]:
    return {doc["metadata"]["name"]: doc for doc in applied() if doc["kind"] == kind}


def example_secrets() -> dict[str, dict[str, str]]:
    secrets = {}
    for doc in manifests(SECRET_EXAMPLE):
        data = {key: base64.b64decode(value).decode() for key, value in doc.get("data", {}).items()}
        secrets[doc["metadata"]["name"]] = {**data, **doc.get("stringData", {})}
    return secrets


def pod_spec(workload: dict[str, Any]) -> dict[str, Any]:
    return workload["spec"]["template"]["spec"]


def only_container(workload: dict[str, Any]) -> dict[str, Any]:
    (container,) = pod_spec(workload)["containers"]
    return container


def container_env(container: dict[str, Any], secrets: dict[str, dict[str, str]]) -> dict[str, str]:
    """The container's environment as the kubelet would build it, on top of the image's ENV."""
    configmaps = {name: doc["data"] for name, doc in objects("ConfigMap").items()}
    env = dict(image_env())
    for source in container.get("envFrom", []):
        if "configMapRef" in source:
            env.update(configmaps[source["configMapRef"]["name"]])
        else:
            env.update(secrets[source["secretRef"]["name"]])
    for item in container.get("env", []):
        if "value" in item:
            env[item["name"]] = item["value"]
        elif "secretKeyRef" in item["valueFrom"]:
            ref = item["valueFrom"]["secretKeyRef"]
            env[item["name"]] = secrets[ref["name"]][ref["key"]]
        else:
            ref = item["valueFrom"]["configMapKeyRef"]
            env[item["name"]] = configmaps[ref["name"]][ref["key"]]
    return env


def workloads() -> dict[str, tuple[str, dict[str, Any]]]:
    """Deployments by part and migration Jobs by '<service>-migrate', with the part each runs."""
    found = {name: (name, doc) for name, doc in objects("Deployment").items()}
    for name, doc in objects("Job").items():
        found[name] = (name.removesuffix("-migrate"), doc)
    return found


def secret_settings(container: dict[str, Any]) -> set[str]:
    return {item["name"] for item in container.get("env", []) if "secretKeyRef" in item.get("valueFrom", {})}


def port_number(container: dict[str, Any], port: int | str) -> int:
    if isinstance(port, int):
        return port
    (number,) = [p["containerPort"] for p in container["ports"] if p.get("name") == port]
    return number


@pytest.mark.parametrize("path", k8s_files(), ids=lambda path: path.name)
def test_k8s_manifest_is_valid_for_the_newest_kubernetes_the_validator_knows(path):
    docs = manifests(path)
    assert docs
    problems = []
    for doc in docs:
        try:
            kubernetes_validate.validate(doc, kubernetes_validate.latest_version(), strict=True)
        except kubernetes_validate.ValidationError as error:
            where = ".".join(str(item) for item in error.path)
            problems.append(f"{doc['kind']}/{doc['metadata']['name']}: {where}: {error.message}")
    assert not problems, f"{path.name} is not valid Kubernetes {kubernetes_validate.latest_version()}: {problems}"


def test_kustomization_lists_every_manifest_except_the_secret_template():
    resources = kustomization()["resources"]
    assert len(resources) == len(set(resources))
    assert all((K8S / name).is_file() for name in resources)
    assert set(resources) == {path.name for path in k8s_files()} - {SECRET_EXAMPLE.name}
    assert kustomization()["namespace"] == objects("Namespace").popitem()[0]
    images = {image["name"] for image in kustomization()["images"]}
    used = {container["image"] for _, doc in workloads().values() for container in pod_spec(doc)["containers"]}
    assert used <= images, "every image is one kustomization.yaml knows how to set"


def test_k8s_runs_every_part_with_its_procfile_command_and_probes():
    deployments = objects("Deployment")
    assert set(deployments) == set(PARTS)
    for part, deployment in deployments.items():
        container = only_container(deployment)
        assert container["command"] == serve_command(part)
        port = port_number(container, container["ports"][0]["containerPort"])
        for probe, path in (("readinessProbe", "/readyz"), ("livenessProbe", "/healthz")):
            http = container[probe]["httpGet"]
            assert (http["path"], port_number(container, http["port"])) == (path, port), f"{part} {probe}"
        if "startupProbe" in container:
            assert container["startupProbe"]["httpGet"]["path"] in HEALTH_PATHS
        resources = container["resources"]
        for kind in ("requests", "limits"):
            assert {"cpu", "memory"} <= set(resources[kind]), f"{part} {kind}"
        assert "replicas" not in deployment["spec"], "the HorizontalPodAutoscaler owns replicas"


def test_k8s_migrates_every_service_with_a_job():
    jobs = objects("Job")
    assert set(jobs) == {f"{service}-migrate" for service in SERVICES}
    for service in SERVICES:
        job = jobs[f"{service}-migrate"]
        assert only_container(job)["command"] == migrate_command(service)
        assert pod_spec(job)["restartPolicy"] in {"Never", "OnFailure"}


def test_k8s_pods_run_as_non_root_without_privileges():
    for name, (_, workload) in workloads().items():
        spec = pod_spec(workload)
        assert spec["securityContext"]["runAsNonRoot"] is True, name
        for container in spec["containers"]:
            context = container["securityContext"]
            assert context["allowPrivilegeEscalation"] is False, name
            assert context["capabilities"]["drop"] == ["ALL"], name


def test_k8s_every_part_has_a_service_and_an_autoscaler():
    services, autoscalers = objects("Service"), objects("HorizontalPodAutoscaler")
    for part, deployment in objects("Deployment").items():
        labels = deployment["spec"]["template"]["metadata"]["labels"]
        assert deployment["spec"]["selector"]["matchLabels"].items() <= labels.items()
        service = services[part]
        assert service["spec"]["selector"].items() <= labels.items()
        container = only_container(deployment)
        for port in service["spec"]["ports"]:
            assert port_number(container, port["targetPort"]) == container["ports"][0]["containerPort"]

        autoscaler = autoscalers[part]
        assert autoscaler["apiVersion"] == "autoscaling/v2"
        assert autoscaler["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": part}
        assert any(metric["type"] == "Resource" and metric["resource"]["name"] == "cpu"
                   for metric in autoscaler["spec"]["metrics"])
        assert 1 <= autoscaler["spec"]["minReplicas"] <= autoscaler["spec"]["maxReplicas"]


def test_k8s_refers_only_to_the_configmap_and_the_templated_secret():
    secrets, configmaps = example_secrets(), objects("ConfigMap")
    assert set(secrets) == {"groupbuy-secrets"}
    assert {"internal-key", "database-url", "redis-url"} <= set(secrets["groupbuy-secrets"])
    assert all("replace-me" in value for value in secrets["groupbuy-secrets"].values())
    assert not objects("Secret"), "secrets are created outside the base, never committed"
    used = set()
    for name, (_, workload) in workloads().items():
        for container in pod_spec(workload)["containers"]:
            for source in container.get("envFrom", []):
                ref = source.get("configMapRef") or source["secretRef"]
                assert ref["name"] in {*configmaps, *secrets}, name
            for item in container.get("env", []):
                ref = item.get("valueFrom", {}).get("secretKeyRef")
                if ref:
                    assert ref["key"] in secrets[ref["name"]], f"{name}: {item['name']}"
                    used.add(ref["key"])
    assert used == set(secrets["groupbuy-secrets"]), "the template holds exactly the keys the manifests read"


def test_k8s_sets_only_real_settings():
    for name, configmap in objects("ConfigMap").items():
        assert_known_settings(set(configmap["data"]), f"ConfigMap {name}")
    for name, (_, workload) in workloads().items():
        for container in pod_spec(workload)["containers"]:
            assert_known_settings({item["name"] for item in container.get("env", [])}, name)


def test_k8s_configmap_and_example_secret_start_every_part_in_production(monkeypatch):
    secrets = example_secrets()
    reachable = {}
    for part, service in objects("Service").items():
        reachable[part] = (service["metadata"]["name"], service["spec"]["ports"][0]["port"])
    for name, (part, workload) in workloads().items():
        container = only_container(workload)
        settings = load_settings(part, container_env(container, secrets), monkeypatch)
        assert settings.mode == "production", name
        assert settings.topology.bind_host == "0.0.0.0", name
        assert_topology(settings, reachable, name)
        if workload["kind"] == "Deployment":
            assert settings.me.port == container["ports"][0]["containerPort"] == image_port(), name
        if part in SERVICES:
            assert_database_is_the_services_own(settings, part, name)


@pytest.mark.skipif(shutil.which("kubectl") is None, reason="kubectl (with its built-in kustomize) is not installed")
def test_kustomize_builds_the_base_into_one_namespace():
    built = subprocess.run(["kubectl", "kustomize", str(K8S)], check=True, capture_output=True, text=True).stdout
    docs = [doc for doc in yaml.safe_load_all(built) if doc]
    assert len(docs) == len(applied())
    namespace = kustomization()["namespace"]
    for doc in docs:
        if doc["kind"] != "Namespace":
            assert doc["metadata"]["namespace"] == namespace, f"{doc['kind']}/{doc['metadata']['name']}"
    (image,) = kustomization()["images"]
    for doc in docs:
        for container in doc.get("spec", {}).get("template", {}).get("spec", {}).get("containers", []):
            assert container["image"] == f"{image['newName']}:{image['newTag']}"
