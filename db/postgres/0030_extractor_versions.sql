-- Which extraction rules and taxonomy made each profile's stored extraction: ExtractorVersion.Current and
-- SkillTaxonomy.Version when it was written, by every ingest and every re-extraction. A profile whose versions differ
-- from the running program's is due for re-extraction (src/Matching.Data/Reextraction). Two values are special:
--   'unknown'   (both columns) rows written before versions were recorded, or by a replica that does not know them yet
--               during a rolling deploy (hence the default stays): due, so they are re-extracted from their questionnaire.
--   'synthetic' (extractor_version) rows of the synthetic bulk loader, whose questionnaire is a placeholder that yields
--               nothing: never re-extracted.

ALTER TABLE profiles ADD COLUMN extractor_version text NOT NULL DEFAULT 'unknown';
ALTER TABLE profiles ADD COLUMN taxonomy_version text NOT NULL DEFAULT 'unknown';

-- Synthetic profiles loaded before this migration, recognised by the loader's placeholder questionnaire. No ingest can
-- have stored that one: it names no skill, which POST /profiles refuses with a 422.
UPDATE profiles
SET extractor_version = 'synthetic'
WHERE questionnaire ->> 'format' = 'text' AND questionnaire ->> 'content' = 'synthetic profile';
