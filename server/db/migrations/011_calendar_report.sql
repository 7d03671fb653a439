-- Issue #13: personal agendas, calendar feeds, attendance over time and the Chatham House rule.

-- A session under the Chatham House rule keeps no name, organisation or country with its questions.
ALTER TABLE sessions ADD COLUMN chatham_house INTEGER NOT NULL DEFAULT 0;

-- Sessions a device starred (no account: the device is a salted hash, as for questions and ballots).
CREATE TABLE stars (
  event_id    TEXT NOT NULL,
  device_hash TEXT NOT NULL,
  session_id  TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  PRIMARY KEY (event_id, device_hash, session_id),
  FOREIGN KEY (event_id, session_id) REFERENCES sessions(event_id, id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

-- One private calendar feed address per device and event; only the sha256 of its random token is kept.
CREATE TABLE feed_tokens (
  event_id    TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  device_hash TEXT NOT NULL,
  token_hash  TEXT NOT NULL UNIQUE,
  created_at  TEXT NOT NULL,
  PRIMARY KEY (event_id, device_hash)
) STRICT;

-- Head counts sampled once a minute from the hub's presence counts: numbers only, nothing about any person.
-- Each hub process counts its own connections, so each writes its own row per minute; readers add them up.
CREATE TABLE attendance_samples (
  event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  -- the minute, as an ISO instant with seconds zeroed
  at       TEXT NOT NULL,
  hub      TEXT NOT NULL,
  total    INTEGER NOT NULL,
  -- {"hall-a": 212, "hall-b": 80}: attendees who said which hall they are in
  by_room  TEXT NOT NULL DEFAULT '{}',
  PRIMARY KEY (event_id, at, hub)
) STRICT;
