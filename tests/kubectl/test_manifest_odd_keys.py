"""A manifest's keys are whatever YAML read: a float or null as a key is named in the reasons,
never a crash (a float key used to raise TypeError while the reason was written)."""

from __future__ import annotations

import pytest

from drills.kubectl import check

HEAD = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n"


@pytest.mark.parametrize("key,shown", [("1.5", "data.1.5"), ("null", "data.None")])
def test_an_odd_key_one_side_sets_is_named(key, shown):
    v = check(HEAD + "  mode: fast\n", HEAD + f"  mode: fast\n  {key}: x\n")
    assert v.status == "incorrect"
    assert v.reasons == [f"{shown}: unexpected x (the expected manifest does not set it)"]
