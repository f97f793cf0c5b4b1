// storage/sqlite: the embedded Store (better-sqlite3), kine's append-only log in one file. The default backend.
export { SqliteStore, openSqliteStore, type SqliteStoreOptions } from './sqlite-store';
