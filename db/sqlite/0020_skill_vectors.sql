-- Same as db/postgres/0020_skill_vectors.sql: each profile's effective skills as one compact text, kept in step with
-- profile_skills by every write, so the match index loads one row per profile.

ALTER TABLE profiles ADD COLUMN skill_vector TEXT NOT NULL DEFAULT '';

UPDATE profiles
SET skill_vector = COALESCE((
    SELECT group_concat(s.skill_id || ':' || CAST(s.level AS TEXT) || ':'
                        || CASE s.source WHEN 'mentioned' THEN 'm' WHEN 'inferred' THEN 'i' ELSE 'r' END
                        || COALESCE(':' || s.via, ''), ',')
    FROM profile_skills s
    WHERE s.profile_id = profiles.id
), '');
