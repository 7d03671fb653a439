-- Poll ids are scoped per event: two events may both have a preset "p-intel-1". Ballots name their poll by
-- (event, poll id). SQLite cannot change a primary key in place, so both tables are rebuilt; ballots are set aside
-- first so that dropping the old polls table cascades to nothing.
CREATE TABLE ballots_copy AS
  SELECT p.event_id, b.poll_id, b.device_hash, b.answer, b.published, b.answer_id, b.created_at, b.updated_at
  FROM ballots b JOIN polls p ON p.id = b.poll_id;
DROP TABLE ballots;

CREATE TABLE polls_copy AS SELECT * FROM polls;
DROP TABLE polls;

CREATE TABLE polls (
  event_id    TEXT NOT NULL,
  id          TEXT NOT NULL,
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
  PRIMARY KEY (event_id, id),
  FOREIGN KEY (event_id, session_id) REFERENCES sessions(event_id, id) ON DELETE CASCADE
) STRICT;
INSERT INTO polls (event_id, id, session_id, type, question, options, max_choices, min_ballots, state, visibility,
                   closes_at, preset, position, created_at, opened_at, closed_at)
  SELECT event_id, id, session_id, type, question, options, max_choices, min_ballots, state, visibility,
         closes_at, preset, position, created_at, opened_at, closed_at
  FROM polls_copy;
DROP TABLE polls_copy;
CREATE INDEX polls_by_session ON polls(event_id, session_id, position);

CREATE TABLE ballots (
  event_id    TEXT NOT NULL,
  poll_id     TEXT NOT NULL,
  device_hash TEXT NOT NULL,
  answer      TEXT NOT NULL,
  -- open-text answers are shown to the room only once a chair or moderator publishes them
  published   INTEGER NOT NULL DEFAULT 0,
  answer_id   TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  PRIMARY KEY (event_id, poll_id, device_hash),
  FOREIGN KEY (event_id, poll_id) REFERENCES polls(event_id, id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;
INSERT INTO ballots (event_id, poll_id, device_hash, answer, published, answer_id, created_at, updated_at)
  SELECT event_id, poll_id, device_hash, answer, published, answer_id, created_at, updated_at FROM ballots_copy;
DROP TABLE ballots_copy;
CREATE UNIQUE INDEX ballots_by_answer_id ON ballots(event_id, poll_id, answer_id);
