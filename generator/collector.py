"""Python's cycle collector, held off while a step builds many objects that form no cycle."""
from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def paused():
    """Holds the cycle collector off for the block, then lets it run as before.

    Reading a Biểu 06 of 10,000 rows, or checking the document that shows it,
    makes hundreds of thousands of objects that all live to the end of the
    step, and the collector would walk them again and again as they pile up:
    about half the time of reading the file, a third of checking it. None of
    them is in a cycle; what the step leaves is collected once it is resumed.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
