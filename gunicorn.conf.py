"""gunicorn's settings for the web service, sized for the machine it runs on.

gunicorn reads this file from the working directory (``/app`` in the image); the Dockerfile and
docker-compose.yml also name it with ``--config``. These can be changed from the environment,
so one image fits a small server and a larger one:

    WEB_CONCURRENCY   worker processes (default: 2 x usable cores + 1)
    WEB_THREADS       threads per worker (default 1)
    WEB_TIMEOUT       seconds a silent worker is given before it is restarted (default 60)
    WEB_GRACEFUL_TIMEOUT  seconds the requests in flight get to finish on a stop (default 30)
    WEB_KEEPALIVE     seconds an idle keep-alive connection is held open (default 5)
    WEB_MAX_REQUESTS  requests after which a worker is replaced (default 1000; 0: never)
    FORWARDED_ALLOW_IPS  peers trusted to say the scheme (X-Forwarded-Proto; default "*")

The README's "Scaling out" says how these combine with the number of web replicas.

One thread per process: a page spends most of its time in Python, and threads of one process
take turns on one lock (the GIL), so a quick page waited behind slow ones. Measured with
bench/load.py at fifty people on two cores: 3 processes x 4 threads gave p95 330-430 ms,
5 processes x 1 thread 170-200 ms, for the same CPU per request.
"""

from __future__ import annotations

import math
import os
from pathlib import Path


def usable_cores() -> int:
    """The cores this process may use: its CPU set, capped by a cgroup v2 CPU quota (as
    ``docker run --cpus`` or compose's ``cpus:`` sets), since os.cpu_count() sees the host."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    try:
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text().split()[:2]
        if quota != "max":
            cores = min(cores, max(1, math.ceil(int(quota) / int(period))))
    except (OSError, ValueError):
        pass
    return max(1, cores)


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


# Port 8000 on every interface; `--bind` on the command line overrides it.
bind = ["0.0.0.0:8000"]
wsgi_app = "strategy_app.wsgi:application"

# Processes use the cores (Python runs one thread at a time per process); threads keep a
# process busy while a request waits on PostgreSQL or Redis. One process more than the cores
# so a slow page does not leave a core idle. Several replicas on one machine each count its
# cores: give each a smaller WEB_CONCURRENCY (README, Scaling out).
workers = _int("WEB_CONCURRENCY", 2 * usable_cores() + 1)
worker_class = "gthread"
threads = _int("WEB_THREADS", 1)

# With threads, this is how long a worker may go without reporting to the arbiter, not a limit
# on one request: a slow page is not cut off at it. The proxy in front answers 504 after its
# proxy_read_timeout (ops/nginx/nginx.conf, above this value). The real remedy for slow pages is
# to make them fast (bench/); this only stops a stuck worker from holding its slot for good.
timeout = _int("WEB_TIMEOUT", 60)
# On SIGTERM (a deploy, `docker compose stop`) requests in flight may finish this long; compose
# waits a little longer before it kills (stop_grace_period of web).
graceful_timeout = _int("WEB_GRACEFUL_TIMEOUT", 30)
keepalive = _int("WEB_KEEPALIVE", 5)

# A worker is replaced after this many requests (each one after a different number, so they do
# not all restart at once): whatever memory a worker keeps growing is given back.
max_requests = _int("WEB_MAX_REQUESTS", 1000)
max_requests_jitter = _int("WEB_MAX_REQUESTS_JITTER", max(max_requests // 10, 0))

# Access log and errors to the container's output (docker compose logs web).
accesslog = "-"
errorlog = "-"
# The time taken (%(M)s, milliseconds) and the client as the proxy saw it (X-Forwarded-For).
access_log_format = (
    '%(h)s %({x-forwarded-for}i)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms "%(f)s" "%(a)s"'
)

# Only the proxy reaches web (docker-compose.yml publishes no port of web), and Django trusts
# X-Forwarded-Proto anyway (SECURE_PROXY_SSL_HEADER): let gunicorn believe the proxy's scheme
# too. Set FORWARDED_ALLOW_IPS to the proxy's address where web can be reached otherwise.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "*")

# Workers' liveness files on a memory file system where there is one (a container's /tmp may be
# on a slow overlay disk, and a blocked write there looks like a stuck worker).
if Path("/dev/shm").is_dir():
    worker_tmp_dir = "/dev/shm"

# gunicorn's runtime control socket is not used: it would be made under $HOME, which the image's
# app user cannot write, and two servers on one machine would share it.
control_socket_disable = True
