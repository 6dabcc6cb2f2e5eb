#!/usr/bin/env python3
"""Benchmark placeholder matching on hostile sizes against the regex matcher it replaced.

    python bench/placeholders.py

For each shape (one long flag value; many placeholders; repeated placeholders) and growing sizes, prints
the time of ``drills.kubectl.placeholders.match`` and of the old approach (a regular expression with one
lazy ``(.+?)`` group per placeholder and back-references for repeats), measured in the same run; the
old one is skipped once it passes 2 s. Also the same-run baseline of one ``str.find`` over the typed
value (the least any matcher must do), and the ratio to it. The old matcher runs in a child process
stopped after 5 s (it can take minutes), so its figure is then "> 5000".
"""

from __future__ import annotations

import platform
import re
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from drills.kubectl import placeholders  # noqa: E402
from drills.kubectl.tokenizer import PLACEHOLDER  # noqa: E402


def old_regex(expected: str, actual: str) -> bool:
    pattern, groups, pos = "", {}, 0
    for m in PLACEHOLDER.finditer(expected):
        pattern += re.escape(expected[pos:m.start()])
        ph = m.group(0)
        if ph in groups:
            pattern += f"(?P={groups[ph]})"
        else:
            groups[ph] = f"g{len(groups)}"
            pattern += f"(?P<{groups[ph]}>.+?)"
        pos = m.end()
    pattern += re.escape(expected[pos:])
    return re.fullmatch(pattern, actual, re.S) is not None


def timed(fn, *args) -> float:
    t0 = time.perf_counter()
    fn(*args)
    return time.perf_counter() - t0


SHAPES = {
    # a long flag value where the tag separator never comes
    "long value": lambda n: ("--env=<name>=<value>;", "--env=" + "a=" * (n // 2)),
    # many placeholders, separators that almost match
    "many placeholders": lambda n: ("".join(f"<p{i}>-" for i in range(40)) + "end", "-".join(["ab"] * (n // 3))),
    # a repeated placeholder: the choice matters, the bounded search runs
    "repeats": lambda n: ("".join(f"<p{i}>-<p{i}>" for i in range(10)), "-".join(["ab"] * (n // 3))),
}


def old_in_child(shape: str, n: int, limit: float = 5.0) -> str:
    code = (f"import sys; sys.path.insert(0, {str(Path(__file__).resolve().parent)!r}); import placeholders as b; "
            f"e, a = b.SHAPES[{shape!r}]({n}); print(b.timed(b.old_regex, e, a) * 1000)")
    try:
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=limit)
    except subprocess.TimeoutExpired:
        return f"> {limit * 1000:.0f}"
    return f"{float(out.stdout):.1f}"


def main() -> int:
    print(f"python {platform.python_version()} on {platform.machine()}; budget {placeholders.STEP_BUDGET} steps")
    print(f"{'shape':<18} {'chars':>7} {'new ms':>9} {'old ms':>10} {'find ms':>8} {'new/find':>9}")
    for name, make in SHAPES.items():
        old_gave_up = False
        for n in (1_000, 4_000, 16_000, 64_000):
            expected, actual = make(n)
            new = timed(placeholders.match, expected, actual, {})
            base = max(timed(actual.find, "\x00"), 1e-7)
            if old_gave_up:
                old_txt = "skipped"
            else:
                old_txt = old_in_child(name, n)
                old_gave_up = old_txt.startswith(">")
            print(f"{name:<18} {len(actual):>7} {new * 1000:>9.2f} {old_txt:>10} {base * 1000:>8.3f} "
                  f"{new / base:>8.0f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
