"""A run's lifecycle: its lock, its state, its feeds, its manifest line and its exit status.

``coordinator`` decides what happens when (the order is written down there); ``state``,
``feeds`` and ``manifest`` store; ``outcomes`` says how a run ended and what cron is told.
"""
