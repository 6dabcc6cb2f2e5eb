"""drills: terminal flashcards and timed kubectl speed drills for the CKAD exam.

The pure core (`course`, `deck`, `kubectl`, `schedule`) takes values and returns values; the edges
(`store`, `ui`, `sandbox`, `export`, `cli`) do the I/O and call inward.
"""

__version__ = "0.1.0"
