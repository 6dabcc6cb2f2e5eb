"""The sliver of OpenAPI v3 kubectl reads: per group version, a PATCH operation for each kind that
lists the `fieldValidation` query parameter. kubectl then leaves validation to the server
(`?fieldValidation=Strict`) instead of downloading schemas, and falls back to its built-in types for
client-side apply's strategic merge. (`kubectl explain` needs the schemas and is not served.)"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from typing import Any

from drills.sandbox.discovery import group_versions, served


def _gv_path(group: str, version: str) -> str:
    return f"apis/{group}/{version}" if group else f"api/{version}"


@lru_cache(maxsize=None)
def gv_document(group: str, version: str) -> dict[str, Any] | None:
    paths: dict[str, Any] = {}
    for s in served():
        if (s.res.group, s.res.version) != (group, version) or not s.stored:
            continue
        ns = "namespaces/{namespace}/" if s.res.namespaced else ""
        paths[f"/{_gv_path(group, version)}/{ns}{s.res.plural}/{{name}}"] = {"patch": {
            "x-kubernetes-group-version-kind": {"group": group, "version": version, "kind": s.res.kind},
            "parameters": [{"name": "fieldValidation", "in": "query", "schema": {"type": "string"}},
                           {"name": "dryRun", "in": "query", "schema": {"type": "string"}}],
            "responses": {"200": {"description": "OK"}}}}
    if not paths:
        return None
    return {"openapi": "3.0.0", "info": {"title": "Kubernetes", "version": "v1.37.1"}, "paths": paths,
            "components": {"schemas": {}}}


@lru_cache(maxsize=1)
def root() -> dict[str, Any]:
    paths = {}
    for g, v in group_versions():
        doc = gv_document(g, v)
        digest = hashlib.sha256(json.dumps(doc, sort_keys=True).encode()).hexdigest()[:32].upper()
        paths[_gv_path(g, v)] = {"serverRelativeURL": f"/openapi/v3/{_gv_path(g, v)}?hash={digest}"}
    return {"paths": paths}


def document(path: str) -> dict[str, Any] | None:
    """The document for `/openapi/v3` or `/openapi/v3/api/v1`, `/openapi/v3/apis/G/V`; None if unknown."""
    parts = [p for p in path.split("/") if p][2:]
    if not parts:
        return root()
    if parts[0] == "api" and len(parts) == 2:
        return gv_document("", parts[1])
    if parts[0] == "apis" and len(parts) == 3:
        return gv_document(parts[1], parts[2])
    return None
