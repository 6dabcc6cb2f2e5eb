"""Kubernetes API paths to (resource, namespace, name, subresource)."""

from __future__ import annotations

from dataclasses import dataclass

from drills.sandbox import discovery
from drills.sandbox.discovery import Served


@dataclass(frozen=True)
class Route:
    """One resource path: `/api/v1/namespaces/NS/pods/NAME/log` -> (pods, NS, NAME, "log")."""

    served: Served
    namespace: str = ""
    name: str = ""
    sub: str = ""

    def to_dict(self) -> dict[str, str]:
        return {"resource": self.served.key, "namespace": self.namespace, "name": self.name, "sub": self.sub}


def parse_route(path: str) -> Route | None:
    parts = [p for p in path.split("/") if p]
    if len(parts) >= 2 and parts[0] == "api":
        group, version, rest = "", parts[1], parts[2:]
    elif len(parts) >= 3 and parts[0] == "apis":
        group, version, rest = parts[1], parts[2], parts[3:]
    else:
        return None
    namespace = ""
    if len(rest) >= 3 and rest[0] == "namespaces":
        s = discovery.find(group, version, rest[2])
        if s is not None and s.res.namespaced:
            namespace, rest = rest[1], rest[2:]
    if not rest or len(rest) > 3:
        return None
    s = discovery.find(group, version, rest[0])
    if s is None:
        return None
    return Route(s, namespace, rest[1] if len(rest) > 1 else "", rest[2] if len(rest) > 2 else "")
