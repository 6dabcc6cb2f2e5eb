"""Cron schedules as CronJobs write them: five fields (minute hour day-of-month month day-of-week)
of `*`, `*/n`, `a-b`, `a-b/n`, lists and names (`jan`, `mon`), or a macro (`@hourly`, `@daily`, ...).
Day-of-month and day-of-week, when both are restricted, match if either does (as cron does)."""

from __future__ import annotations

from datetime import datetime, timedelta

MACROS = {"@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *", "@weekly": "0 0 * * 0",
          "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *"}
NAMES = {**{m: i + 1 for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                             "nov", "dec"))},
         **{d: i for i, d in enumerate(("sun", "mon", "tue", "wed", "thu", "fri", "sat"))}}
RANGES = ((0, 59), (0, 23), (1, 31), (1, 12), (0, 7))


class CronError(ValueError):
    """An unparsable schedule."""


def _value(text: str) -> int:
    text = text.lower()
    if text in NAMES:
        return NAMES[text]
    if not text.isdigit():
        raise CronError(f"bad value {text!r}")
    return int(text)


def _field(text: str, low: int, high: int) -> set[int]:
    out: set[int] = set()
    for part in text.split(","):
        body, _, step_text = part.partition("/")
        step = int(step_text) if step_text.isdigit() and int(step_text) > 0 else 1
        if step_text and not step_text.isdigit():
            raise CronError(f"bad step {step_text!r}")
        if body in ("*", "?"):
            a, b = low, high
        elif "-" in body:
            a, b = (_value(x) for x in body.split("-", 1))
        else:
            a = _value(body)
            b = high if step_text else a
        if not (low <= a <= high and low <= b <= high):
            raise CronError(f"{part!r} is out of range {low}-{high}")
        out.update(range(a, b + 1, step))
    return out


class Schedule:
    """A parsed schedule; ``matches(minute)`` for a datetime at a whole minute."""

    def __init__(self, text: str) -> None:
        fields = MACROS.get(text.strip(), text).split()
        if len(fields) != 5:
            raise CronError(f"expected exactly 5 fields, found {len(fields)}: {text!r}")
        self.minute, self.hour, self.dom, self.month, dow = (_field(f, *r) for f, r in zip(fields, RANGES))
        self.dow = {d % 7 for d in dow}
        self.dom_any, self.dow_any = fields[2] in ("*", "?"), fields[4] in ("*", "?")

    def matches(self, t: datetime) -> bool:
        if t.minute not in self.minute or t.hour not in self.hour or t.month not in self.month:
            return False
        dom_ok, dow_ok = t.day in self.dom, (t.isoweekday() % 7) in self.dow
        if self.dom_any or self.dow_any:
            return dom_ok and dow_ok
        return dom_ok or dow_ok

    def last_between(self, after: datetime, until: datetime, limit: int = 24 * 60) -> datetime | None:
        """The latest matching minute in (after, until], looking back at most ``limit`` minutes."""
        t = until.replace(second=0, microsecond=0)
        for _ in range(limit):
            if t <= after:
                return None
            if self.matches(t):
                return t
            t -= timedelta(minutes=1)
        return None
