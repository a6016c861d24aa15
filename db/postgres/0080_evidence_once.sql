-- Evidence kept once. Each mentioned skill's quotes are in the profile's `extracted` (which overrides and re-extraction
-- recompose from) and were written again in every profile_skills row: reads now take them from `extracted` (a recruiter's
-- override keeps the extracted skill's quotes, an inferred skill has none), and profile_skills keeps what filters and
-- feeds need. Measured on import (10,000 questionnaires into PostgreSQL on the 2-core machine): about a tenth less work.
ALTER TABLE profile_skills DROP COLUMN evidence;

-- lz4 instead of pglz for the large jsonb documents (the questionnaire and the extraction): compressing them was the
-- largest part of a profile row's cost. Servers built without lz4 keep pglz.
DO $$
BEGIN
    ALTER TABLE profiles ALTER COLUMN questionnaire SET COMPRESSION lz4;
    ALTER TABLE profiles ALTER COLUMN extracted SET COMPRESSION lz4;
    ALTER TABLE profiles ALTER COLUMN experience SET COMPRESSION lz4;
EXCEPTION
    WHEN feature_not_supported OR invalid_parameter_value THEN
        RAISE NOTICE 'lz4 is not available on this server; jsonb documents stay compressed with pglz';
END
$$;
