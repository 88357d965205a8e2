#!/usr/bin/env bash
# Creates one database per Groupbuy service, owned by POSTGRES_USER.  The postgres image runs this
# from /docker-entrypoint-initdb.d once, when its data directory is empty; it is safe to run again.
set -euo pipefail

for database in groupbuy_catalog groupbuy_orders groupbuy_membership groupbuy_referrals; do
    psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "${POSTGRES_DB:-$POSTGRES_USER}" \
        --set database="$database" --set owner="$POSTGRES_USER" <<'SQL'
SELECT format('CREATE DATABASE %I OWNER %I', :'database', :'owner')
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'database')\gexec
SQL
done
