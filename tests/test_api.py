"""The read API over a real store: tokens from the CLI, 401s, the stream equal to the export."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select
from typer.testing import CliRunner

from jingpin.cli import app as cli_app
from models import store
from models.tables import ApiToken
from review.app import create_app

pytestmark = pytest.mark.demo  # a store of three cities' demo, read with the fake engine

runner = CliRunner()


def cli(*args: str) -> str:
    result = runner.invoke(cli_app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def served(three_cities, make_store, tmp_path_factory):
    home = tmp_path_factory.mktemp("api-home")
    settings = make_store(three_cities, home, tmp_path_factory.mktemp("api-cache"))
    token = cli("token", "add", "archive", "--home", str(home)).strip().splitlines()[-1]
    return settings, TestClient(create_app(settings)), token


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def test_stream_equals_the_jsonl_export(served, tmp_path):
    settings, client, token = served
    out = tmp_path / "records.jsonl"
    cli("export", "--format", "jsonl", "--out", str(out), "--home", str(settings.home))
    response = client.get("/api/records", headers=bearer(token))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/x-ndjson")
    assert response.text == out.read_text(encoding="utf-8")
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3  # the whole inbox
    for line in lines:
        record = json.loads(line)
        one = client.get(f"/api/records/{record['submission_id']}", headers=bearer(token))
        assert one.status_code == 200 and one.json() == record
    missing = client.get("/api/records/no-batch/nobody", headers=bearer(token))
    assert missing.status_code == 404


def test_filters(served):
    _, client, token = served
    everything = [
        json.loads(x) for x in client.get("/api/records", headers=bearer(token)).text.splitlines()
    ]
    batch = everything[0]["batch"]
    one_batch = client.get("/api/records", params={"batch": batch}, headers=bearer(token))
    assert [json.loads(x)["batch"] for x in one_batch.text.splitlines()] == [batch]
    failed = client.get("/api/records", params={"state": "checks_failed"}, headers=bearer(token))
    expected = [
        r["submission_id"] for r in everything if any(c["status"] == "fail" for c in r["checks"])
    ]
    assert (
        expected and [json.loads(x)["submission_id"] for x in failed.text.splitlines()] == expected
    )
    later = client.get(
        "/api/records", params={"changed_since": "2999-01-01T00:00:00"}, headers=bearer(token)
    )
    assert later.status_code == 200 and later.text == ""
    earlier = client.get(
        "/api/records", params={"changed_since": "2000-01-01T00:00:00+08:00"}, headers=bearer(token)
    )
    assert len(earlier.text.splitlines()) == len(everything)
    bad = client.get("/api/records", params={"state": "nonsense"}, headers=bearer(token))
    assert bad.status_code == 422


def test_refused_without_a_valid_token_and_read_only(served):
    _, client, token = served
    assert client.get("/api/records").status_code == 401
    assert client.get("/api/records", headers=bearer("jp_" + "x" * 43)).status_code == 401
    assert client.get("/api/records", headers={"Authorization": token}).status_code == 401
    one = client.get("/api/records/a/b")
    assert one.status_code == 401 and one.headers["www-authenticate"] == "Bearer"
    for method in ("post", "put", "delete", "patch"):
        assert getattr(client, method)("/api/records", headers=bearer(token)).status_code == 405


def test_revoked_token_refused_and_only_its_hash_kept(served):
    settings, client, _ = served
    token = cli("token", "add", "temporary", "--home", str(settings.home)).strip().splitlines()[-1]
    assert client.get("/api/records", headers=bearer(token)).status_code == 200
    with store.session(settings.db_url) as s:
        row = s.exec(select(ApiToken).where(ApiToken.name == "temporary")).one()
    assert token not in (row.token_hash, row.name) and len(row.token_hash) == 64
    cli("token", "revoke", "temporary", "--home", str(settings.home))
    assert client.get("/api/records", headers=bearer(token)).status_code == 401
    listed = cli("token", "list", "--home", str(settings.home))
    assert "temporary" in listed and "archive" in listed
    again = runner.invoke(cli_app, ["token", "revoke", "temporary", "--home", str(settings.home)])
    assert again.exit_code == 2


def test_openapi_describes_the_records_api(served):
    _, client, _ = served
    spec = client.get("/api/openapi.json").json()
    assert set(spec["paths"]) == {"/api/records", "/api/records/{submission}"}
    assert "HTTPBearer" in spec["components"]["securitySchemes"]
    params = {p["name"] for p in spec["paths"]["/api/records"]["get"]["parameters"]}
    assert params == {"batch", "state", "changed_since"}
