"""The sandbox's object store: every API object as a JSON dict, a resourceVersion counter and an
event log that watches read from.

One lock guards everything (objects, log, counters); the API handler and the controllers it runs
after each write hold it, so a request sees either none or all of a write and its consequences.
Memory is bounded: at most ``max_objects`` objects of at most ``max_object_bytes`` each, and an event
log of at most ``max_events`` entries (a watch older than the log gets 410 Gone, as from etcd).
"""

from __future__ import annotations

import builtins
import copy
import json
import threading
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

Obj = dict[str, Any]
Key = tuple[str, str, str]  # (resource key e.g. "deployments.apps", namespace or "", name)


class LimitExceeded(Exception):
    """A write that would break the store's memory bounds; the message is shown to the user."""


@dataclass
class Event:
    """One change: ADDED, MODIFIED or DELETED of ``obj`` (as stored after the change) at ``rv``."""

    rv: int
    type: str
    resource: str
    obj: Obj
    size: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"rv": self.rv, "type": self.type, "resource": self.resource, "obj": self.obj, "size": self.size}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Event:
        return cls(d["rv"], d["type"], d["resource"], d["obj"], d.get("size", 0))


@dataclass
class Limits:
    """Memory bounds of one sandbox (defaults hold a CKAD lab many times over)."""

    max_objects: int = 5000
    max_object_bytes: int = 512 * 1024
    max_events: int = 5000
    max_event_bytes: int = 32 * 1024 * 1024
    max_requests: int = 5000

    def to_dict(self) -> dict[str, int]:
        return dict(self.__dict__)

    @classmethod
    def from_dict(cls, d: dict[str, int]) -> Limits:
        return cls(**d)


@dataclass
class Store:
    """Objects by (resource, namespace, name); ``rv`` is the last resourceVersion handed out."""

    limits: Limits = field(default_factory=Limits)
    objects: dict[Key, Obj] = field(default_factory=dict)
    rv: int = 1
    lock: threading.RLock = field(default_factory=threading.RLock)
    changed: threading.Condition = field(init=False)
    events: deque[Event] = field(init=False)
    serial: int = 0  # for generated names and addresses
    event_bytes: int = 0

    def __post_init__(self) -> None:
        self.changed = threading.Condition(self.lock)
        self.events = deque(maxlen=self.limits.max_events)

    # -- reads -------------------------------------------------------------------------------
    def get(self, resource: str, namespace: str, name: str) -> Obj | None:
        with self.lock:
            obj = self.objects.get((resource, namespace, name))
            return copy.deepcopy(obj) if obj is not None else None

    def peek(self, resource: str, namespace: str, name: str) -> Obj | None:
        """The stored dict itself, not a copy: for controllers that only read it."""
        return self.objects.get((resource, namespace, name))

    def list(self, resource: str, namespace: str | None = None) -> builtins.list[Obj]:
        """Copies of the objects of one resource (one namespace, or all when None), by name."""
        with self.lock:
            return [copy.deepcopy(o) for o in self.iter(resource, namespace)]

    def iter(self, resource: str, namespace: str | None = None) -> Iterator[Obj]:
        """The stored objects themselves (read-only use, under the lock), sorted by namespace/name."""
        keys = sorted(k for k in self.objects if k[0] == resource and (namespace is None or k[1] == namespace))
        for k in keys:
            yield self.objects[k]

    def all_objects(self) -> builtins.list[Obj]:
        with self.lock:
            return [copy.deepcopy(self.objects[k]) for k in sorted(self.objects)]

    # -- writes ------------------------------------------------------------------------------
    def next_rv(self) -> int:
        self.rv += 1
        return self.rv

    def check_size(self, obj: Obj) -> int:
        size = len(json.dumps(obj, separators=(",", ":")))
        if size > self.limits.max_object_bytes:
            raise LimitExceeded(f"object is {size} bytes; the sandbox stores objects of at most "
                                f"{self.limits.max_object_bytes} bytes")
        return size

    def put(self, resource: str, obj: Obj) -> Obj:
        """Store ``obj`` (created or replaced), stamping a new resourceVersion; returns a copy."""
        meta = obj["metadata"]
        key = (resource, meta.get("namespace", ""), meta["name"])
        with self.lock:
            existing = key in self.objects
            if not existing and len(self.objects) >= self.limits.max_objects:
                raise LimitExceeded(f"the sandbox holds at most {self.limits.max_objects} objects; "
                                    "delete some first")
            size = self.check_size(obj)
            meta["resourceVersion"] = str(self.next_rv())
            stored = copy.deepcopy(obj)
            self.objects[key] = stored
            self._log("MODIFIED" if existing else "ADDED", resource, stored, size)
            return copy.deepcopy(stored)

    def remove(self, resource: str, namespace: str, name: str) -> Obj | None:
        with self.lock:
            obj = self.objects.pop((resource, namespace, name), None)
            if obj is not None:
                obj = copy.deepcopy(obj)
                obj["metadata"]["resourceVersion"] = str(self.next_rv())
                self._log("DELETED", resource, obj, len(json.dumps(obj)))
            return obj

    def _log(self, type_: str, resource: str, obj: Obj, size: int) -> None:
        # the log is bounded in entries and in bytes; the oldest entries go first
        if len(self.events) == self.events.maxlen:
            self.event_bytes -= self.events[0].size
        self.events.append(Event(self.rv, type_, resource, obj, size))
        self.event_bytes += size
        while self.event_bytes > self.limits.max_event_bytes and len(self.events) > 1:
            self.event_bytes -= self.events.popleft().size
        self.changed.notify_all()

    def events_after(self, rv: int, resource: str) -> builtins.list[Event] | None:
        """Events of one resource newer than ``rv``; None when the log no longer reaches back."""
        with self.lock:
            if self.events and self.events[0].rv > rv + 1:
                return None  # the log was trimmed past rv
            return [e for e in self.events if e.rv > rv and e.resource == resource]
