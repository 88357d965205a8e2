"""Which problem ``code``s the code can raise, found by reading the code itself (the AST), not from a list.

Two readings of the same rules:
- ``scan_source``: every code any module under the given folders raises — the contract test checks each
  against the zh-CN catalogue (``common/problem_texts.py``), ``docs/errors.md`` and the document's enum,
  so a code added anywhere without its display text fails the suite;
- ``codes_of``: the codes one route can raise — its endpoint and its dependencies, following the calls
  it makes into this project's functions (names resolved through the function's own module globals, as
  Python resolves them).  A call made on an object (``self.x()``, ``client.get()``) is not followed, so
  the list per operation is what a reader of the route's own code finds; the enum is the whole set.

A code is recognised where it is a literal: ``Problem(status, "code", ...)``, ``problem_response(status,
"code")``, ``problem_body(status, "code")``, ``code="..."`` given to those, ``not_found(...)``, and calls
of helpers that hand one of their own parameters on as the code (``_problem(422, "self_referral", ...)``).
"""

from __future__ import annotations

import ast
import inspect
import sys
import textwrap
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SOURCE_FOLDERS = ("common", "gateway", "services")
SKIPPED_PARTS = {"tests", "testing", "migrations", "__pycache__"}
# Callables whose second positional argument (or ``code=``) is a problem code.
PROBLEM_MAKERS = {"Problem": 1, "problem_response": 1, "problem_body": 1}
FIXED_CODES = {"not_found": "not_found"}  # helpers of common.problems that always raise one code


def _callee_name(node: ast.Call) -> str | None:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _literals(node: ast.AST | None) -> list[str]:
    """The codes an argument can be: a literal, or either literal of a conditional expression."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _literals(node.body) + _literals(node.orelse)
    return []


def _argument(node: ast.Call, position: int, keyword: str = "code") -> ast.AST | None:
    for item in node.keywords:
        if item.arg == keyword:
            return item.value
    if len(node.args) > position and not any(isinstance(a, ast.Starred) for a in node.args[:position + 1]):
        return node.args[position]
    return None


def _wrappers(trees: Iterable[ast.AST]) -> dict[str, int]:
    """Helpers that pass one of their parameters on as a problem's code: name → that parameter's index."""
    candidates = []  # (function name, its parameters, the calls in it that hand on a bare name)
    for tree in trees:
        for function in ast.walk(tree):
            if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                params = [a.arg for a in function.args.posonlyargs + function.args.args]
                calls = [call for call in ast.walk(function) if isinstance(call, ast.Call)
                         and any(isinstance(a, ast.Name) and a.id in params for a in call.args[:3])]
                if calls:
                    candidates.append((function.name, params, calls))
    makers = dict(PROBLEM_MAKERS)
    changed = True
    while changed:
        changed = False
        for name, params, calls in candidates:
            if name in makers:
                continue
            for call in calls:
                callee = _callee_name(call)
                given = _argument(call, makers[callee]) if callee in makers else None
                if isinstance(given, ast.Name) and given.id in params:
                    makers[name] = params.index(given.id)
                    changed = True
                    break
    return makers


def _codes_in(tree: ast.AST, makers: dict[str, int]) -> list[tuple[str, int]]:
    found = []
    for call in ast.walk(tree):
        if not isinstance(call, ast.Call):
            continue
        name = _callee_name(call)
        if name in FIXED_CODES:
            found.append((FIXED_CODES[name], call.lineno))
        elif name in makers:
            found.extend((code, call.lineno) for code in _literals(_argument(call, makers[name])))
    return found


def _source_files(root: Path, folders: Iterable[str]) -> list[Path]:
    files = []
    for folder in folders:
        for path in sorted((root / folder).rglob("*.py")):
            if not SKIPPED_PARTS & set(path.relative_to(root).parts):
                files.append(path)
    return files


@cache
def _project_trees(root: Path = ROOT, folders: tuple[str, ...] = SOURCE_FOLDERS) -> dict[Path, ast.Module]:
    return {path: ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for path in _source_files(root, folders)}


def fallback_codes() -> set[str]:
    """Codes that ``common.problems`` gives by status (unknown routes, wrong methods, framework errors)."""
    from common import problems

    return {*problems._STATUS_CODES.values(), problems.FALLBACK_CODE, "malformed_body", "validation_error"}


def scan_source(root: Path = ROOT, folders: tuple[str, ...] = SOURCE_FOLDERS) -> dict[str, list[str]]:
    """Every problem code raised under ``folders`` → where (``path:line``)."""
    trees = _project_trees(root, folders)
    makers = _wrappers(trees.values())
    found: dict[str, list[str]] = {code: ["common/problems.py"] for code in fallback_codes()}
    for path, tree in trees.items():
        for code, line in _codes_in(tree, makers):
            found.setdefault(code, []).append(f"{path.relative_to(root)}:{line}")
    return dict(sorted(found.items()))


# --- per route --------------------------------------------------------------------------------------


def _own(function: Any) -> bool:
    """A function of this project (not a library's), whose source can be read."""
    if not inspect.isfunction(function):
        return False
    return _own_module(getattr(function, "__module__", "") or "")


@cache
def _own_module(name: str) -> bool:
    path = getattr(sys.modules.get(name), "__file__", None)
    return path is not None and Path(path).resolve().is_relative_to(ROOT) and ".venv" not in Path(path).parts


def _resolve(node: ast.AST, scope: dict[str, Any]) -> Any:
    if isinstance(node, ast.Name):
        return scope.get(node.id)
    if isinstance(node, ast.Attribute):
        owner = _resolve(node.value, scope)
        return getattr(owner, node.attr, None) if owner is not None and inspect.ismodule(owner) else None
    return None


@cache
def _makers() -> dict[str, int]:
    return _wrappers(_project_trees().values())


@cache
def _function_facts(function: Any) -> tuple[frozenset[str], tuple[ast.AST, ...]]:
    """The codes ``function``'s own body raises, and the callees of the calls it makes."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    except (OSError, TypeError, SyntaxError):
        return frozenset(), ()
    codes = frozenset(code for code, _ in _codes_in(tree, _makers()))
    return codes, tuple(call.func for call in ast.walk(tree) if isinstance(call, ast.Call))


def codes_of(functions: Iterable[Callable[..., Any]], *, depth: int = 6) -> set[str]:
    """The problem codes ``functions`` raise, following their calls into this project ``depth`` deep."""
    seen: set[Any] = set()
    codes: set[str] = set()
    frontier = [f for f in functions if _own(inspect.unwrap(f))]
    for _ in range(depth):
        following = []
        for function in frontier:
            function = inspect.unwrap(function)
            if function in seen:
                continue
            seen.add(function)
            own_codes, callees = _function_facts(function)
            codes.update(own_codes)
            scope = {**function.__globals__, **inspect.getclosurevars(function).nonlocals}
            for node in callees:
                callee = _resolve(node, scope)
                if _own(callee) and callee not in seen:
                    following.append(callee)
        frontier = following
    return codes
