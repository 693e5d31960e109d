"""Each rule of the rules file passes and fails; summary tables read whatever their layout."""

import random

import pytest
from openpyxl import Workbook

from core.record import CheckResult, FieldEntry
from extractors.template import load_template, summary_labels
from jingpin.demo import FORM
from jingpin.demo.values import patent_number, uscc
from pipeline.checks import BATCH_CITY, RuleError, apply_checks, parse_rules, with_word_version
from pipeline.checks import run_checks as run_rules
from pipeline.form import load_form
from pipeline.structured import match_row, read_summary

CODE = uscc(random.Random(2), "420100")
PATENT = patent_number(random.Random(3))

RULES = load_form(FORM).rules


def run_checks(fields: dict, summary_matched: bool) -> list[dict]:
    """The demo form's rules on ``fields``: the checks take a form's rules explicitly."""
    return run_rules(fields, summary_matched, RULES)


def leaf(value, status="auto_accepted"):
    return {"value": value, "status": status, "confidence": 0.99}


def reviewed(fields: dict, checks: list[dict]) -> dict[str, str]:
    """Each leaf's status once the checks sent theirs to review."""
    typed = {name: FieldEntry.from_json(entry) for name, entry in fields.items()}
    apply_checks(typed, [CheckResult.from_json(c) for c in checks])
    return {name: entry.status for name, entry in typed.items()}


def good_fields() -> dict:
    return {
        "credit_code": leaf(CODE),
        "patents_domestic.count": leaf(1),
        "patents_domestic[0].number": leaf(PATENT),
        "patents_domestic[0].name": leaf("一种装置"),
        "applicant_sealed": leaf(True),
        "city_recommendation_sealed": leaf(True),
        "summary.sealed": leaf(True),
        "decl_sealed": leaf(True),
        "entity_name": leaf("武汉甲科技有限公司"),
        "applicant_unit": leaf("武汉甲科技有限公司"),
        "summary.entity_name": leaf("武汉甲科技有限公司"),
        "product_name": leaf("智能配电柜"),
        "summary.product_name": leaf("智能配电柜"),
        "executed_standard": leaf("GB/T 1234-2020"),
        "summary.executed_standard": leaf("GB/T  1234-2020"),
        "industry": leaf("C3811"),
        "summary.industry": leaf("C3811"),
        "rd_investment_wan": leaf(500),
        "sales_revenue_wan": leaf(10000),
        "rd_ratio_pct": leaf(5.0),
        "service_revenue_wan": leaf(0),
        "market_share_domestic": leaf(3.5),
        "market_share_province": leaf(12.0),
        "rank_domestic": leaf(8),
        "rank_province": leaf(2),
        "trademark": leaf("甲牌"),
        "legal_rep_phone": leaf("027-88701902"),
        "contact_phone": leaf("13800138000"),
        "filing_date": leaf("2024-07-08"),
        "recommendation_date": leaf("2024-07-12"),
        "decl_date": leaf("2024-07-08"),
        "serious_dishonesty_listed": leaf(False),
        "abnormal_operation_listed": leaf(False),
        "decl_serious_illegal_listed": leaf(False),
        "decl_quality_penalty": leaf(False),
    }


def by_rule(checks: list[dict]) -> dict[str, dict]:
    return {c["rule"]: c for c in checks}


def test_a_consistent_record_passes_every_rule():
    fields = good_fields()
    word = {k: v["value"] for k, v in fields.items() if not k.startswith("summary.")}
    checks = run_checks(with_word_version(fields, word), summary_matched=True)
    assert {c["status"] for c in checks} == {"pass"}
    assert len(checks) == 37  # 35 rules; the date rule gives one result per date


def test_a_number_changed_between_word_and_scan_fails():
    fields = good_fields()
    word = {"rd_investment_wan": 520}
    checks = by_rule(run_checks(with_word_version(fields, word), summary_matched=True))
    assert checks["agree.word.rd_investment_wan"]["status"] == "fail"
    assert "Word" in checks["agree.word.rd_investment_wan"]["detail"]


def test_a_disagreement_on_a_shaky_reading_is_unsure_not_failed():
    fields = good_fields()
    fields["rd_investment_wan"] = {**leaf(520, "needs_review"), "confidence": 0.5}
    checks = by_rule(run_checks(with_word_version(fields, {"rd_investment_wan": 500}), True))
    assert checks["agree.word.rd_investment_wan"]["status"] == "unsure"
    assert reviewed(fields, list(checks.values()))["rd_investment_wan"] == "needs_review"


def test_a_reading_both_other_sources_contradict_alike_is_unsure_not_failed():
    """The scan reads 智能配柜 (a character dropped), the Word version and the summary both say
    智能配电柜: the reading is the odd one out. A summary that differs from the form and
    its Word version alike still fails."""
    fields = good_fields() | {"product_name": leaf("智能配柜")}
    checks = by_rule(run_checks(with_word_version(fields, {"product_name": "智能配电柜"}), True))
    assert checks["agree.product_name"]["status"] == "unsure"
    assert checks["agree.word.product_name"]["status"] == "unsure"
    assert reviewed(fields, list(checks.values()))["product_name"] == "needs_review"
    fields = good_fields() | {"summary.product_name": leaf("智能配柜")}
    checks = by_rule(run_checks(with_word_version(fields, {"product_name": "智能配电柜"}), True))
    assert checks["agree.product_name"]["status"] == "fail"
    assert checks["agree.word.product_name"]["status"] == "pass"
    fields = good_fields() | {"product_name": leaf("智能配柜")}  # the summary alone: as before
    assert by_rule(run_checks(fields, True))["agree.product_name"]["status"] == "fail"


@pytest.mark.parametrize(
    ("raw", "status"),
    [("2", "fail"), ("二", "unsure"), ("两", "fail")],  # 一/二 differ by a stroke; 2 and 两 do not
)
def test_a_count_one_off_its_items(raw, status):
    fields = good_fields()
    fields["patents_domestic.count"] = {**leaf(2), "raw": raw}
    checks = by_rule(run_checks(fields, summary_matched=True))
    assert checks["count.patents_domestic"]["status"] == status


def test_a_count_the_reading_took_from_its_items_is_unsure_not_passed():
    """二 read, one patent listed: the reading says 1 (一 misread?), but the form may say 2."""
    fields = good_fields()
    fields["patents_domestic.count"] = {**leaf(1), "raw": "1", "read_as": "二"}
    checks = by_rule(run_checks(fields, summary_matched=True))
    assert checks["count.patents_domestic"]["status"] == "unsure"
    assert "填写 2 项，实际列出 1 项" in checks["count.patents_domestic"]["detail"]
    fields["patents_domestic.count"]["read_as"] = "一"  # read as the items say: nothing in doubt
    checks = by_rule(run_checks(fields, summary_matched=True))
    assert checks["count.patents_domestic"]["status"] == "pass"


def test_a_count_agreeing_with_the_numbers_passes_when_names_split_further():
    fields = good_fields()
    fields["patents_domestic[1].name"] = leaf("另一部分")
    checks = by_rule(run_checks(fields, summary_matched=True))
    assert checks["count.patents_domestic"]["status"] == "pass"


@pytest.mark.parametrize(
    ("change", "rule", "words"),
    [
        (
            {"credit_code": CODE[:-1] + ("0" if CODE[-1] != "0" else "1")},
            "credit_code.checksum",
            "校验位",
        ),
        (
            {"patents_domestic[0].number": PATENT[:-1] + ("0" if PATENT[-1] != "0" else "1")},
            "patents_domestic.checksum",
            "专利号",
        ),
        ({"patents_domestic.count": 2}, "count.patents_domestic", "填写 2 项，实际列出 1 项"),
        ({"applicant_sealed": False}, "seal.applicant", "申报单位公章"),
        ({"city_recommendation_sealed": False}, "seal.city_recommendation", "市州市场监管部门公章"),
        ({"summary.sealed": False}, "seal.summary", "汇总表"),
        ({"decl_sealed": False}, "seal.declaration", "自我声明"),
        ({"summary.product_name": "低温乳制品"}, "agree.product_name", "汇总表为“低温乳制品”"),
        ({"summary.industry": "C1441"}, "agree.industry", "行业分类代码"),
        ({"rd_ratio_pct": 9.5}, "rd_ratio.consistent", "计算为 5.0%"),
        ({"filing_date": "2024-06-20"}, "dates.in_window.filing_date", "不在本次申报期内"),
        ({"serious_dishonesty_listed": True}, "flag.serious_dishonesty", "严重失信"),
        ({"abnormal_operation_listed": True}, "flag.abnormal_operation", "经营异常"),
        ({"decl_serious_illegal_listed": True}, "flag.declaration_illegal", "严重违法失信"),
    ],
)
def test_each_rule_fails_with_a_chinese_message(change, rule, words):
    fields = good_fields()
    for key, value in change.items():
        fields[key] = leaf(value)
    checks = by_rule(run_checks(fields, summary_matched=True))
    assert checks[rule]["status"] == "fail" and words in checks[rule]["detail"]
    failed = [c["rule"] for c in checks.values() if c["status"] == "fail"]
    assert failed == [rule]
    statuses = reviewed(fields, list(checks.values()))
    assert all(statuses[lf] == "needs_review" for lf in checks[rule]["fields"])


def test_a_warning_is_reported_but_sends_nothing_to_review():
    fields = good_fields()
    fields["decl_quality_penalty"] = leaf(True)
    checks = run_checks(fields, summary_matched=True)
    warning = by_rule(checks)["flag.declaration_penalty"]
    assert warning["status"] == "fail" and warning["severity"] == "warning"
    assert reviewed(fields, checks)["decl_quality_penalty"] == "auto_accepted"


def test_no_summary_row_fails_and_agreement_is_not_applicable():
    fields = {k: v for k, v in good_fields().items() if not k.startswith("summary.")}
    checks = by_rule(run_checks(fields, summary_matched=False))
    assert checks["summary.row"]["status"] == "fail"
    assert checks["agree.entity_name"]["status"] == "not_applicable"


def test_a_missing_city_seal_is_caught_on_a_missing_leaf_only_when_read():
    fields = good_fields()
    fields["city_recommendation_sealed"] = {"value": None, "status": "missing", "confidence": 0.0}
    assert "seal.city_recommendation" not in by_rule(run_checks(fields, summary_matched=True))


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"id": "x", "kind": "guess", "message": "m"}, "kind must be one of"),
        (
            {"id": "x", "kind": "flag", "severity": "fatal", "message": "m"},
            "severity must be one of",
        ),
        ({"kind": "flag", "message": "m"}, "id and message are required"),
    ],
)
def test_bad_rule_entries_fail_clearly(entry, message):
    with pytest.raises(RuleError, match=message):
        parse_rules({"rules": [entry]}, "test.yaml")


def summary_file(path, header, rows):
    wb = Workbook()
    ws = wb.active
    ws.append(["“湖北精品”培育推荐汇总表"])
    ws.append(["填报单位（加盖公章）：武汉市市场监督管理局"])
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return read_summary(path, load_template(FORM).catalogue["summary"], summary_labels())


def test_summary_with_shuffled_extra_columns_and_a_blank_row(tmp_path):
    labels = summary_labels()
    header = [
        "备注",
        labels["product_name"],
        labels["entity_name"],
        labels["seq"],
        labels["industry"],
        labels["executed_standard"],
        labels["location"],
        labels["contact"],
    ]
    rows = [
        [
            "",
            "智能配电柜",
            "武汉甲科技有限公司",
            1,
            "C3811",
            "GB/T 1234-2020",
            "武汉市江岸区",
            "张三",
        ],
        ["", "", "", "", "", "", "", ""],
        [
            "重点",
            "低温乳制品",
            "武汉乙食品有限公司",
            2,
            "C1441",
            "T/HBAS 012-2023",
            "武汉市洪山区",
            "李四",
        ],
    ]
    table = summary_file(tmp_path / "s.xlsx", header, rows)
    assert table["filled_by"] == "武汉市市场监督管理局"
    assert [r["entity_name"] for r in table["rows"]] == ["武汉甲科技有限公司", "武汉乙食品有限公司"]
    assert (
        table["rows"][1]["product_name"] == "低温乳制品" and table["rows"][1]["industry"] == "C1441"
    )
    assert match_row(table["rows"], "武汉乙食品有限公司")[0] == 1
    assert match_row(table["rows"], "武汉丙机械有限公司") is None  # an applicant with no row


def test_rule_names_are_unique_per_record():
    fields = good_fields()
    fields["patents_domestic.count"] = leaf(2)
    fields["patents_domestic[1].number"] = leaf(patent_number(random.Random(9)))
    names = [c["rule"] for c in run_checks(fields, summary_matched=True)]
    assert len(names) == len(set(names))


def test_a_cn_publication_number_has_no_check_digit_to_fail():
    from pipeline.checks import is_valid_cn_patent

    assert is_valid_cn_patent("CN111729844B")
    digits = "201910123456"
    verdicts = [is_valid_cn_patent(f"ZL{digits}.{d}") for d in "0123456789X"]
    assert verdicts.count(True) == 1  # an application number still needs its one check digit


def test_a_repaired_identifier_is_unsure_unless_another_source_agrees():
    fields = good_fields()
    fields["credit_code"] = {**leaf(CODE), "method": "repaired", "raw": "O" + CODE[1:]}
    checks = by_rule(run_checks(fields, summary_matched=True))
    assert checks["credit_code.checksum"]["status"] == "unsure"
    assert "修正为" in checks["credit_code.checksum"]["detail"]
    assert reviewed(fields, list(checks.values()))["credit_code"] == "needs_review"
    confirmed = by_rule(
        run_checks(
            with_word_version(
                good_fields() | {"credit_code": {**leaf(CODE), "method": "repaired"}},
                {"credit_code": CODE},
            ),
            True,
        )
    )
    assert confirmed["credit_code.checksum"]["status"] == "pass"


def test_a_wrong_check_character_read_alike_in_the_word_version_fails():
    """The scan's code repaired to a valid one, the Word version (typed, never repaired) saying
    what the scan read before the repair: the applicant wrote it so. The checksum fails with
    the written code; the two sources' agreement on it is no failure of theirs (unsure)."""
    written = CODE[:-1] + ("0" if CODE[-1] != "0" else "1")
    scanned = {**leaf(CODE), "method": "repaired", "raw": written}
    fields = with_word_version(good_fields() | {"credit_code": scanned}, {"credit_code": written})
    checks = by_rule(run_checks(fields, summary_matched=True))
    assert checks["credit_code.checksum"]["status"] == "fail"
    assert written in checks["credit_code.checksum"]["detail"]
    assert checks["agree.word.credit_code"]["status"] == "unsure"
    # typed otherwise in the Word version: a disagreement of the sources, as before
    other = with_word_version(good_fields() | {"credit_code": scanned}, {"credit_code": CODE[::-1]})
    checks = by_rule(run_checks(other, summary_matched=True))
    assert checks["credit_code.checksum"]["status"] == "unsure"
    assert checks["agree.word.credit_code"]["status"] == "fail"


def test_the_cover_and_the_table_disagreeing_is_a_misreading_for_review_not_a_failure():
    fields = {**good_fields(), "applicant_unit": leaf("武汉甲科技有限公")}
    checks = by_rule(run_checks(fields, summary_matched=True))
    assert checks["agree.applicant_unit"]["status"] == "unsure"
    assert "fail" not in {c["status"] for c in checks.values()}
    assert reviewed(fields, list(checks.values()))["applicant_unit"] == "needs_review"


@pytest.mark.parametrize(
    ("read", "status"), [("十堰市市场监督管理局", "pass"), ("主堰市市场监督管理局", "unsure")]
)
def test_the_regulator_is_the_city_whose_folder_the_form_came_in(read, status):
    fields = {**good_fields(), "city_regulator": leaf(read), BATCH_CITY: leaf("十堰市")}
    checks = by_rule(run_checks(fields, summary_matched=True))
    assert checks["city.regulator"]["status"] == status


@pytest.mark.parametrize(
    ("value", "confidence"),
    [("2024年0月03日", 0.99), ("2024-06-20", 0.42)],  # no such day; a doubtful reading
)
def test_a_date_misread_is_unsure_not_outside_the_window(value, confidence):
    fields = good_fields()
    fields["filing_date"] = {**leaf(value), "confidence": confidence}
    checks = by_rule(run_checks(fields, summary_matched=True))
    assert checks["dates.in_window.filing_date"]["status"] == "unsure"
    assert reviewed(fields, list(checks.values()))["filing_date"] == "needs_review"


def test_a_count_its_items_numbering_agrees_with_is_unsure_where_an_item_was_not_read():
    fields = good_fields()
    fields["patents_domestic.count"] = {**leaf(2), "raw": "2", "evidence": {"items_numbered": 2}}
    checks = by_rule(run_checks(fields, summary_matched=True))
    assert checks["count.patents_domestic"]["status"] == "unsure"
    fields["patents_domestic.count"]["evidence"]["items_numbered"] = 1  # numbered as listed
    assert by_rule(run_checks(fields, True))["count.patents_domestic"]["status"] == "fail"


@pytest.mark.parametrize(("ocr", "status"), [(0.9999, "fail"), (0.98, "unsure")])
def test_a_wrong_check_character_read_surely_fails_without_a_second_source(ocr, status):
    """Read at 0.9999 the code is as written, and the applicant's wrong check character fails;
    at 0.98 an OCR misreading is as likely, and a person looks."""
    written = CODE[:-1] + ("0" if CODE[-1] != "0" else "1")
    scanned = {**leaf(CODE), "method": "repaired", "raw": written, "evidence": {"ocr": ocr}}
    checks = by_rule(run_checks(good_fields() | {"credit_code": scanned}, summary_matched=True))
    assert checks["credit_code.checksum"]["status"] == status
    assert written in checks["credit_code.checksum"]["detail"]


@pytest.mark.parametrize(("clear", "status"), [(True, "fail"), (False, "unsure")])
@pytest.mark.parametrize("replaced", [True, False])
def test_a_count_one_stroke_off_fails_where_no_line_runs_under_its_numeral(clear, status, replaced):
    """二 beside one patent: on an underline OCR may have read 一 and the line as 二, and a
    person looks; on none, 二 was written, and the miscount fails. (``replaced``: the
    reading took the count from its items and kept 二 as ``read_as``.)"""
    fields = good_fields()
    entry = {**leaf(1), "raw": "1", "read_as": "二"} if replaced else {**leaf(2), "raw": "二"}
    fields["patents_domestic.count"] = {**entry, "evidence": {"numeral_clear": 1} if clear else {}}
    checks = by_rule(run_checks(fields, summary_matched=True))
    assert checks["count.patents_domestic"]["status"] == status
    assert "填写 2 项，实际列出 1 项" in checks["count.patents_domestic"]["detail"]
