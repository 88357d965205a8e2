"""Communities: ops open them and name leaders; users join the one they pick up from."""

from __future__ import annotations

import pytest

from common.testing.apps import serve_in_process, service_settings
from common.testing.identity import SignedAs, user
from services.membership.config import Settings
from services.membership.main import create_app

COMMUNITY = {"name": "阳光花园1栋团", "province": "上海市", "city": "上海市", "district": "浦东新区",
             "estate": "阳光花园", "building": "1栋", "pickup_point": "1栋大堂快递柜旁"}


@pytest.fixture(scope="module")
async def app(infra, unit_databases):
    application = create_app(service_settings(Settings, infra, unit_databases, dev_login=True))
    async with serve_in_process(application) as client:
        application.state.client = client
        yield application


def as_user(app, user_id: int, *roles: str) -> SignedAs:
    return SignedAs(user(user_id, *roles), app.state.settings.internal_key)


async def new_user(app, openid: str) -> int:
    answer = await app.state.client.post("/v1/auth/dev-login", json={"openid": openid})
    return answer.json()["user"]["id"]


async def test_ops_open_a_community_and_name_its_leader(app):
    api = app.state.client
    ops = await new_user(app, "comm-ops")
    leader = await new_user(app, "comm-leader")
    assert (await api.post("/v1/communities", json=COMMUNITY, auth=as_user(app, leader))).status_code == 403
    created = await api.post("/v1/communities", json=COMMUNITY, auth=as_user(app, ops, "ops"))
    assert created.status_code == 201, created.text
    community = created.json()
    assert community["leader"] is None and community["members"] == 0
    named = await api.put(f"/v1/communities/{community['id']}/leader", json={"user_id": leader},
                          auth=as_user(app, ops, "ops"))
    assert named.status_code == 200 and named.json()["leader"] is not None
    profile = await api.get("/v1/users/me", auth=as_user(app, leader))
    assert "leader" in profile.json()["roles"]
    successor = await new_user(app, "comm-successor")
    await api.put(f"/v1/communities/{community['id']}/leader", json={"user_id": successor},
                  auth=as_user(app, ops, "ops"))
    assert "leader" not in (await api.get("/v1/users/me", auth=as_user(app, leader))).json()["roles"]


async def test_a_user_belongs_to_one_community_at_a_time(app):
    api = app.state.client
    ops = await new_user(app, "comm-ops-2")
    first = (await api.post("/v1/communities", json=COMMUNITY, auth=as_user(app, ops, "ops"))).json()
    second = (await api.post("/v1/communities", json=COMMUNITY | {"building": "2栋", "name": "2栋团"},
                             auth=as_user(app, ops, "ops"))).json()
    neighbour = await new_user(app, "comm-neighbour")
    joined = await api.post(f"/v1/communities/{first['id']}/join", auth=as_user(app, neighbour))
    assert joined.status_code == 200 and joined.json()["community"]["members"] == 1
    moved = await api.post(f"/v1/communities/{second['id']}/join", auth=as_user(app, neighbour))
    assert moved.json()["community"]["id"] == second["id"]
    assert (await api.get(f"/v1/communities/{first['id']}")).json()["members"] == 0
    assert (await api.get("/v1/users/me/community", auth=as_user(app, neighbour))).json()["community"]["id"] == \
        second["id"]
    assert (await api.delete("/v1/users/me/community", auth=as_user(app, neighbour))).status_code == 204
    assert (await api.get("/v1/users/me/community", auth=as_user(app, neighbour))).status_code == 404


async def test_joining_needs_a_user_and_an_existing_community(app):
    api = app.state.client
    assert (await api.post("/v1/communities/1/join")).status_code == 401
    someone = await new_user(app, "comm-someone")
    assert (await api.post("/v1/communities/999999/join", auth=as_user(app, someone))).status_code == 404


@pytest.mark.parametrize(("field", "value"), [("pickup_point", ""), ("estate", "x" * 61), ("leader_user_id", 1)])
async def test_bad_communities_are_refused_naming_the_field(app, field, value):
    ops = await new_user(app, "comm-ops-3")
    answer = await app.state.client.post("/v1/communities", json=COMMUNITY | {field: value},
                                         auth=as_user(app, ops, "ops"))
    assert answer.status_code == 422 and any(field in e["field"] for e in answer.json()["errors"])


def test_leaders_are_shown_masked():
    from services.membership.communities import mask

    assert mask("张三丰") == "张**" and mask("Li") == "L*" and mask("") == "团长"
