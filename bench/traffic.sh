#!/usr/bin/env bash
# bench/traffic.sh: test/traffic.sh at a large size, for its figures (writing
# transactions and reads per second, retries, errors by SQLSTATE) and the
# same checks.  Sizes as test/traffic.sh reads them; the defaults here:
#   bash bench/traffic.sh                 # 1,000 units (2.5·10^5 scores), 1,000 transactions per writer
#   LOAD_UNITS=4000 bash bench/traffic.sh # 10^6 scores
# Needs kpi installed in the system's PostgreSQL (make install); runs its
# own cluster, not the one in PG*.
export LOAD_UNITS=${LOAD_UNITS:-1000} LOAD_TX=${LOAD_TX:-1000} LOAD_READS=${LOAD_READS:-20}
export LOAD_COPIES=${LOAD_COPIES:-50} LOAD_SHEET=${LOAD_SHEET:-100} LOAD_OFFICE_TX=${LOAD_OFFICE_TX:-300}
export LOAD_SETTINGS=${LOAD_SETTINGS:-shared_buffers = 1GB}
exec bash "$(dirname "$0")/../test/traffic.sh"
