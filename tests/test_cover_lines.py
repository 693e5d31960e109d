"""Cover lines as applicants leave them: a misread bracket, a value on the next line."""

import pytest

from core.types import Seal
from extractors.blocks import text_block
from extractors.locate import (
    by_row,
    find_text,
    locate_after,
    locate_list,
    locate_right,
    locate_seal,
    scoped,
    stop_patterns,
)
from extractors.template import Rule, load_template
from jingpin.demo import FORM


def _line(y: float, text: str, x0: float = 160.0, x1: float = 700.0):
    return text_block(1, (x0, y, x1, y + 48.0), text, is_cell=False)


def _rule(doc: str, key: str) -> Rule:
    """The shipped template's rule for ``key``."""
    return next(r for r in load_template(FORM).documents[doc].rules if r.key == key)


def _after(blocks: list, label: str):
    """The value the ``after`` relation reads for ``label`` among ``blocks``."""
    return locate_after(blocks, Rule("leaf", "after", label), find_text(blocks, (label,)))


def _right(blocks: list, rule: Rule):
    return locate_right(blocks, rule, find_text(blocks, (rule.label,)))


def test_a_label_with_a_misread_bracket_still_ends_at_its_colon():
    blocks = [_line(100, "申报单位(盖章泉:武汉某某有限公司")]
    ev = _after(blocks, "申报单位(盖章)")
    assert ev is not None and ev.raw == "武汉某某有限公司"


def test_a_value_on_the_next_line_whose_box_overlaps_the_labels():
    """OCR boxes of two lines often overlap by a few pixels."""
    label, value = _line(100, "申报产品/服务名称:"), _line(144, "某某产品", 290.0, 490.0)
    ev = _after([label, value], "申报产品/服务名称")
    assert ev is not None and ev.raw == "某某产品" and ev.fallback


def test_an_unrelated_line_further_down_is_not_the_value():
    label, far = _line(100, "申报产品/服务名称:"), _line(260, "某某产品", 290.0, 490.0)
    ev = _after([label, far], "申报产品/服务名称")
    assert ev is not None and ev.blank


def test_a_label_cell_cut_by_a_page_break_is_found_by_its_head():
    cut = text_block(3, (400.0, 1300.0, 560.0, 1500.0), "1.2.3 产品或服务的知名度、", True)
    other = text_block(3, (400.0, 1100.0, 560.0, 1290.0), "1.2.2 产品或服务市场供求", True)
    hits = find_text([other, cut], ("知名度、美誉度情况", "产品或服务的知名度、美誉度情况"))
    assert [h.block for h in hits] == [cut]


@pytest.mark.parametrize(
    ("label", "beyond", "value"),
    [
        # an applicant's copy of the form split the value cell in two
        ("经营主体规模", "(依据规定填写)☑大型 ☐中型", "(依据规定填写)☑大型 ☐中型"),
        # the evidence column, which never holds boxes: the value stays blank
        ("注册商标名称", "商标注册证", ""),
    ],
)
def test_an_empty_value_cell_gives_way_only_to_tick_boxes(label, beyond, value):
    row = [
        text_block(3, (230.0, 400.0, 560.0, 580.0), label, True),
        text_block(3, (566.0, 400.0, 940.0, 580.0), "", True),
        text_block(3, (946.0, 400.0, 1240.0, 580.0), beyond, True),
    ]
    ev = _right(row, Rule("leaf", "right", label))
    assert ev is not None and ev.raw == value


def test_a_colon_read_as_a_dot_is_not_part_of_the_value():
    blocks = [_line(100, "市州市场监管部门·武汉市市场监督管理局")]
    ev = _after(blocks, "市州市场监管部门")
    assert ev is not None and ev.raw == "武汉市市场监督管理局"


def test_another_lists_head_ends_a_list_even_without_its_unit():
    rule = _rule("application", "quality_awards_national")
    text = "国家级1项，奖项名称甲奖，颁发部门某部；省部级—；"
    assert any(
        p.search(text) and p.search(text).group(0).startswith("省部级")
        for p in stop_patterns(load_template(FORM).documents["application"], rule)
    )


def test_a_lone_letter_after_a_label_is_a_seal_stroke_and_the_value_is_below():
    label, value = _line(100, "申报单位(盖章)M"), _line(146, "某某科技有限公司", 290.0, 600.0)
    ev = _after([label, value], "申报单位(盖章)")
    assert ev is not None and ev.raw == "某某科技有限公司"


def test_a_merged_cell_ends_where_the_next_label_begins_and_is_left_for_it():
    rule = _rule("declaration", "decl_contact")
    label = text_block(1, (157.0, 385.0, 422.0, 418.0), "联系人及职务", True)
    merged = text_block(
        1, (426.0, 385.0, 1231.0, 417.0), "张三/质量部经理 联系电话 13000000000", True
    )
    ev = _right([label, merged], rule)
    assert ev is not None and ev.raw == "张三/质量部经理" and ev.consumed == ()


def test_a_deleted_question_is_answered_by_the_cell_right_of_its_row_label():
    rule = _rule("application", "innovation_strategy")
    row = text_block(4, (405.0, 510.0, 563.0, 641.0), "3.1.1 制定和执行创新战略情况", True)
    answer = text_block(4, (568.0, 510.0, 1116.0, 641.0), "☑ ☐", True)
    assert find_text([row, answer], (rule.label,)) == []
    ev = by_row([row, answer], rule)
    assert ev is not None and ev.raw == "☑ ☐" and ev.fallback and ev.structure < 1


def test_a_count_written_as_a_dash_with_nothing_listed_reads_zero():
    """ "—项" OCR'd as 一项 with no item after it: none, sent to a person to confirm."""
    rule = _rule("application", "brand_certs")
    block = text_block(
        3, (568.0, 1652.0, 1117.0, 1817.0), "品牌认证数量一项,证书名称,证书编号;", True
    )
    doc = load_template(FORM)
    count = locate_list(
        doc.documents["application"], rule, doc.catalogue["application"]["brand_certs"], [block]
    )[0]
    assert count.raw == "0" and count.structure < 1


def test_a_count_one_stroke_off_its_items_is_taken_from_them_and_keeps_what_was_read():
    """二项 with one certificate: 一 misread, or the applicant's miscount. The count is the
    items' and ``read_as`` keeps 二 for the count rule (unsure, not a pass)."""
    rule = _rule("application", "brand_certs")
    block = text_block(
        3,
        (568.0, 1652.0, 1117.0, 1817.0),
        "品牌认证数量二项,证书名称品牌认证,证书编号PJ1234567;",
        True,
    )
    doc = load_template(FORM)
    count = locate_list(
        doc.documents["application"], rule, doc.catalogue["application"]["brand_certs"], [block]
    )[0]
    assert count.raw == "1" and count.read_as == "二" and count.structure < 1


def test_a_short_head_of_a_label_is_another_fields_label_not_a_cut_one():
    table = text_block(1, (157.0, 318.0, 422.0, 349.0), "经营主体名称", True)
    assert find_text([table], ("经营主体名称(盖章)",)) == []


def test_a_seal_over_its_own_label_is_still_the_pages_seal_for_a_person():
    """The 自我声明's '经营主体名称（盖章）' OCR'd as '经营主体名称(言产)' under the seal."""
    rule = _rule("declaration", "decl_sealed")
    lines = [
        _line(1100, "并对材料的真实性、有效性负责,特此声明。"),
        _line(1190, "经营主体名称(言产)"),
    ]
    seal = Seal((1035.0, 1094.0, 1306.0, 1366.0), "red", 1.0)
    ev = locate_seal(scoped(lines, rule), rule, [], {1: [seal]}, {1: 171})
    assert ev is not None and ev.raw is True and ev.fallback
    assert locate_seal(scoped(lines, rule), rule, [], {1: []}, {1: 171}).raw is False
