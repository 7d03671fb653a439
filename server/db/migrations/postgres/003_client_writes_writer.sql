-- Who made each client write (SQLite's migration 014).
ALTER TABLE client_writes ADD COLUMN writer TEXT;
