# Run once, when the database volume is new: the registry's and the worklist's databases, each owned by its own
# role, with the passwords make-secrets wrote (REGISTRY_DB_PASSWORD, WORKLIST_DB_PASSWORD in secrets/postgres.env).
psql -v ON_ERROR_STOP=1 -h /var/run/postgresql -U "${POSTGRES_USER:-postgres}" -d postgres \
  -v registry_password="$REGISTRY_DB_PASSWORD" -v worklist_password="$WORKLIST_DB_PASSWORD" <<'SQL'
CREATE ROLE registry LOGIN PASSWORD :'registry_password';
CREATE DATABASE registry OWNER registry;
CREATE ROLE worklist LOGIN PASSWORD :'worklist_password';
CREATE DATABASE worklist OWNER worklist;
SQL
