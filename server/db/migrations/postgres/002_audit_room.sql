-- The hall a staff action was addressed to (SQLite's migration 013).
ALTER TABLE audit_log ADD COLUMN room_id TEXT;
UPDATE audit_log SET room_id = (target::json ->> 'roomId') WHERE (target::json ->> 'roomId') IS NOT NULL;
CREATE INDEX audit_by_room ON audit_log(event_id, room_id, id);
