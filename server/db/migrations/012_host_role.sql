-- Hosts run several events on one installation: a host's staff link belongs to no event. SQLite cannot relax a NOT
-- NULL or a CHECK in place, so staff_credentials is rebuilt; its sign-ins are set aside first so that dropping the
-- old table cascades to nothing. An archived event is read-only.
CREATE TABLE staff_signins_copy AS SELECT * FROM staff_signins;
DROP TABLE staff_signins;

CREATE TABLE staff_credentials_copy AS SELECT * FROM staff_credentials;
DROP TABLE staff_credentials;

CREATE TABLE staff_credentials (
  id         TEXT PRIMARY KEY,
  -- null only for a host's link, which covers every event
  event_id   TEXT REFERENCES events(id) ON DELETE CASCADE,
  role       TEXT NOT NULL CHECK (role IN ('organiser', 'moderator', 'chair', 'screen', 'host')),
  room_id    TEXT,
  label      TEXT NOT NULL DEFAULT '',
  -- sha256 of the sign-in token; the token itself is shown once and never stored
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  revoked_at TEXT,
  used_at    TEXT,
  CHECK ((role = 'host') = (event_id IS NULL)),
  CHECK (role <> 'host' OR room_id IS NULL)
) STRICT;
INSERT INTO staff_credentials (id, event_id, role, room_id, label, token_hash, created_at, revoked_at, used_at)
  SELECT id, event_id, role, room_id, label, token_hash, created_at, revoked_at, used_at FROM staff_credentials_copy;
DROP TABLE staff_credentials_copy;

CREATE TABLE staff_signins (
  -- a handle organisers see and end a sign-in by; never the cookie's secret
  id             TEXT PRIMARY KEY,
  credential_id  TEXT NOT NULL REFERENCES staff_credentials(id) ON DELETE CASCADE,
  -- sha256 of the cookie's current secret
  secret_hash    TEXT NOT NULL UNIQUE,
  -- the secret it replaced at the last rotation, still accepted until previous_until (requests already under way)
  previous_hash  TEXT UNIQUE,
  previous_until TEXT,
  created_at     TEXT NOT NULL,
  rotated_at     TEXT NOT NULL,
  last_seen_at   TEXT NOT NULL,
  -- absolute expiry; the idle expiry follows last_seen_at
  expires_at     TEXT NOT NULL,
  ended_at       TEXT,
  ended_reason   TEXT CHECK (ended_reason IN ('signed-out', 'ended', 'revoked'))
) STRICT;
INSERT INTO staff_signins SELECT * FROM staff_signins_copy;
DROP TABLE staff_signins_copy;
CREATE INDEX staff_signins_by_credential ON staff_signins(credential_id);

ALTER TABLE events ADD COLUMN archived_at TEXT;
