"""The committed client is what ``make client`` makes from today's API: regenerated here and compared
file by file (a route changed without ``make client`` fails this test)."""

from __future__ import annotations

import filecmp
from pathlib import Path

from devtools import client


def differences(left: Path, right: Path) -> list[str]:
    compared = filecmp.dircmp(left, right, ignore=["__pycache__"])
    found = [f"only in the committed client: {name}" for name in compared.left_only]
    found += [f"missing from the committed client: {name}" for name in compared.right_only]
    _, mismatch, errors = filecmp.cmpfiles(left, right, compared.common_files, shallow=False)
    found += [f"stale: {name}" for name in mismatch + errors]
    for name in compared.common_dirs:
        found += [f"{name}/{line}" for line in differences(left / name, right / name)]
    return found


def test_the_committed_client_matches_the_api(tmp_path: Path) -> None:
    fresh = client.generate(tmp_path)
    stale = differences(client.CLIENT / client.PACKAGE, fresh)
    document_changed = (client.CLIENT / "openapi.json").read_text() != (tmp_path / "openapi.json").read_text()
    assert not stale and not document_changed, "run `make client`:\n" + "\n".join(stale[:20])
