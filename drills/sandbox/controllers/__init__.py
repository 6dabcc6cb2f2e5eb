"""Controllers: each a function run after every write until the sandbox stops changing."""

from __future__ import annotations

from drills.sandbox.controllers.jobs import reconcile_jobs
from drills.sandbox.controllers.pods import reconcile_claims, reconcile_namespaces, reconcile_pods
from drills.sandbox.controllers.policy import reconcile_policy
from drills.sandbox.controllers.services import reconcile_endpoints
from drills.sandbox.quota import reconcile_quotas
from drills.sandbox.controllers.workloads import (
    reconcile_daemonsets,
    reconcile_deployments,
    reconcile_replicasets,
    reconcile_statefulsets,
)

RECONCILERS = [reconcile_namespaces, reconcile_deployments, reconcile_replicasets, reconcile_statefulsets,
               reconcile_daemonsets, reconcile_jobs, reconcile_claims, reconcile_pods, reconcile_endpoints,
               reconcile_policy, reconcile_quotas]
