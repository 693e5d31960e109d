"""The Word path's planted discrepancies: each one what its kind says, recorded with its rule,
the kinds in turn, and the submissions without a plant left as they were drawn."""

import copy
import random
from dataclasses import replace

import pytest

from extractors import identifiers
from jingpin.demo import habits as hb
from jingpin.demo import values
from jingpin.demo import wordplants as wp
from pipeline.checks import load_rules


def applicant(seed: int) -> tuple[values.Applicant, hb.Habits]:
    rng = random.Random(seed)
    a = values.make_applicant(rng, "武汉市")
    values.add_summary(a, 1)
    return a, hb.draw_habits(rng)


def differing(a: str, b: str) -> list[int]:
    assert len(a) == len(b)
    return [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]


def test_every_plant_names_a_rule_of_the_form():
    rule_ids = {r.id for r in load_rules("hubei_jingpin_2024")}
    for kind in wp.PLANT_KINDS:
        a, h = applicant(3)
        a.lists["patents_domestic"] = a.lists["patents_domestic"] or [{"number": "x", "name": "y"}]
        out = wp.Plan()
        wp.plant(kind, a, h, out, random.Random(1), [])
        (p,) = out.planted
        assert p["kind"] == kind
        assert p["rule"].replace("count.patents_domestic", "count.{key}") in rule_ids


def test_a_wrong_check_character_fails_the_check():
    a, _ = applicant(5)
    for n in range(20):
        wrong = wp.wrong_check_char(a.leaves["credit_code"], random.Random(n))
        assert wrong[:17] == a.leaves["credit_code"][:17]
        assert not identifiers.is_valid_uscc(wrong)


def test_summary_plants_change_one_character_or_the_year():
    a, _ = applicant(7)
    name = a.leaves["entity_name"]
    for n in range(20):
        typo = wp.one_char_changed(name, random.Random(n), [name])
        assert len(differing(name, typo)) == 1 and typo.endswith("有限公司")
        assert typo[:2] == name[:2]  # the city stays
    assert wp.one_char_changed("武汉华宇科技有限公司", random.Random(0), ["武汉华宇科技有限公司"])
    assert wp.other_year("GB/T 1234-2015", random.Random(0))[:-4] == "GB/T 1234-"
    assert wp.other_year("GB/T 1234-2015", random.Random(0)) != "GB/T 1234-2015"


@pytest.mark.parametrize("style", ["plain", "comma", "unit", "yi"])
def test_a_sent_figure_differs_from_the_printed_one_by_one_typed_digit(style):
    _, h = applicant(9)
    h = replace(h, money_style=style)
    for wan in (6033.5, 23456.0, 123400.0, 980.25):
        for n in range(10):
            changed = wp.one_digit_changed(h, wan, random.Random(n))
            assert changed != wan
            before, after = hb.money(h, wan), hb.money(h, changed)
            if len(before) == len(after):
                assert len(differing(before, after)) == 1, (before, after)
            else:  # a last decimal set to 0 is not typed (6033.5 -> 6033), or 1.23亿 -> 0.23亿
                assert changed == round(changed) or "亿" in before, (before, after)


def test_kinds_in_turn_every_other_submission_and_the_city_forgetting_its_seal():
    planter = wp.Planter(seed=131)
    kinds, untouched = [], []
    for n in range(14):
        a, h = applicant(100 + n)
        a.lists["patents_domestic"] = a.lists["patents_domestic"] or [{"number": "x", "name": "y"}]
        if n == 5:
            a.leaves["city_recommendation_sealed"] = False  # the city forgot, unplanned
        before = copy.deepcopy(a.leaves)
        plan = planter.plan(n, a, h, send_docx=n != 4, others=[])
        kinds.append([p["kind"] for p in plan.planted])
        if not plan.planted:
            untouched.append(a.leaves == before and not plan.sent)
        if plan.sent:
            assert set(plan.sent) <= set(wp.SENT_NUMBERS) and a.leaves == before
        assert plan.city_seal_withheld == (kinds[-1] == ["no_city_seal"] and n != 5)
    assert kinds == [
        ["summary_entity_name"],
        [],
        ["summary_standard"],
        [],
        ["credit_code_check"],  # no .docx sent: docx_number waits for the next planted one
        ["no_city_seal"],  # recorded though not a planted turn
        ["docx_number"],
        [],
        ["count"],
        [],
        ["no_city_seal"],
        [],
        ["summary_entity_name"],  # the next round
        [],
    ]
    assert untouched and all(untouched)
    # the same seed plants the same
    again = wp.Planter(seed=131)
    a, h = applicant(100)
    b, _ = applicant(100)
    wp.Planter(seed=131).plan(0, a, h, True, [])
    again.plan(0, b, copy.deepcopy(h), True, [])
    assert a.leaves == b.leaves
