"""Templates are checked when loaded; a bad entry names itself."""

import pytest

from extractors.template import TemplateError, load_template, parse_template
from jingpin.demo import FORM


def catalogue():
    return load_template(FORM).catalogue


def test_shipped_template_covers_every_form_leaf():
    template = load_template(FORM)
    for doc in ("application", "declaration"):
        keys = {r.key for r in template.documents[doc].rules}
        assert keys == set(template.catalogue[doc])


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (
            {"no_such_leaf": {"relation": "after", "label": "x"}},
            "application.no_such_leaf: no such field",
        ),
        (
            {"report_no": {"relation": "beside", "label": "x"}},
            "application.report_no: relation must be one of",
        ),
        ({"report_no": {"relation": "after"}}, "application.report_no: a label is required"),
        ({"report_no": {"relation": "pattern", "label": "x"}}, "needs a pattern"),
        (
            {"report_no": {"relation": "pattern", "label": "x", "pattern": "(?P<v>.*)"}},
            "lacks groups ['value']",
        ),
        (
            {"report_no": {"relation": "pattern", "label": "x", "pattern": "(unclosed"}},
            "bad pattern regex",
        ),
        (
            {
                "patents_domestic": {
                    "relation": "list",
                    "label": "x",
                    "attrs": {"number": "专利号"},
                }
            },
            "attrs must give an anchor for each item attribute ['name', 'number']",
        ),
    ],
)
def test_bad_entries_fail_with_clear_message(entry, message):
    with pytest.raises(
        TemplateError, match=message.replace("[", r"\[").replace("]", r"\]").replace("(", r"\(")
    ):
        parse_template({"form": "t", "documents": {"application": {"fields": entry}}}, catalogue())


def test_unknown_document_rejected():
    with pytest.raises(TemplateError, match="unknown document 'annex9'"):
        parse_template({"documents": {"annex9": {"fields": {}}}}, catalogue())


def test_the_cover_date_is_found_in_digits_or_chinese_numerals():
    rule = next(
        r for r in load_template(FORM).documents["application"].rules if r.key == "filing_date"
    )
    for text in ("2024年07月05日", "二〇二四年七月四日", "2024 年 7 月 4 月", "2024-07月11日"):
        assert rule.pattern.search(text), text
