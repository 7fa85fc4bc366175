"""Issue taxonomies: the default one, a user's own file, and bad files."""

from pathlib import Path

import pytest

from crossroads.annotate.taxonomy import load_taxonomy
from crossroads.errors import TaxonomyError


def test_default_taxonomy_is_the_contracts() -> None:
    tax = load_taxonomy()
    assert tax.ids == [
        "alignment",
        "military-presence",
        "defense-cooperation",
        "governance",
        "economy",
        "regional-order",
        "diplomacy",
        "nontraditional-security",
        "other",
    ]
    assert tax.fallback == "other"


def test_a_custom_taxonomy_swaps_the_issues(tmp_path: Path) -> None:
    f = tmp_path / "water.yaml"
    f.write_text(
        "name: water\nissues:\n"
        "  - id: dams\n    label: Dams\n    description: Dams on shared rivers.\n"
        "    cues: {'dams?|reservoirs?': 2}\n"
        "  - id: fisheries\n    description: Fish stocks.\n    cues: {'fish\\\\w*': 2}\n",
        encoding="utf-8",
    )
    tax = load_taxonomy(f)
    assert tax.ids == ["dams", "fisheries", "other"]
    score, words = tax.issues[0].cues.score("Two new dams upstream worry farmers.")
    assert score == 2 and words == ["dams"]


def test_bad_taxonomy_files_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(TaxonomyError, match="no such taxonomy file"):
        load_taxonomy(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("issues: [{label: no id}]\n", encoding="utf-8")
    with pytest.raises(TaxonomyError) as err:
        load_taxonomy(bad)
    assert str(bad) in str(err.value) and "no 'id'" in str(err.value)


def test_the_relationship_issue_is_declared_and_checked(tmp_path: Path) -> None:
    assert load_taxonomy().relationship == "diplomacy"
    f = tmp_path / "t.yaml"
    f.write_text("relationship: ties\nissues:\n  - id: dams\n", encoding="utf-8")
    with pytest.raises(TaxonomyError, match="not one of its issues"):
        load_taxonomy(f)
