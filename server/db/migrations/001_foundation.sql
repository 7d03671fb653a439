-- Events, their programme, staff credentials and the agenda change log.
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE events (
  id          TEXT PRIMARY KEY,
  code        TEXT NOT NULL UNIQUE,
  title       TEXT NOT NULL,
  subtitle    TEXT NOT NULL DEFAULT '',
  city        TEXT NOT NULL DEFAULT '',
  venue       TEXT NOT NULL DEFAULT '',
  timezone    TEXT NOT NULL,
  starts_on   TEXT NOT NULL,
  ends_on     TEXT NOT NULL,
  sample      INTEGER NOT NULL DEFAULT 0,
  organisers  TEXT NOT NULL DEFAULT '[]',
  funders     TEXT NOT NULL DEFAULT '[]',
  description TEXT NOT NULL DEFAULT '',
  -- bumped by every agenda mutation; clients compare it to spot a missed fact
  version     INTEGER NOT NULL DEFAULT 0,
  created_at  TEXT NOT NULL
) STRICT;

CREATE TABLE objectives (
  event_id    TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  id          TEXT NOT NULL,
  position    INTEGER NOT NULL,
  name        TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (event_id, id)
) STRICT;

CREATE TABLE rooms (
  event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  id       TEXT NOT NULL,
  position INTEGER NOT NULL,
  name     TEXT NOT NULL,
  PRIMARY KEY (event_id, id)
) STRICT;

CREATE TABLE sessions (
  event_id        TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  id              TEXT NOT NULL,
  title           TEXT NOT NULL,
  description     TEXT NOT NULL DEFAULT '',
  kind            TEXT NOT NULL,
  room_id         TEXT NOT NULL,
  starts_at       TEXT NOT NULL,
  ends_at         TEXT NOT NULL,
  delay_minutes   INTEGER NOT NULL DEFAULT 0,
  cancelled       INTEGER NOT NULL DEFAULT 0,
  moved_from_room TEXT,
  speakers        TEXT NOT NULL DEFAULT '[]',
  objectives      TEXT NOT NULL DEFAULT '[]',
  updated_at      TEXT NOT NULL,
  PRIMARY KEY (event_id, id),
  FOREIGN KEY (event_id, room_id) REFERENCES rooms(event_id, id)
) STRICT;
CREATE INDEX sessions_by_start ON sessions(event_id, starts_at);

CREATE TABLE announcements (
  id        INTEGER PRIMARY KEY,
  event_id  TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  text      TEXT NOT NULL,
  room_id   TEXT,
  posted_at TEXT NOT NULL,
  withdrawn INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE agenda_changes (
  event_id   TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  version    INTEGER NOT NULL,
  at         TEXT NOT NULL,
  kind       TEXT NOT NULL,
  session_id TEXT,
  detail     TEXT NOT NULL DEFAULT '{}',
  PRIMARY KEY (event_id, version)
) STRICT;

CREATE TABLE staff_credentials (
  id         TEXT PRIMARY KEY,
  event_id   TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  role       TEXT NOT NULL CHECK (role IN ('organiser', 'moderator', 'chair', 'screen')),
  room_id    TEXT,
  label      TEXT NOT NULL DEFAULT '',
  -- sha256 of the sign-in token; the token itself is shown once and never stored
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  revoked_at TEXT
) STRICT;

-- A client write is applied once per client id: a retry gets the stored result back.
CREATE TABLE client_writes (
  event_id   TEXT NOT NULL,
  client_id  TEXT NOT NULL,
  command    TEXT NOT NULL,
  result     TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (event_id, client_id)
) STRICT;
