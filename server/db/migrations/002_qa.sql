-- Moderated Q&A. Questions keep only what the asker typed; the device is a salted hash, never the id itself.
CREATE TABLE questions (
  id             TEXT PRIMARY KEY,
  event_id       TEXT NOT NULL,
  session_id     TEXT NOT NULL,
  device_hash    TEXT NOT NULL,
  text           TEXT NOT NULL,
  original_text  TEXT,
  name           TEXT,
  organisation   TEXT,
  country        TEXT,
  objective_id   TEXT,
  state          TEXT NOT NULL CHECK (state IN ('pending', 'published', 'declined', 'merged', 'archived')),
  answered       INTEGER NOT NULL DEFAULT 0,
  flags          TEXT NOT NULL DEFAULT '[]',
  decline_reason TEXT,
  reply          TEXT,
  merged_into    TEXT REFERENCES questions(id),
  votes          INTEGER NOT NULL DEFAULT 0,
  created_at     TEXT NOT NULL,
  published_at   TEXT,
  answered_at    TEXT,
  FOREIGN KEY (event_id, session_id) REFERENCES sessions(event_id, id) ON DELETE CASCADE
) STRICT;
CREATE INDEX questions_by_session ON questions(event_id, session_id, state);
CREATE INDEX questions_by_device ON questions(device_hash, session_id);

CREATE TABLE question_votes (
  question_id TEXT NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
  device_hash TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  PRIMARY KEY (question_id, device_hash)
) STRICT, WITHOUT ROWID;
CREATE INDEX question_votes_by_device ON question_votes(device_hash);

-- Per-session Q&A settings; a session without a row uses the defaults (pre-moderation on).
CREATE TABLE qa_sessions (
  event_id     TEXT NOT NULL,
  session_id   TEXT NOT NULL,
  premoderated INTEGER NOT NULL DEFAULT 1,
  pinned_id    TEXT REFERENCES questions(id),
  PRIMARY KEY (event_id, session_id),
  FOREIGN KEY (event_id, session_id) REFERENCES sessions(event_id, id) ON DELETE CASCADE
) STRICT;
