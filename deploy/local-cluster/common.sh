# Shared by up and down (sourced).
STATE=${CLUSTER_STATE:-$ROOT/var/cluster}
CLUSTER_HTTPS=${CLUSTER_HTTPS:-18443}
CLUSTER_HTTP=${CLUSTER_HTTP:-18080}
CLUSTER_PORT_A=${CLUSTER_PORT_A:-18101}
CLUSTER_PORT_B=${CLUSTER_PORT_B:-18102}
CLUSTER_DB=${CLUSTER_DB:-tremplin_cluster}
CLUSTER_REDIS_DB=${CLUSTER_REDIS_DB:-3}
ENV_FILE=$STATE/tremplin.env
PY=$ROOT/.venv/bin/python
is_running() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
# One gunicorn instance from deploy/gunicorn.conf.py (what systemd's tremplin-web@PORT runs); needs the env file.
start_web() {
  local name=$1 port=$2
  if is_running "$STATE/web-$name.pid"; then return; fi
  GUNICORN_BIND="127.0.0.1:$port" GUNICORN_PROC_NAME="tremplin-web-$name" \
    GUNICORN_WORKERS="${CLUSTER_WORKERS:-2}" GUNICORN_ACCESS_LOG="$STATE/web-$name.access.log" \
    setsid "$ROOT/.venv/bin/gunicorn" --config "$ROOT/deploy/gunicorn.conf.py" --pid "$STATE/web-$name.pid" \
    tremplin.wsgi >>"$STATE/web-$name.log" 2>&1 < /dev/null &
}
