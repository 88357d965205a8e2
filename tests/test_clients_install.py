"""The clients as their users get them.

- Python: ``pip install ./client`` into an empty virtualenv (pip as this machine configures it: its
  index and constraints), nothing but httpx and attrs come along, ``py.typed`` ships, and a journey runs
  through the installed package against the running stack — public routes with the plain ``Client``.
- TypeScript: ``client-ts`` in a scratch copy: ``npm install`` of the pinned generator, the types made
  from the committed document equal the committed ones, and ``tsc --noEmit`` passes.  npm is required:
  without it this test fails, saying so.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from devtools import client as generator

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[1]
ALLOWED = {"groupbuy-client", "httpx", "attrs", "anyio", "certifi", "httpcore", "h11", "idna", "sniffio",
           "typing-extensions", "exceptiongroup", "pip", "setuptools"}

JOURNEY = textwrap.dedent('''
    import json, sys, uuid
    from groupbuy_client import AuthenticatedClient, Client
    from groupbuy_client.api.activities import catalog_list_activities
    from groupbuy_client.api.auth import auth_dev_login
    from groupbuy_client.api.catalog import catalog_get_product, catalog_list_products
    from groupbuy_client.api.users import users_add_address, users_list_addresses, users_me
    from groupbuy_client.models import AddressCreate, DevLogin, ProblemDetail

    base = sys.argv[1]
    public = Client(base_url=base, raise_on_unexpected_status=True)
    products = catalog_list_products.sync(client=public)
    activities = catalog_list_activities.sync(client=public)
    missing = catalog_get_product.sync(client=public, product_id=2**31 - 1)
    assert isinstance(missing, ProblemDetail) and missing.code == "not_found", missing
    tokens = auth_dev_login.sync(client=public, body=DevLogin(openid="pip-client-" + uuid.uuid4().hex[:8]))
    me_client = AuthenticatedClient(base_url=base, token=tokens.access_token)
    me = users_me.sync(client=me_client)
    address = users_add_address.sync(client=me_client, body=AddressCreate.from_dict(json.loads(sys.argv[2])))
    listed = users_list_addresses.sync(client=me_client)
    print(json.dumps({"products": len(products.items), "activities": len(activities.items), "user": me.id,
                      "address": address.id, "addresses": [a.id for a in listed.items]}))
''')


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, check=False, capture_output=True, text=True, timeout=600, **kwargs)


def test_the_python_client_installs_alone_and_walks_a_journey(stack, tmp_path: Path):
    source = tmp_path / "client"  # a copy: building in place would leave build/ and egg-info in the tree
    shutil.copytree(ROOT / "client", source, ignore=shutil.ignore_patterns("__pycache__", "build", "*.egg-info"))
    venv = tmp_path / "venv"
    made = run([sys.executable, "-m", "venv", str(venv)])
    assert made.returncode == 0, made.stderr
    python = str(venv / "bin" / "python")
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    installed = run([python, "-m", "pip", "install", "--quiet", str(source)], env=env, cwd=tmp_path)
    assert installed.returncode == 0, installed.stdout + installed.stderr

    listed = run([python, "-m", "pip", "list", "--format", "json"], env=env, cwd=tmp_path)
    names = {p["name"].lower().replace("_", "-") for p in json.loads(listed.stdout)}
    assert "groupbuy-client" in names and {"httpx", "attrs"} <= names
    assert names <= ALLOWED, f"more than httpx and attrs came along: {sorted(names - ALLOWED)}"
    typed = run([python, "-c", "import groupbuy_client, pathlib; "
                 "print((pathlib.Path(groupbuy_client.__file__).parent / 'py.typed').exists())"], env=env, cwd=tmp_path)
    assert typed.stdout.strip() == "True", typed.stderr
    alone = run([python, "-c", "import fastapi"], env=env, cwd=tmp_path)
    assert alone.returncode != 0  # the server is not installed with it

    address = json.dumps({"recipient": "王五", "phone": "13700000000", "province": "浙江省", "city": "杭州市",
                          "district": "西湖区", "estate": "翠苑一区", "building": "5幢", "unit": "1单元",
                          "room": "502"})
    journey = run([python, "-c", JOURNEY, stack.gateway_url, address], env=env, cwd=tmp_path)
    assert journey.returncode == 0, journey.stdout + journey.stderr
    walked = json.loads(journey.stdout.strip().splitlines()[-1])
    assert walked["user"] > 0 and walked["address"] in walked["addresses"]


def test_the_typescript_types_are_made_from_the_document_and_compile(tmp_path: Path):
    if shutil.which("npm") is None:
        pytest.fail("npm is not installed: the TypeScript client needs Node 20 and npm (apt-get install nodejs npm)")
    work = generator.typescript_workspace(tmp_path, ROOT / "client" / "openapi.json")
    try:
        made = generator.generate_typescript(work)
    except subprocess.CalledProcessError as exc:
        pytest.fail(f"npm failed: {exc.cmd}\n{exc.stdout}\n{exc.stderr}")
    committed = ROOT / "client-ts" / "src" / "schema.d.ts"
    assert made.read_text() == committed.read_text(), "run `python -m devtools.client`: client-ts is stale"
    pinned = json.loads((ROOT / "client-ts" / "package.json").read_text())["devDependencies"]
    assert all(version[0].isdigit() for version in pinned.values()), f"pin exact versions: {pinned}"
    checked = run([generator.npm(), "run", "--silent", "check"], cwd=work)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    # tsc really checks: a wrong field in an order is refused
    (work / "src" / "wrong.ts").write_text(
        'import type { RequestBody } from "./index";\n'
        'export const bad: RequestBody<"/v1/orders", "post"> = { sku: 1, address_id: 7 };\n')
    refused = run([generator.npm(), "run", "--silent", "check"], cwd=work)
    assert refused.returncode != 0 and "wrong.ts" in refused.stdout + refused.stderr
