"""What the secretariat hands on, from a real store of a three-city demo inbox: the people's
workbook and the province-wide 汇总, opened with openpyxl as a person's Excel would."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from extractors.template import read_fields
from jingpin.cli import app
from reports.cities import cities, city_of
from reports.labels import header, local_time, vocabulary

runner = CliRunner()
CITIES = ["武汉市", "黄石市", "十堰市"]  # province order; by code point 十堰 would come first


@pytest.fixture(scope="module")
def home(three_cities, make_store, tmp_path_factory):
    home = tmp_path_factory.mktemp("reports-home")
    make_store(three_cities, home, tmp_path_factory.mktemp("reports-cache"))
    return home


@pytest.fixture(scope="module")
def records(home):
    from core.config import load_settings
    from jingpin.cli import _records

    return {r["submission_id"]: r for r in _records(load_settings(home))}


def cli(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_headers_carry_section_numbers_and_item_numbers():
    assert header("product_certs.count") == "2.3.1 产品认证数量"
    assert header("patents_domestic[0].number") == "3.2.3 国内授权发明专利 1 · 专利号"
    assert header("standards_group[1].name") == "3.2.4 团体标准 2 · 标准名称"
    assert header("decl_entity_name") == "自我声明 经营主体名称"
    assert header("credit_code") == "统一社会信用代码"
    assert header("no_such_leaf") == "no_such_leaf"


def test_every_catalogue_field_has_a_section_and_distinct_header():
    fields = read_fields()
    keys = [k for doc in ("application", "declaration") for k in fields[doc]]
    assert not [k for k in keys if k not in vocabulary().sections]
    assert not [k for k in vocabulary().sections if k not in vocabulary().labels]  # no typos
    headers = [header(k) for k in keys]
    assert len(set(headers)) == len(headers), "two fields would share a column header"


def test_times_shown_on_beijing_clock():
    from datetime import datetime

    assert f"{local_time(datetime(2024, 7, 10, 16, 30)):%Y-%m-%d %H:%M}" == "2024-07-11 00:30"


def test_cities_in_province_order():
    assert len(cities()) == 17 and cities()[:3] == ("武汉市", "黄石市", "十堰市")
    assert city_of({"batch": "恩施州-2024-07"}) == "恩施土家族苗族自治州"
    assert city_of(
        {"batch": "x", "fields": {"city_regulator": {"value": "宜昌市市场监督管理局"}}}
    ) == ("宜昌市")
    assert city_of({"batch": "别处"}) == "未知市州"


@pytest.mark.demo
def test_people_workbook(home, records, tmp_path):
    out = tmp_path / "records.xlsx"
    cli("export", "--format", "xlsx", "--out", str(out), "--home", str(home))
    wb = load_workbook(out)
    assert wb.sheetnames == ["申报记录", *CITIES, "核查未通过", "字段明细", "说明"]
    ws = wb["申报记录"]
    heads = [c.value for c in ws[1]]
    assert "2.3.1 产品认证数量" in heads and "3.2.3 国内授权发明专利 1 · 专利号" in heads
    assert "credit_code" not in heads and ws.freeze_panes == "C2"
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(records) == 3  # one row per applicant
    assert [r[0] for r in rows] == CITIES
    by_id = {r[heads.index("申报编号")]: r for r in rows}
    for sid, record in records.items():
        row = by_id[sid]
        assert row[heads.index("统一社会信用代码")] == record["fields"]["credit_code"]["value"]
        assert row[heads.index("状态")] in ("已完成", "有待审字段", "核查未通过")
    for city in CITIES:  # a sheet per city, its applicant only
        assert [r[0] for r in wb[city].iter_rows(min_row=2, values_only=True)] == [city]


@pytest.mark.demo
def test_unsure_cells_highlighted_and_failed_checks_listed(home, records, tmp_path):
    out = tmp_path / "records.xlsx"
    cli("export", "--format", "xlsx", "--out", str(out), "--home", str(home))
    wb = load_workbook(out)
    ws = wb["申报记录"]
    heads = [c.value for c in ws[1]]
    ids = [c.value for c in ws["C"][1:]]
    unsure = [
        (sid, leaf)
        for sid, r in records.items()
        for leaf, f in r["fields"].items()
        if f["status"] == "needs_review"
    ]
    assert unsure
    for sid, leaf in unsure:
        cell = ws.cell(ids.index(sid) + 2, heads.index(header(leaf)) + 1)
        assert cell.fill.fgColor.rgb.endswith("FFEB9C"), (sid, leaf)
    sure = next(
        (sid, leaf)
        for sid, r in records.items()
        for leaf, f in r["fields"].items()
        if f["status"] == "auto_accepted"
    )
    assert ws.cell(ids.index(sure[0]) + 2, heads.index(header(sure[1])) + 1).fill.fill_type is None
    failed = [
        (sid, c["detail"])
        for sid, r in records.items()
        for c in r["checks"]
        if c["status"] == "fail"
    ]
    listed = [(r[2], r[5]) for r in wb["核查未通过"].iter_rows(min_row=2, values_only=True)]
    assert failed and sorted(listed) == sorted(failed)
    assert any("汇总表为" in message for _, message in listed)  # the rules' Chinese words


@pytest.mark.demo
def test_key_headers_for_programs(home, tmp_path):
    out = tmp_path / "keys.xlsx"
    cli("export", "--format", "xlsx", "--key-headers", "--out", str(out), "--home", str(home))
    wb = load_workbook(out)
    assert wb.sheetnames == ["records", "fields"]
    heads = [c.value for c in wb["records"][1]]
    assert "credit_code" in heads and "patents_domestic.count" in heads


@pytest.mark.demo
def test_province_summary(home, records, tmp_path):
    out = tmp_path / "汇总.xlsx"
    cli("report", "summary", "--out", str(out), "--home", str(home))
    ws = load_workbook(out)["汇总表"]
    heads = [c.value for c in ws[3]]
    for column in ("序号", "经营主体名称", "属地", "产品/服务名称", "执行标准名称及编号"):
        assert column in heads
    for column in (
        "所属行业类别",
        "联系人及联系方式",
        "推荐市州",
        "状态",
        "未通过的核查",
        "审核人",
    ):
        assert column in heads
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    assert [r[heads.index("推荐市州")] for r in rows] == CITIES
    assert [r[0] for r in rows] == [1, 2, 3]
    for row in rows:
        record = next(r for r in records.values() if city_of(r) == row[heads.index("推荐市州")])
        fields = record["fields"]
        assert row[heads.index("经营主体名称")] == record["submission_id"].split("/")[1]
        assert row[heads.index("产品/服务名称")] == (
            fields["product_name"]["value"] or fields["summary.product_name"]["value"]
        )
        messages = [c["detail"] for c in record["checks"] if c["status"] == "fail"]
        assert all(m in (row[heads.index("未通过的核查")] or "") for m in messages)
        assert row[heads.index("状态")] == ("核查未通过" if messages else row[heads.index("状态")])
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9  # A4
    assert ws.print_title_rows == "$3:$3" and ws.freeze_panes == "D4"
