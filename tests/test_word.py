"""The Word version of the 申报表 is read by the same template, and disagreements are caught."""

import random

from extractors.template import load_template
from jingpin.demo import FORM, printer
from jingpin.demo.values import make_applicant
from jingpin.demo.word import write_docx
from pipeline.checks import run_checks, with_word_version
from pipeline.form import load_form
from pipeline.process import word_fields

KEYS = (
    "entity_name",
    "credit_code",
    "product_name",
    "executed_standard",
    "industry",
    "trademark",
    "contact_email",
    "patents_domestic.count",
    "scale",
)


def applicant():
    return make_applicant(random.Random(21), "武汉市")


def test_word_version_read_by_the_template(tmp_path):
    a = applicant()
    path = tmp_path / "申报表.docx"
    write_docx(a, printer.Marks("☑"), path)
    values = word_fields(path, "application", load_template(FORM))
    for key in KEYS:
        assert values[key] == a.leaves[key], key


def test_a_word_version_that_disagrees_in_one_number(tmp_path):
    a = applicant()
    scanned = {k: {"value": a.leaves[k], "status": "auto_accepted"} for k in KEYS}
    path = tmp_path / "申报表.docx"
    code = a.leaves["credit_code"]
    a.leaves["credit_code"] = code[:8] + ("1" if code[8] != "1" else "2") + code[9:]
    write_docx(a, printer.Marks("■"), path)
    word = word_fields(path, "application", load_template(FORM))
    checks = {
        c["rule"]: c
        for c in run_checks(with_word_version(scanned, word), False, load_form(FORM).rules)
    }
    assert checks["agree.word.credit_code"]["status"] == "fail"
    assert a.leaves["credit_code"] in checks["agree.word.credit_code"]["detail"]
    assert checks["agree.word.entity_name"]["status"] == "pass"


def test_a_word_version_keeps_a_wrong_check_character_as_typed(tmp_path):
    """Typed text has no OCR misreadings to repair: the code is the one typed, even where
    changing two characters would make it valid (as the scan's reading is repaired)."""
    a = applicant()
    typed = "91420300WPN5EQ016K"  # its check character is 6; 0→D, 1→L would validate it
    a.leaves["credit_code"] = typed
    path = tmp_path / "申报表.docx"
    write_docx(a, printer.Marks("☑"), path)
    assert word_fields(path, "application", load_template(FORM))["credit_code"] == typed
