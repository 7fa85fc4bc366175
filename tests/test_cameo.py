"""The CAMEO codebook table: every code, its Goldstein weight and quad class."""

from pathlib import Path

import duckdb
import pytest

import crossroads
from crossroads.cameo import cameo_table, describe, goldstein, lookup, quad_class_of, quad_class_sql


def test_every_root_and_its_subcodes_are_present() -> None:
    table = cameo_table()
    roots = {f"{r:02d}" for r in range(1, 21)}
    assert roots <= set(table)
    assert len(table) > 300
    for code in table:
        assert code[:2] in roots
        if len(code) == 4:
            assert code[:3] in table, f"{code} has no parent"


@pytest.mark.parametrize(
    ("code", "value"),
    [
        ("010", 0.0),
        ("036", 4.0),
        ("042", 1.9),
        ("043", 2.8),
        ("046", 7.0),
        ("057", 8.0),
        ("111", -2.0),
        ("112", -2.0),
        ("163", -8.0),
        ("172", -5.0),
        ("190", -10.0),
        ("0874", 10.0),
    ],
)
def test_goldstein_values_follow_the_scale(code: str, value: float) -> None:
    assert goldstein(code) == value


def test_names_and_quad_classes() -> None:
    assert lookup("042").name == "Make a visit"
    assert lookup("112").name.startswith("Accuse")
    # GDELT's QuadClass: 01-05 verbal cooperation, 06-09 material cooperation,
    # 10-14 verbal conflict, 15-20 material conflict.
    codes = ("042", "051", "062", "091", "100", "112", "141", "150", "173")
    assert [quad_class_of(c) for c in codes] == [1, 1, 2, 2, 3, 3, 3, 4, 4]
    for entry in cameo_table().values():
        assert entry.quad_class == quad_class_of(entry.code)
        assert -10.0 <= entry.goldstein <= 10.0
        assert entry.root == entry.code[:2]


def test_quad_class_sql_follows_the_same_rule() -> None:
    con = duckdb.connect()
    for root in range(1, 21):
        (quad,) = con.execute(f"SELECT {quad_class_sql(str(root))}").fetchone() or (None,)
        assert quad == quad_class_of(f"{root:02d}"), root
    assert con.execute(f"SELECT {quad_class_sql('21')}").fetchone() == (None,)


def test_describe_falls_back_to_the_base_then_the_root() -> None:
    assert describe("0871") == lookup("0871").name
    assert describe("0879") == lookup("087").name  # no such sub-code: its base
    assert describe("1999") == lookup("19").name
    assert describe(None) == ""
    assert describe("99") == ""


def test_only_the_cameo_module_reads_the_codebook() -> None:
    root = Path(crossroads.__file__).parent
    readers = sorted(
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "cameo.csv" in path.read_text(encoding="utf-8")
    )
    assert readers == ["cameo.py"]


def test_unknown_codes_fail_loudly() -> None:
    with pytest.raises(KeyError):
        goldstein("999")
    with pytest.raises(ValueError):
        quad_class_of("21")
