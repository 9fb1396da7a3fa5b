"""``python -m kg.serve.zygote CONTROL_FD PARENT_PID STORE MAX_MEMORY HOST_NETNS``: the query
workers' parent process (``kg.serve.pool.zygote_main``).

A module of its own: run as ``-m kg.serve.pool``, the pool module would be imported once by
``kg.serve`` and run again as ``__main__``, which Python warns about on every start.
"""

from __future__ import annotations

import sys

from .pool import zygote_main

if __name__ == "__main__":
    zygote_main(sys.argv[1:])
