"""Deadlines, the order batches run in, and when a dropped folder counts as settled."""

from datetime import date

from core.config import load_settings
from pipeline.batches import Listing, SettleWatch, by_deadline, deadline_of, listing


def test_deadline_from_folder_file_then_config_then_default(tmp_path):
    inbox = tmp_path / "inbox"
    a, b, c = (inbox / n for n in ("武汉市-2024-07", "宜昌市-2024-07", "襄阳市-2024-07"))
    for folder in (a, b, c):
        folder.mkdir(parents=True)
    (a / "截止日期.txt").write_text("报送截止：2024年7月9日\n", encoding="utf-8")
    (inbox / "jingpin.toml").write_text(
        '[deadlines]\ndefault = "2024-07-15"\n"宜昌市-2024-07" = 2024-07-05\n', encoding="utf-8"
    )
    settings = load_settings(inbox=inbox, environ={"JINGPIN_CONFIG": str(tmp_path / "none.toml")})
    config = dict(settings.deadlines)
    assert deadline_of(a, config) == date(2024, 7, 9)
    assert deadline_of(b, config) == date(2024, 7, 5)
    assert deadline_of(c, config) == date(2024, 7, 15)
    assert [f.name for f in by_deadline([a, b, c], config)] == [
        "宜昌市-2024-07",
        "武汉市-2024-07",
        "襄阳市-2024-07",
    ]
    assert settings.schedule.timezone == "Asia/Shanghai"


def test_no_deadline_runs_last(tmp_path):
    x, y = tmp_path / "b", tmp_path / "a"
    x.mkdir()
    y.mkdir()
    (x / "deadline.txt").write_text("2024-07-10", encoding="utf-8")
    config = dict(load_settings(environ={"JINGPIN_CONFIG": str(tmp_path / "none.toml")}).deadlines)
    assert deadline_of(y, config) is None
    assert by_deadline([y, x], config) == [x, y]


def test_a_folder_is_reported_once_it_stops_changing():
    watch = SettleWatch(settle_seconds=10)
    copying = {"武汉市": Listing("s1", newest=100.0)}
    assert watch.settled(copying, now=101) == []
    assert watch.settled({"武汉市": Listing("s2", newest=108.0)}, now=109) == []  # still growing
    assert (
        watch.settled({"武汉市": Listing("s2", newest=108.0)}, now=115) == []
    )  # quiet for 6 s only
    assert watch.settled({"武汉市": Listing("s2", newest=108.0)}, now=120) == ["武汉市"]
    assert watch.settled({"武汉市": Listing("s2", newest=108.0)}, now=200) == []  # reported once
    changed = {"武汉市": Listing("s3", newest=205.0), "宜昌市": Listing("t1", newest=50.0)}
    assert watch.settled(changed, now=206) == []
    assert watch.settled(changed, now=216) == ["宜昌市", "武汉市"]


def test_listing_sees_new_and_grown_files(tmp_path):
    (tmp_path / "a").mkdir()
    first = listing(tmp_path)
    (tmp_path / "a" / "申报表.pdf").write_bytes(b"%PDF-1.4")
    second = listing(tmp_path)
    (tmp_path / "a" / "申报表.pdf").write_bytes(b"%PDF-1.4 more")
    third = listing(tmp_path)
    assert len({first.signature, second.signature, third.signature}) == 3
    assert third.newest >= second.newest > 0
