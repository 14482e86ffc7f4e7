#ifndef CCOVESQLITE_H
#define CCOVESQLITE_H

/// Non-variadic wrappers for the few variadic SQLite calls the server needs (Swift cannot call
/// C variadic functions).

/// Turns on SQLite's query planner stability guarantee (SQLITE_DBCONFIG_ENABLE_QPSG) for the
/// connection `db` (a `sqlite3 *`). Returns SQLite's result code.
int cove_sqlite_enable_qpsg(void *db);

#endif
