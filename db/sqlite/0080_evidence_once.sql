-- Evidence kept once. Each mentioned skill's quotes are in the profile's `extracted` (which overrides and re-extraction
-- recompose from) and were written again in every profile_skills row: reads now take them from `extracted` (a recruiter's
-- override keeps the extracted skill's quotes, an inferred skill has none), and profile_skills keeps what filters and
-- feeds need.
ALTER TABLE profile_skills DROP COLUMN evidence;
