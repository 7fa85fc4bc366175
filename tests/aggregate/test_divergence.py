"""Divergence: 0 for parties that agree, higher the more they are opposed."""

from crossroads.aggregate.divergence import divergence
from crossroads.model import Position


def position(balance: float, critical: float, frames: dict[str, float]) -> Position:
    return Position(
        party="X",
        valence="neutral",
        frames=list(frames),
        evidence=[],
        summary="",
        balance=balance,
        critical_share=critical,
        frame_weights=frames,
    )


def test_agreeing_parties_score_zero() -> None:
    a = position(1.0, 0.0, {"pragmatic": 1.0})
    b = position(1.0, 0.0, {"pragmatic": 1.0})
    assert divergence(a, b)[0] == 0.0


def test_opposed_parties_score_near_one() -> None:
    a = position(1.0, 0.0, {"pragmatic": 1.0})
    b = position(-1.0, 1.0, {"security": 1.0})
    value, parts = divergence(a, b)
    assert value == 1.0
    assert parts["stance_gap"] == 1.0


def test_mutual_criticism_is_a_dispute_even_with_equal_balances() -> None:
    a = position(-1.0, 1.0, {"legal": 1.0})
    b = position(-1.0, 1.0, {"legal": 1.0})
    value, parts = divergence(a, b)
    assert parts["stance_gap"] == 0.0
    assert value >= 0.8


def test_divergence_grows_with_the_stance_gap_and_is_symmetric() -> None:
    base = position(0.5, 0.0, {"security": 1.0})
    values = [divergence(base, position(b, 0.0, {"security": 1.0}))[0] for b in (0.5, 0.0, -0.5)]
    assert values == sorted(values) and values[0] < values[-1]
    other = position(-0.5, 0.5, {"values": 1.0})
    assert divergence(base, other)[0] == divergence(other, base)[0]


def test_different_grounds_add_divergence() -> None:
    a = position(0.0, 0.0, {"legal": 1.0})
    same = divergence(a, position(0.0, 0.0, {"legal": 1.0}))[0]
    different = divergence(a, position(0.0, 0.0, {"security": 1.0}))[0]
    assert different > same
