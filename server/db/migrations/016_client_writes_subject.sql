-- What a client write is about when a later write of the same kind by the same writer replaces it (a device's ballot
-- in one poll, its upvote of one question). The later write's answer is then kept in the earlier rows too, so the
-- ledger answers an old retry with what stands now and keeps no history of how a device changed its vote.
ALTER TABLE client_writes ADD COLUMN subject TEXT;
CREATE INDEX client_writes_by_subject ON client_writes(event_id, writer, command, subject) WHERE subject IS NOT NULL;
