-- Same as db/postgres/0030_extractor_versions.sql: the extractor and taxonomy versions of each profile's extraction.
-- 'unknown' = written before versions were recorded (due for re-extraction); extractor 'synthetic' = a synthetic bulk
-- load whose questionnaire is a placeholder (never re-extracted).

ALTER TABLE profiles ADD COLUMN extractor_version TEXT NOT NULL DEFAULT 'unknown';
ALTER TABLE profiles ADD COLUMN taxonomy_version TEXT NOT NULL DEFAULT 'unknown';

UPDATE profiles
SET extractor_version = 'synthetic'
WHERE json_extract(questionnaire, '$.format') = 'text' AND json_extract(questionnaire, '$.content') = 'synthetic profile';
