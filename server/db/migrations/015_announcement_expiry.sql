-- An announcement may be posted for a while ("the bus leaves in 15 minutes"): after this moment phones and hall
-- screens stop showing it. NULL: until an organiser withdraws it, as before.
ALTER TABLE announcements ADD COLUMN expires_at TEXT;
