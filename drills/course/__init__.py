"""Read a weekly course page into a typed ``Week`` (pure: text in, model out).

    read_week(text: str, file: str = "<page>") -> Week      # DrillsError with file and line
    decode_page(data: bytes, file: str) -> str             # binary / non-UTF-8 -> DrillsError
"""

from drills.course.model import Challenge, CodeBlock, Concept, DrillTask, Notice, Pitfall, Solution, Step, Week
from drills.course.reader import decode_page, read_week

__all__ = ["read_week", "decode_page", "Week", "Concept", "Step", "CodeBlock", "Challenge", "Solution",
           "DrillTask", "Pitfall", "Notice"]
