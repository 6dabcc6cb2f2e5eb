"""Card ids that changed, old -> new, so a study database can carry review history over.

Week 6's cloze ids were ordinal (``w06.concept.04.c2``) until cloze ids began to follow their fact
(``w06.concept.04.c-30000-32767``). Old ids missing here hid something that is no longer a cloze
(an example name, a bare number word, a word the card showed anyway): their cards are retired.
"""

from __future__ import annotations

RENAMED_IDS: dict[str, str] = {
    "w06.concept.01.c1": "w06.concept.01.c-ephemeral",
    "w06.concept.01.c2": "w06.concept.01.c-rolling-update",
    "w06.concept.01.c3": "w06.concept.01.c-virtual-ip",
    "w06.concept.01.c4": "w06.concept.01.c-dns",
    "w06.concept.02.c1": "w06.concept.02.c-service",
    "w06.concept.02.c2": "w06.concept.02.c-clusterip",
    "w06.concept.03.c2": "w06.concept.03.c-clusterip",
    "w06.concept.04.c1": "w06.concept.04.c-nodeport",
    "w06.concept.04.c2": "w06.concept.04.c-30000-32767",
    "w06.concept.04.c3": "w06.concept.04.c-loadbalancer",
    "w06.concept.05.c1": "w06.concept.05.c-loadbalancer",
    "w06.concept.05.c2": "w06.concept.05.c-pending",
    "w06.concept.06.c1": "w06.concept.06.c-externalname",
    "w06.concept.06.c2": "w06.concept.06.c-dns",
    "w06.concept.06.c3": "w06.concept.06.c-cname",
    "w06.concept.07.c1": "w06.concept.07.c-label-selectors",
    "w06.concept.08.c2": "w06.concept.08.c-kubectl-get-endpoints",
    "w06.concept.09.c1": "w06.concept.09.c-service-name-namespace-svc-clust",
    "w06.concept.10.c4": "w06.concept.10.c-30000-32767",
    "w06.concept.11.c1": "w06.concept.11.c-clusterip-none",
    "w06.concept.11.c2": "w06.concept.11.c-statefulsets",
}
# Retired (no new card hides the same fact):
RETIRED_IDS: tuple[str, ...] = (
    "w06.concept.03.c1",
    "w06.concept.07.c2",
    "w06.concept.08.c1",
    "w06.concept.09.c2",
    "w06.concept.09.c3",
    "w06.concept.10.c1",
    "w06.concept.10.c2",
    "w06.concept.10.c3",
)
