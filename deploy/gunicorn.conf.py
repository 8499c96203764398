"""Gunicorn settings for every Tremplin web instance (systemd unit, container, deploy/local-cluster).

Overridable from the environment: GUNICORN_BIND (127.0.0.1:8000), GUNICORN_WORKERS (2 × cores + 1),
GUNICORN_THREADS (4), GUNICORN_TIMEOUT (30). Stopping with SIGTERM is graceful: the instance stops
accepting, finishes the requests in flight (up to graceful_timeout), then exits; nginx sends new requests
to the other instances meanwhile (proxy_next_upstream).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", str(multiprocessing.cpu_count() * 2 + 1)))
# Threads per worker: the app waits on PostgreSQL and Redis most of the time.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then (memory growth), never all at once.
max_requests = 2000
max_requests_jitter = 200
# Only nginx on this machine talks to gunicorn: trust its X-Forwarded-Proto / X-Forwarded-For.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Access log without the query string (%(U)s, not %(r)s): no search term, so no personal data, reaches it.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms pid=%(p)s'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = os.environ.get("GUNICORN_PROC_NAME", "tremplin-web")
