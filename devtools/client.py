"""Regenerate the clients from the gateway's merged API document: ``make client``.

- ``client/groupbuy_client``: the Python client (openapi-python-client), a package of its own
  (``client/pyproject.toml``: ``pip install ./client``, needs only httpx and attrs, typed: ``py.typed``);
- ``client-ts/``: TypeScript types of the same document (``client-ts/src/schema.d.ts``), made by
  ``openapi-typescript`` at the exact version ``client-ts/package.json`` pins (``npm run generate`` reads
  ``../client/openapi.json``), checked with ``tsc --noEmit`` (``npm run check``);
- ``docs/errors.md``: every problem code with its zh-CN text (from ``common/problem_texts.py``).

The document is written beside the Python client (``client/openapi.json``), so a change of the API shows
in review as a change of the document and of the clients together.  npm runs in a scratch copy of
``client-ts`` (no ``node_modules`` and no lock file in the tree)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from devtools import openapi

ROOT = Path(__file__).resolve().parents[1]
CLIENT = ROOT / "client"
CLIENT_TS = ROOT / "client-ts"
ERRORS_DOC = ROOT / "docs" / "errors.md"
PACKAGE = "groupbuy_client"
CONFIG = CLIENT / "config.yaml"


def for_python_generator(document: dict[str, Any]) -> dict[str, Any]:
    """The document as openapi-python-client should read it: an operation anyone may call (``{}`` among
    its security alternatives) has no security, so it takes the plain ``Client`` as well."""
    copied = json.loads(json.dumps(document))
    for item in copied["paths"].values():
        for operation in item.values():
            if isinstance(operation, dict) and {} in operation.get("security", []):
                operation.pop("security")
    return copied


def generate(target: Path) -> Path:
    """Write the document and the generated package into ``target`` (a ``client``-like folder)."""
    written = openapi.write(target / "openapi.json")
    with tempfile.TemporaryDirectory() as scratch:
        document = Path(scratch) / "openapi.json"
        document.write_text(json.dumps(for_python_generator(json.loads(written.read_text(encoding="utf-8")))),
                            encoding="utf-8")
        out = Path(scratch) / PACKAGE
        command = [sys.executable, "-m", "openapi_python_client", "generate", "--path", str(document), "--meta", "none",
                   "--config", str(CONFIG), "--output-path", str(out), "--overwrite", "--fail-on-warning"]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)  # noqa: S603 - our own arguments
        (out / "py.typed").write_text("")  # PEP 561: its users' type checkers read the annotations
        shutil.rmtree(target / PACKAGE, ignore_errors=True)
        shutil.copytree(out, target / PACKAGE)
    return target / PACKAGE


def npm() -> str:
    found = shutil.which("npm")
    if found is None:
        raise RuntimeError("npm is needed for the TypeScript client (Node 20 and npm: apt-get install nodejs npm)")
    return found


def typescript_workspace(scratch: Path, document: Path) -> Path:
    """A copy of ``client-ts`` (without ``node_modules``) with ``document`` at ``../client/openapi.json``."""
    (scratch / "client").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(document, scratch / "client" / "openapi.json")
    work = scratch / "client-ts"
    shutil.copytree(CLIENT_TS, work, ignore=shutil.ignore_patterns("node_modules", "package-lock.json"))
    return work


def npm_run(folder: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([npm(), *arguments], cwd=folder, check=True, capture_output=True,  # noqa: S603
                          text=True, timeout=600)


def generate_typescript(folder: Path) -> Path:
    """Install the pinned generator into ``folder`` (a workspace copy) and write its types there."""
    npm_run(folder, "install", "--no-audit", "--no-fund", "--no-package-lock")
    npm_run(folder, "run", "--silent", "generate")
    return folder / "src" / "schema.d.ts"


def errors_markdown() -> str:
    from common.problem_texts import CATALOGUE

    lines = [
        "# Problem codes",
        "",
        "Every error is `application/problem+json` with a stable `code` (RFC 9457). This table is made",
        "from `common/problem_texts.py` by `python -m devtools.client`; the API document lists the same",
        "codes as the `ProblemCode` enum and, per operation, in `x-problem-codes`. Send",
        "`Accept-Language: zh-CN` and `detail` holds the 中文 text below (the English moves to `detail_en`).",
        "Show a buyer the 中文 text; branch on `code`; an unknown code is handled by its HTTP status.",
        "",
        "| code | 中文提示 (zh-CN) | meaning |",
        "| --- | --- | --- |",
    ]
    lines += [f"| `{code}` | {zh} | {meaning} |" for code, (zh, meaning) in sorted(CATALOGUE.items())]
    return "\n".join(lines) + "\n"


def main() -> None:
    print(generate(CLIENT))
    ERRORS_DOC.write_text(errors_markdown(), encoding="utf-8")
    print(ERRORS_DOC)
    with tempfile.TemporaryDirectory() as scratch:
        work = typescript_workspace(Path(scratch), CLIENT / "openapi.json")
        shutil.copyfile(generate_typescript(work), CLIENT_TS / "src" / "schema.d.ts")
    print(CLIENT_TS / "src" / "schema.d.ts")


if __name__ == "__main__":
    main()
