"""A form chosen by name, and recognised from what a submission's documents say."""

from types import SimpleNamespace

import pytest

from jingpin.demo import FORM
from pipeline.form import FormError, FormNotRecognised, form_ids, load_form, recognise


def test_a_form_is_loaded_by_its_id():
    spec = load_form(FORM)
    assert spec.id == FORM and spec.template.form == FORM
    assert {r.id for r in spec.rules} >= {"credit_code.checksum", "ev.licence.required"}
    assert {k.kind for k in spec.evidence_kinds} >= {"licence", "patent"}
    assert load_form(FORM) is spec  # loaded once
    assert FORM in form_ids()


def test_an_unknown_form_is_a_clear_error():
    with pytest.raises(FormError, match=r"unknown form 'hubei_jingpin_2031'.*data/forms has"):
        load_form("hubei_jingpin_2031")


def test_the_form_is_recognised_from_its_documents_titles():
    pages = ["附件1\n“湖北精品”培育申报表\n申报单位（盖章）", "营业执照 统一社会信用代码"]
    assert recognise(pages).id == FORM
    assert recognise(["湖 北 精 品 标识使用授权申请自我声明"]).id == FORM  # OCR's spaces


def test_another_form_is_not_taken_for_this_one():
    other = ["2024年长江质量奖申报表", "经营主体名称 统一社会信用代码 申报单位（盖章）"]
    with pytest.raises(FormNotRecognised, match=rf"无法识别申报表类型.*{FORM}: 2 of 湖北精品"):
        recognise(other)
    with pytest.raises(FormNotRecognised):
        recognise([])


def _doc(text: str):
    """A document whose first page says ``text`` (the fields ``text_of`` reads)."""
    from core.types import PageRead, Token

    page = PageRead(
        number=1,
        width=1000,
        height=1000,
        dpi=300,
        source="text",
        tokens=[Token(text, (10.0, 10.0, 900.0, 40.0), 1.0)],
    )
    file = SimpleNamespace(media="pdf", path=None)
    return SimpleNamespace(error=None, file=file, pages=[page])


def test_a_submission_without_form_pages_takes_its_batchs_form():
    from pipeline.process import submission_forms

    forms = submission_forms([[_doc("“湖北精品”培育申报表")], [_doc("营业执照")]], [])
    assert [f.id for f in forms] == [FORM, FORM]
    with pytest.raises(FormNotRecognised):
        submission_forms([[_doc("营业执照")]], [_doc("长江质量奖推荐名单")])
