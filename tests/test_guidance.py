"""The form's guidance sentences taken out of values, wherever and however they were left."""

import pytest

from extractors.guidance import strip_guidance
from extractors.template import load_template
from jingpin.demo import FORM

GUIDANCE = load_template(FORM).documents["application"].guidance
ADDRESS_NOTE = (
    "（要求在湖北省行政区域内依法注册登记，总部、生产经营场所、研发基地在湖北，需提供营业执照）"
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (f"武昌区示例路1号{ADDRESS_NOTE}", "武昌区示例路1号"),  # after the value
        (f"{ADDRESS_NOTE}武昌区示例路1号", "武昌区示例路1号"),  # before it
        (ADDRESS_NOTE, ""),  # alone: the applicant wrote nothing
        # OCR: a character misread, a comma lost, spaces added
        (
            "武昌区示例路1号(要求在湖北省行政区域内依法注册登记总部、生产经营场所、研发基地在湖北,需提供营业执 照)",
            "武昌区示例路1号",
        ),
        # cut short by a page break
        ("(要求在湖北省行政区域内依法注册登记,总部、生产经营场所、研发", ""),
        ("武昌区示例路1号", "武昌区示例路1号"),  # nothing to take out
    ],
)
def test_guidance_removed(text, value):
    assert strip_guidance(text, GUIDANCE).text == value


def test_the_applicants_own_words_stay():
    text = "产品销往湖北省内外，提供营业执照复印件。"
    got = strip_guidance(text, GUIDANCE)
    assert got.text == text and got.removed == 0


def test_a_prompt_before_the_answer_is_removed():
    prompt = "在服务理念、服务模式方面的创新，或通过移动互联、云计算、云平台、电子商务、创意营销、智能化、产业链-供应链-价值链协同发展等开展服务或管理模式创新情况："
    assert strip_guidance(prompt + "开通线上客服。", GUIDANCE).text == "开通线上客服。"
