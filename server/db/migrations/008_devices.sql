-- Device ids the hub issued, for the chair's integrity signals ("ballots from devices first seen after the poll
-- opened"). Only a keyed hash of the id and when it was issued: no address, no user agent, nothing personal.
CREATE TABLE devices (
  hash       TEXT PRIMARY KEY,
  first_seen TEXT NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX devices_by_first_seen ON devices(first_seen);
