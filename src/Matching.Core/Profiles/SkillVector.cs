using Matching.Core.Taxonomy;

namespace Matching.Core.Profiles;

/// <summary>
/// Builds a profile's effective skill vector: the mentioned skills, a recruiter's overrides on top, and every
/// taxonomy ancestor of what remains as <see cref="SkillSource.Inferred"/> (level = the strongest descendant's).
/// Negated skills (mentioned at level 0) and removed ones are left out and never inferred.
/// Extraction, overrides and re-extraction all go through here, so a stored profile is always consistent.
/// </summary>
public static class SkillVector
{
    public static IReadOnlyList<ProfileSkill> Compose(
        SkillTaxonomy taxonomy,
        IEnumerable<ProfileSkill> extracted,
        IEnumerable<SkillOverride>? overrides = null)
    {
        var explicitSkills = new Dictionary<string, ProfileSkill>(StringComparer.Ordinal);
        // A mentioned skill at level 0 is a negation ("с Kubernetes не работал"): not in the profile, and not
        // inferred back from a child either, exactly like a recruiter's removal.
        var removed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in extracted)
        {
            if (s.Source == SkillSource.Inferred || !taxonomy.Contains(s.SkillId)) continue;
            if (s.Level <= 0)
            {
                removed.Add(s.SkillId);
                continue;
            }
            if (!explicitSkills.TryGetValue(s.SkillId, out var existing) || existing.Level < s.Level)
                explicitSkills[s.SkillId] = s with { Via = null };
        }
        foreach (var id in removed) explicitSkills.Remove(id);

        foreach (var o in overrides ?? [])
        {
            if (!taxonomy.Contains(o.SkillId)) continue;
            if (o.Remove)
            {
                removed.Add(o.SkillId);
                explicitSkills.Remove(o.SkillId);
                continue;
            }
            if (o.Level is not { } level) continue;
            removed.Remove(o.SkillId);
            explicitSkills[o.SkillId] = explicitSkills.TryGetValue(o.SkillId, out var had)
                ? had with { Level = Clamp(level), Source = SkillSource.Manual, Reason = "set by a recruiter" }
                : new ProfileSkill(o.SkillId, Clamp(level), SkillSource.Manual, [], "added by a recruiter");
        }

        var inferred = new Dictionary<int, (double Level, int Via)>();
        foreach (var s in explicitSkills.Values)
        {
            var ordinal = taxonomy.OrdinalOf(s.SkillId);
            foreach (var a in taxonomy.AncestorsOf(ordinal))
            {
                var id = taxonomy[a].Id;
                if (explicitSkills.ContainsKey(id) || removed.Contains(id)) continue;
                if (!inferred.TryGetValue(a, out var best) || s.Level > best.Level
                    || s.Level == best.Level && string.CompareOrdinal(s.SkillId, taxonomy[best.Via].Id) < 0)
                    inferred[a] = (s.Level, ordinal);
            }
        }

        var result = new List<ProfileSkill>(explicitSkills.Count + inferred.Count);
        result.AddRange(explicitSkills.Values);
        foreach (var (ordinal, (level, via)) in inferred)
        {
            var viaSkill = taxonomy[via];
            result.Add(new ProfileSkill(taxonomy[ordinal].Id, level, SkillSource.Inferred, [],
                $"implied by {viaSkill.Name}", viaSkill.Id));
        }
        result.Sort(static (a, b) =>
        {
            var c = b.Level.CompareTo(a.Level);
            if (c != 0) return c;
            c = (a.Source == SkillSource.Inferred).CompareTo(b.Source == SkillSource.Inferred);
            return c != 0 ? c : string.CompareOrdinal(a.SkillId, b.SkillId);
        });
        return result;
    }

    private static double Clamp(double level) => Math.Round(Math.Clamp(level, 0, 1), 4);
}
