"""Background work: one small interface (``app.jobs``) over a durable queue.

One machine uses huey's SQLite storage; with PostgreSQL the queue is procrastinate's, shared by
every ``rumbo worker``. Job functions run inside a unit of work, and a job enqueued with a key
performs its effect at most once, however often it is retried.
"""
