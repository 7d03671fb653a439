-- The hall a staff action was addressed to (a command naming a room), kept in its own column so both engines can
-- filter the audit log by hall without reading JSON in SQL.
ALTER TABLE audit_log ADD COLUMN room_id TEXT;
UPDATE audit_log SET room_id = json_extract(target, '$.roomId') WHERE json_extract(target, '$.roomId') IS NOT NULL;
CREATE INDEX audit_by_room ON audit_log(event_id, room_id, id);
