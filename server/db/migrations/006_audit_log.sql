-- What staff did, for organisers: who (the staff link's label and role), which command, when, and on which
-- session, poll, question or link. Never an attendee's identity, device hash or text.
CREATE TABLE audit_log (
  id            INTEGER PRIMARY KEY,
  event_id      TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  at            TEXT NOT NULL,
  credential_id TEXT NOT NULL,
  role          TEXT NOT NULL,
  label         TEXT NOT NULL,
  command       TEXT NOT NULL,
  -- the agenda session acted on or in, when there is one (filtering by session)
  session_id    TEXT,
  -- the ids the command named: poll, question(s), staff link, sign-in, announcement, room
  target        TEXT NOT NULL DEFAULT '{}'
) STRICT;
CREATE INDEX audit_by_event ON audit_log(event_id, id);
CREATE INDEX audit_by_session ON audit_log(event_id, session_id, id);
