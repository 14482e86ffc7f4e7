#include "CCoveSQLite.h"
#include "sqlite_nio_sqlite3.h"

// Why: without the guarantee, SQLite marks a prepared statement for re-preparation whenever a
// parameter that the planner looked at is re-bound or the bindings are cleared, so the server's
// cached statements were parsed and planned again on almost every execution (5 % of the server's
// CPU at load). The store's statements never depend on bound values for their plan (no LIKE,
// no partial indexes, no STAT4; LIMITs are CAST expressions), so a stable plan loses nothing.
int cove_sqlite_enable_qpsg(void *db) {
    int enabled = 0;
    return sqlite_nio_sqlite3_db_config((sqlite3 *)db, SQLITE_DBCONFIG_ENABLE_QPSG, 1, &enabled);
}
