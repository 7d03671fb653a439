-- Undo for merge and archive: the state a question was in before it was merged or archived, and which of a
-- question's votes a merge carried over from which question (so an unmerge takes back exactly those).
ALTER TABLE questions ADD COLUMN prior_state TEXT CHECK (prior_state IN ('pending', 'published', 'declined'));
ALTER TABLE question_votes ADD COLUMN merged_from TEXT;
CREATE INDEX question_votes_merged_from ON question_votes(question_id, merged_from) WHERE merged_from IS NOT NULL;
