-- Verified attendees: one badge code per registered attendee, redeemed on one phone at a time. The code itself is
-- shown once, when an organiser generates it; only a keyed hash (HMAC with the hub's secret) is kept. No name or
-- other personal data is stored with a badge: a printed sheet may carry names, the database never does.
CREATE TABLE badges (
  id          TEXT PRIMARY KEY,
  event_id    TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  serial      INTEGER NOT NULL,
  code_hash   TEXT NOT NULL UNIQUE,
  -- the phone holding the badge now (a keyed device hash); an organiser may release it for another phone
  device_hash TEXT,
  redeemed_at TEXT,
  created_at  TEXT NOT NULL,
  UNIQUE (event_id, serial)
) STRICT;
-- One badge per phone per event: a phone holding many codes would vote many times.
CREATE UNIQUE INDEX badges_by_device ON badges(event_id, device_hash) WHERE device_hash IS NOT NULL;

-- Polls and Q&A sessions a chair restricted to verified attendees.
ALTER TABLE polls ADD COLUMN verified_only INTEGER NOT NULL DEFAULT 0;
ALTER TABLE qa_sessions ADD COLUMN verified_only INTEGER NOT NULL DEFAULT 0;
-- When a poll first opened (a reopen moves opened_at): "devices first seen after the poll opened" counts from here.
ALTER TABLE polls ADD COLUMN first_opened_at TEXT;
UPDATE polls SET first_opened_at = opened_at;

-- A ballot counts for a voter: the device, or in a verified-only poll the badge (so a badge moved to another
-- phone still has one ballot). device_hash stays the device that cast it, for the chair's integrity signals.
CREATE TABLE ballots_by_voter (
  event_id    TEXT NOT NULL,
  poll_id     TEXT NOT NULL,
  voter       TEXT NOT NULL,
  device_hash TEXT NOT NULL,
  answer      TEXT NOT NULL,
  published   INTEGER NOT NULL DEFAULT 0,
  answer_id   TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  PRIMARY KEY (event_id, poll_id, voter),
  FOREIGN KEY (event_id, poll_id) REFERENCES polls(event_id, id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;
INSERT INTO ballots_by_voter (event_id, poll_id, voter, device_hash, answer, published, answer_id, created_at, updated_at)
  SELECT event_id, poll_id, device_hash, device_hash, answer, published, answer_id, created_at, updated_at FROM ballots;
DROP TABLE ballots;
ALTER TABLE ballots_by_voter RENAME TO ballots;
CREATE UNIQUE INDEX ballots_by_answer_id ON ballots(event_id, poll_id, answer_id);
CREATE INDEX ballots_by_device ON ballots(device_hash);
