// The system SQLite (Debian libsqlite3-dev, 3.40 on Debian 12 and Raspberry Pi OS bookworm).
#include <sqlite3.h>

// SQLITE_TRANSIENT is a cast of -1 to a function pointer, which Swift does not import: the store passes
// this instead so SQLite copies bound text and blobs before the call returns.
static inline sqlite3_destructor_type csqlite_transient(void) { return SQLITE_TRANSIENT; }
