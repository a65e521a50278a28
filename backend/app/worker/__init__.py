"""Background work on arq. The only package that imports arq, so it can be swapped alone.

Everything else enqueues through :class:`app.worker.queue.JobQueue`'s typed helpers.
"""
