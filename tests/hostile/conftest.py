"""Every hostile-input test runs under a memory cap: a regression (an alias bomb expanded, /dev/zero
read to the end) fails with MemoryError instead of exhausting a machine shared with other work."""

from __future__ import annotations

import resource

import pytest

HEADROOM = 768 * 1024 * 1024


def _virtual_size() -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


@pytest.fixture(autouse=True)
def memory_cap():
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = _virtual_size() + HEADROOM
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
