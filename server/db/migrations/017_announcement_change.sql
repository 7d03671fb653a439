-- The "what changed" entry of an announcement names it, so withdrawing the announcement removes the entry too: a
-- withdrawn announcement's words (posted by mistake, or saying what should not be said) must not stay in the day's
-- change log on every phone, nor in the file.
ALTER TABLE agenda_changes ADD COLUMN announcement_id INTEGER;

-- Entries written before: an announcement and its entry were stamped with one reading of the hub's clock, so the
-- entry is the event's one announcement posted at that instant (two in the same millisecond stay unlinked).
UPDATE agenda_changes SET announcement_id = (
  SELECT a.id FROM announcements a WHERE a.event_id = agenda_changes.event_id AND a.posted_at = agenda_changes.at
)
WHERE kind = 'announced'
  AND (SELECT count(*) FROM announcements a WHERE a.event_id = agenda_changes.event_id AND a.posted_at = agenda_changes.at) = 1;

-- Announcements withdrawn already lose their entry and their words. Their events move on a version, so a phone
-- that kept the old change log takes a fresh snapshot at its next join.
UPDATE events SET version = version + 1 WHERE id IN (
  SELECT c.event_id FROM agenda_changes c JOIN announcements a ON a.id = c.announcement_id WHERE a.withdrawn = 1
);
DELETE FROM agenda_changes WHERE announcement_id IN (SELECT id FROM announcements WHERE withdrawn = 1);
UPDATE announcements SET text = '' WHERE withdrawn = 1;
