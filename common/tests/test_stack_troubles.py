"""What a failing end-to-end test reports of the stack: each part's last warnings and errors."""

from __future__ import annotations

from types import SimpleNamespace

from common.testing.stack import Stack


def test_a_failure_reports_each_parts_last_warnings_and_errors(tmp_path) -> None:
    stack = Stack(infra=SimpleNamespace(tmp=tmp_path), database_template="unused")  # type: ignore[arg-type]
    logs = tmp_path / "logs"
    logs.mkdir()
    (logs / "orders.log").write_text("\n".join([
        '{"ts": "1", "level": "info", "part": "orders", "msg": "started"}',
        '{"ts": "2", "level": "warning", "part": "orders", "msg": "catalog answered 500"}',
        *(f'{{"ts": "3", "level": "error", "part": "orders", "msg": "failed {i}"}}' for i in range(20)),
        "Traceback (most recent call last):",
    ]) + "\n")
    (logs / "catalog.log").write_text('{"ts": "1", "level": "info", "part": "catalog", "msg": "quiet"}\n')
    told = stack.troubles(lines=5)
    assert told.startswith("--- orders ---\n") and "catalog" not in told  # a quiet part says nothing
    assert told.splitlines()[1:] == [*(f'{{"ts": "3", "level": "error", "part": "orders", "msg": "failed {i}"}}'
                                       for i in range(16, 20)), "Traceback (most recent call last):"]
    assert "started" not in told and Stack(infra=SimpleNamespace(tmp=tmp_path / "none"),  # type: ignore[arg-type]
                                           database_template="unused").troubles() == ""
