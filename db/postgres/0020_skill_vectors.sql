-- Each profile's effective skills again as one compact text, kept in the same transaction as profile_skills by every
-- write: the match index loads a million profiles from a million rows instead of thirty million (see
-- src/Matching.Core/Profiles/SkillVectorText.cs for the format: "skill:level:source[:via]" entries joined by commas,
-- source m = mentioned, i = inferred, r = manual). profile_skills stays the source for reads, filters and evidence.

ALTER TABLE profiles ADD COLUMN skill_vector text NOT NULL DEFAULT '';

UPDATE profiles p
SET skill_vector = v.vector
FROM (
    SELECT profile_id,
           string_agg(skill_id || ':' || level::text || ':'
                      || CASE source WHEN 'mentioned' THEN 'm' WHEN 'inferred' THEN 'i' ELSE 'r' END
                      || COALESCE(':' || via, ''), ',' ORDER BY skill_id) AS vector
    FROM profile_skills
    GROUP BY profile_id
) v
WHERE v.profile_id = p.id;
