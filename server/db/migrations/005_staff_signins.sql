-- A staff sign-in link is exchanged once, for a sign-in: a random secret in an httpOnly cookie of which only the
-- hash is kept, renewed (rotated) as it is used, with an idle and an absolute expiry, and ended on sign-out, by an
-- organiser, or when its link is revoked.
ALTER TABLE staff_credentials ADD COLUMN used_at TEXT;

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
CREATE INDEX staff_signins_by_credential ON staff_signins(credential_id);
