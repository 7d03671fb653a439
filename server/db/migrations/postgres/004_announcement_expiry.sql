-- How long an announcement is shown (SQLite's migration 015).
ALTER TABLE announcements ADD COLUMN expires_at TEXT;
