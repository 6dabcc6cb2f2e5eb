"""`Status` errors the way kube-apiserver words them, so kubectl prints the familiar lines
(`Error from server (NotFound): services "web" not found`, `The Service "x" is invalid: spec.ports: ...`)."""

from __future__ import annotations

from typing import Any

from drills.sandbox.discovery import Served


class ApiError(Exception):
    """An error answer: HTTP code plus the Status body."""

    def __init__(self, code: int, reason: str, message: str, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.code, self.reason, self.message, self.details = code, reason, message, details

    def status(self) -> dict[str, Any]:
        body: dict[str, Any] = {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                                "message": self.message, "reason": self.reason, "code": self.code}
        if self.details is not None:
            body["details"] = self.details
        return body


def _qualified(s: Served) -> str:
    return f"{s.res.plural}.{s.res.group}" if s.res.group else s.res.plural


def not_found(s: Served, name: str) -> ApiError:
    return ApiError(404, "NotFound", f'{_qualified(s)} "{name}" not found',
                    {"name": name, "group": s.res.group, "kind": s.res.plural} if s.res.group else
                    {"name": name, "kind": s.res.plural})


def namespace_not_found(name: str) -> ApiError:
    return ApiError(404, "NotFound", f'namespaces "{name}" not found', {"name": name, "kind": "namespaces"})


def already_exists(s: Served, name: str) -> ApiError:
    return ApiError(409, "AlreadyExists", f'{_qualified(s)} "{name}" already exists',
                    {"name": name, "group": s.res.group, "kind": s.res.plural})


def conflict(s: Served, name: str) -> ApiError:
    return ApiError(409, "Conflict", f'Operation cannot be fulfilled on {_qualified(s)} "{name}": the object has '
                    "been modified; please apply your changes to the latest version and try again",
                    {"name": name, "group": s.res.group, "kind": s.res.plural})


def bad_request(message: str) -> ApiError:
    return ApiError(400, "BadRequest", message)


def invalid(s: Served, name: str, causes: list[tuple[str, str, str]]) -> ApiError:
    """``causes``: (field, reason, detail) such as ("spec.ports", "FieldValueRequired", "Required value")."""
    kind = f"{s.res.kind}.{s.res.group}" if s.res.group else s.res.kind
    text = ", ".join(f"{f}: {d}" for f, _, d in causes)
    message = f'{kind} "{name}" is invalid: {text}' if len(causes) == 1 else f'{kind} "{name}" is invalid: [{text}]'
    return ApiError(422, "Invalid", message, {
        "name": name, "group": s.res.group, "kind": s.res.kind,
        "causes": [{"reason": r, "message": d, "field": f} for f, r, d in causes]})


def forbidden(resource: str, name: str, reason: str) -> ApiError:
    """An admission plugin's refusal: ``resource`` as qualified (`pods`, `deployments.apps`)."""
    plural, _, group = resource.partition(".")
    details: dict[str, Any] = {"name": name, "group": group, "kind": plural} if group else {"name": name,
                                                                                              "kind": plural}
    return ApiError(403, "Forbidden", f'{resource} "{name}" is forbidden: {reason}', details)
