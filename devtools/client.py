"""Regenerate the Python client (``client/groupbuy_client``) from the gateway's merged API document:
``make client``.  The document is written beside it (``client/openapi.json``) so a change of the API shows
in review as a change of the document and of the client together."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from devtools import openapi

CLIENT = Path(__file__).resolve().parents[1] / "client"
PACKAGE = "groupbuy_client"
CONFIG = CLIENT / "config.yaml"


def generate(target: Path) -> Path:
    """Write the document and the generated package into ``target`` (a ``client``-like folder)."""
    document = openapi.write(target / "openapi.json")
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / PACKAGE
        command = [sys.executable, "-m", "openapi_python_client", "generate", "--path", str(document), "--meta", "none",
                   "--config", str(CONFIG), "--output-path", str(out), "--overwrite", "--fail-on-warning"]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)  # noqa: S603 - our own arguments
        shutil.rmtree(target / PACKAGE, ignore_errors=True)
        shutil.copytree(out, target / PACKAGE)
    return target / PACKAGE


if __name__ == "__main__":
    print(generate(CLIENT))
