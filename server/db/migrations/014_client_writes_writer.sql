-- Who made each client write (a device's keyed hash, a staff link or a host link), so a client id replayed by anyone
-- else is refused instead of answered with another person's stored result. Rows from before this migration have none
-- and keep the old rule (the id alone).
ALTER TABLE client_writes ADD COLUMN writer TEXT;
