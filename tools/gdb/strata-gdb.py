# SPDX-License-Identifier: MIT
"""strata's GDB commands: load with  gdb -x tools/gdb/strata-gdb.py build/strata.elf

`make gdb` does this for you and then runs strata-attach. The commands live
in the package tools/gdb/strata/, one small module per command (see its
__init__.py for the list); sourcing this file again reloads them all, so an
edited command can be tried without leaving GDB.
"""

import os
import sys

_here = os.path.dirname(os.path.abspath(__file__))
if _here not in sys.path:
    sys.path.insert(0, _here)

import strata  # noqa: E402  (needs the path above)

strata.load()
