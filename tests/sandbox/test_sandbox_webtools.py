"""wget (busybox) and curl inside sandbox Pods read their command lines as the real tools do: options
that take a value, in every spelling a student types (``-O file``, ``-qO-``, ``--output-document=f``,
``-T 2``, ``-sSo f``, ``--max-time 2``), never turn that value into a URL."""

from __future__ import annotations

import pytest

from .conftest import Kubectl, requires_kubectl

pytestmark = requires_kubectl
WELCOME = "Welcome to nginx!"


@pytest.fixture(scope="module")
def web(kubectl: Kubectl) -> Kubectl:
    kubectl("create deployment web --image=nginx")
    kubectl("expose deployment web --port=80")
    kubectl("run box --image=busybox -- sleep 3600")
    kubectl("run curler --image=curlimages/curl -- sleep 3600")
    kubectl("wait --for=condition=Ready pod/box pod/curler --timeout=60s")
    return kubectl


@pytest.mark.parametrize("line", [
    "wget -qO- web",
    "wget -q -O - web",
    "wget -q -T 2 -O- web",
    "wget -qT 2 -O - http://web/",
    "wget --quiet --output-document=- web",
])
def test_wget_to_stdout(web: Kubectl, line: str) -> None:
    result = web(f"exec box -- {line}")
    assert WELCOME in result.stdout and result.stderr == ""


def test_wget_to_a_file_then_cat(web: Kubectl) -> None:
    saved = web("exec box -- wget -T 2 -O /tmp/page web")
    assert "saved" in saved.stderr and WELCOME not in saved.stdout
    assert WELCOME in web("exec box -- cat /tmp/page").stdout


@pytest.mark.parametrize("line,shown", [
    ("curl -s web", True),
    ("curl -sS --max-time 2 web", True),
    ("curl -s -m 2 -H 'Accept: text/html' web", True),
    ("curl -sSo /tmp/out web", False),
    ("curl --silent --output=/tmp/out2 web", False),
])
def test_curl_options_that_take_a_value_keep_it(web: Kubectl, line: str, shown: bool) -> None:
    result = web(f"exec curler -- {line}")
    assert (WELCOME in result.stdout) is shown and result.stderr == ""


def test_curl_without_a_url_is_a_usage_error(web: Kubectl) -> None:
    result = web("exec curler -- curl -s -m 2", ok=False)
    assert result.code == 2 and "curl --help" in result.stderr
