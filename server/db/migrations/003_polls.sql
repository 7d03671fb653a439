-- Live polls. A ballot is one per device per poll (changeable while open); the device is a salted hash.
CREATE TABLE polls (
  id          TEXT PRIMARY KEY,
  event_id    TEXT NOT NULL,
  session_id  TEXT NOT NULL,
  type        TEXT NOT NULL CHECK (type IN ('single', 'multiple', 'rating', 'ranking', 'wordcloud', 'open')),
  question    TEXT NOT NULL,
  options     TEXT NOT NULL DEFAULT '[]',
  max_choices INTEGER,
  min_ballots INTEGER NOT NULL DEFAULT 5,
  state       TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'open', 'closed')),
  visibility  TEXT NOT NULL DEFAULT 'chair' CHECK (visibility IN ('hidden', 'chair', 'everyone')),
  closes_at   TEXT,
  preset      INTEGER NOT NULL DEFAULT 0,
  position    INTEGER NOT NULL DEFAULT 0,
  created_at  TEXT NOT NULL,
  opened_at   TEXT,
  closed_at   TEXT,
  FOREIGN KEY (event_id, session_id) REFERENCES sessions(event_id, id) ON DELETE CASCADE
) STRICT;
CREATE INDEX polls_by_session ON polls(event_id, session_id, position);

CREATE TABLE ballots (
  poll_id     TEXT NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
  device_hash TEXT NOT NULL,
  answer      TEXT NOT NULL,
  -- open-text answers are shown to the room only once a chair or moderator publishes them
  published   INTEGER NOT NULL DEFAULT 0,
  answer_id   TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  PRIMARY KEY (poll_id, device_hash)
) STRICT, WITHOUT ROWID;
CREATE UNIQUE INDEX ballots_by_answer_id ON ballots(poll_id, answer_id);
