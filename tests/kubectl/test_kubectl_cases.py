"""The truth table in cases.py, judged by the checker: verdict and the token named in the reason."""

import pytest

from drills.kubectl import check
from kubectl_cases import CASES


def test_table_is_large_and_covers_every_verdict():
    assert len(CASES) >= 150
    assert {c[2] for c in CASES} == {"correct", "incorrect", "unreadable"}


@pytest.mark.parametrize("expected,answer,status,token", CASES, ids=[f"{i:03d}" for i in range(len(CASES))])
def test_case(expected, answer, status, token):
    v = check(expected, answer)
    assert v.status == status, (expected, answer, v)
    if status == "correct":
        assert v.reasons == []
        if token:
            assert any(token in n for n in v.notes), v.notes
    else:
        assert v.reasons, v
        assert any(token in r for r in v.reasons), (token, v.reasons)


def test_a_mistyped_subcommand_is_the_only_reason_not_buried_under_flag_noise():
    v = check("kubectl create deployment web --image=nginx --replicas=2",
              "kubectl create deploy/web --image=nginx --replicas=2")
    assert v.status == "incorrect"
    assert v.reasons == ["unknown command `kubectl create deploy/web` (did you mean create deployment?)"]
