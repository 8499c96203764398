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
