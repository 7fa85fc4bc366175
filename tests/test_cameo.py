"""The CAMEO codebook table: every code, its Goldstein weight and quad class."""

import pytest

from crossroads.cameo import cameo_table, goldstein, lookup, quad_class_of


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
    # GDELT's QuadClass boundaries: 04|05 and 13|14 are where the classes change.
    assert [quad_class_of(c) for c in ("042", "051", "062", "112", "130", "141", "173")] == [
        1,
        2,
        2,
        3,
        3,
        4,
        4,
    ]
    for entry in cameo_table().values():
        assert entry.quad_class == quad_class_of(entry.code)
        assert -10.0 <= entry.goldstein <= 10.0
        assert entry.root == entry.code[:2]


def test_unknown_codes_fail_loudly() -> None:
    with pytest.raises(KeyError):
        goldstein("999")
    with pytest.raises(ValueError):
        quad_class_of("21")
