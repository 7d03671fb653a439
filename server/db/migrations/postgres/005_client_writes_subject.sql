-- What a client write is about when a later one of the same kind by the same writer replaces it (SQLite's migration 016).
ALTER TABLE client_writes ADD COLUMN subject TEXT;
CREATE INDEX client_writes_by_subject ON client_writes(event_id, writer, command, subject) WHERE subject IS NOT NULL;
