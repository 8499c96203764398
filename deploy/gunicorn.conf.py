"""Gunicorn settings for every Tremplin web instance (systemd unit, container, deploy/local-cluster).

Overridable from the environment: GUNICORN_BIND (127.0.0.1:8000), GUNICORN_WORKERS (2 × cores + 1),
GUNICORN_THREADS (4), GUNICORN_TIMEOUT (30). Stopping with SIGTERM is graceful: the instance stops
accepting, finishes the requests in flight (up to graceful_timeout), then exits; nginx sends new requests
to the other instances meanwhile (proxy_next_upstream).

The worker is gunicorn's gthread with one change (DrainingThreadWorker below): on SIGTERM it also takes the
connections the kernel has already accepted on its behalf (the listen queue), then closes its listening
socket at once. Plain gthread stops polling the socket but keeps it open until the worker exits: nginx
kept connecting and sending requests into the queue, which were reset when the worker exited — a POST
already sent is not retried by nginx (a sale must not be submitted twice), so it failed with 502 although
no instance had read it (deploy/tests/test_cluster.py, stopping an instance under load). Now a closed
socket refuses the connection and nginx retries any request on the other instance, POSTs included.
"""

import errno
import multiprocessing
import os

from gunicorn.workers.gthread import TConn, ThreadWorker


class DrainingThreadWorker(ThreadWorker):
    """gthread whose graceful stop serves what is already queued on the listening socket, then closes it."""

    def set_accept_enabled(self, enabled):
        super().set_accept_enabled(enabled)
        if not enabled and not self.alive:  # the graceful stop (not the connection limit)
            self.drain_and_close_listeners()

    def drain_and_close_listeners(self):
        for listener in self.sockets:
            listener.setblocking(False)
            while True:
                try:
                    client_sock, client_addr = listener.accept()
                except (BlockingIOError, InterruptedError):
                    break  # the queue is empty
                except OSError as error:
                    if error.errno == errno.ECONNABORTED:
                        continue
                    break
                self.nr_conns += 1
                client_sock.setblocking(True)
                self.enqueue_req(TConn(self.cfg, client_sock, client_addr, listener.getsockname()))
            # shutdown() would reset the queue for every process sharing the socket; close() drops only this
            # process's descriptor: the socket refuses connections once the last worker has closed it.
            listener.close()


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", str(multiprocessing.cpu_count() * 2 + 1)))
# Threads per worker: the app waits on PostgreSQL and Redis most of the time.
worker_class = DrainingThreadWorker  # gthread, see above
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
