using Matching.Core.Jobs;
using Matching.Core.Profiles;
using Matching.Core.Taxonomy;

namespace Matching.Core.Scoring;

/// <summary>
/// Scores one profile against a job's requirements and explains every point. <see cref="MatchIndex"/> ranks with the
/// same rules (<see cref="ScoringRules"/>), so the breakdown of a returned candidate always adds up to its ranked score.
/// </summary>
/// <remarks>
/// Per requirement R the options are (see <see cref="ScoringRules"/> for the factors):
/// <c>exact</c> — R in the vector as mentioned or manual; <c>child</c> — R in the vector as inferred (the matched skill is
/// the entry's <see cref="ProfileSkill.Via"/>, the descendant that implied it, and the evidence is that skill's);
/// <c>parent</c> — a mentioned or manual direct parent of R; <c>related</c> — a mentioned or manual skill related to R.
/// The best option has the highest credit; ties go to exact, child, parent, related in that order, then to the matched
/// skill id in ordinal order. No option: relation <see cref="Relation.None"/>, credit 0, level 0.
/// A required R is satisfied only by its exact or child option at a level of at least minLevel; a parent or related
/// skill earns credit but never satisfies. Skills and requirements unknown to the taxonomy match nothing. When the vector
/// holds one skill twice, the mentioned or manual entry wins over the inferred one, then the higher level.
/// </remarks>
public static class Scorer
{
    public static ProfileScore Score(SkillTaxonomy taxonomy, IReadOnlyList<ProfileSkill> effectiveSkills, IReadOnlyList<Requirement> requirements)
    {
        ArgumentNullException.ThrowIfNull(taxonomy);
        ArgumentNullException.ThrowIfNull(effectiveSkills);
        ScoringRules.Validate(requirements);

        var vector = new Dictionary<int, ProfileSkill>(effectiveSkills.Count);
        foreach (var skill in effectiveSkills)
        {
            var ordinal = taxonomy.OrdinalOf(skill.SkillId);
            if (ordinal < 0) continue;
            if (!vector.TryGetValue(ordinal, out var had)
                || VectorRules.Replaces(IsExplicit(skill), skill.Level, IsExplicit(had), had.Level))
                vector[ordinal] = skill;
        }
        return ScoreVector(taxonomy, vector, requirements);
    }

    /// <summary>
    /// Scores a vector already keyed by taxonomy ordinal, one entry per skill (what <see cref="MatchIndex"/> decodes from
    /// the version it ranked). It may leave out skills the requirements cannot reach: only each requirement's own skill,
    /// its direct parents and related skills, and an inferred entry's via are ever read.
    /// </summary>
    internal static ProfileScore ScoreVector(SkillTaxonomy taxonomy, Dictionary<int, ProfileSkill> vector, IReadOnlyList<Requirement> requirements)
    {
        var totalWeight = ScoringRules.TotalWeight(requirements);
        var breakdown = new RequirementScore[requirements.Count];
        var missing = new List<string>();
        long units = 0;
        for (var i = 0; i < requirements.Count; i++)
        {
            var requirement = requirements[i];
            var minLevel = ScoringRules.Quantize(requirement.MinLevel);
            var best = Option.None;
            ProfileSkill? own = null;
            var r = taxonomy.OrdinalOf(requirement.Skill);
            if (r >= 0)
            {
                if (vector.TryGetValue(r, out own))
                {
                    if (IsExplicit(own))
                        best = Better(best, Option.Of(Relation.Exact, own.SkillId, own, own.Evidence, minLevel));
                    else
                    {
                        var via = own.Via ?? own.SkillId;
                        var viaOrdinal = taxonomy.OrdinalOf(via);
                        var evidence = viaOrdinal >= 0 && vector.TryGetValue(viaOrdinal, out var viaSkill) ? viaSkill.Evidence : [];
                        best = Better(best, Option.Of(Relation.Child, via, own, evidence, minLevel));
                    }
                }
                foreach (var a in taxonomy.ParentsOf(r))
                    if (vector.TryGetValue(a, out var parent) && IsExplicit(parent))
                        best = Better(best, Option.Of(Relation.Parent, parent.SkillId, parent, parent.Evidence, minLevel));
                foreach (var s in taxonomy.RelatedOf(r))
                    if (vector.TryGetValue(s, out var related) && IsExplicit(related))
                        best = Better(best, Option.Of(Relation.Related, related.SkillId, related, related.Evidence, minLevel));
            }

            var satisfied = own is not null && ScoringRules.Quantize(own.Level) >= minLevel;
            if (requirement.Required && !satisfied) missing.Add(requirement.Skill);

            var contribution = ScoringRules.ContributionUnits(requirement.Weight, best.Credit, totalWeight);
            units += contribution;
            // The depth part is what the contribution gains over its credit up to minLevel, so the two parts add up exactly.
            var depth = contribution - ScoringRules.ContributionUnits(requirement.Weight, best.MetCredit, totalWeight);
            breakdown[i] = new RequirementScore(requirement.Skill, best.MatchedSkill, best.Relation, best.Level,
                best.Credit, best.Credit - best.MetCredit, ScoringRules.FromUnits(contribution), ScoringRules.FromUnits(depth), best.Evidence);
        }
        return new ProfileScore(ScoringRules.FromUnits(units), missing, breakdown);
    }

    private static bool IsExplicit(ProfileSkill skill) => skill.Source != SkillSource.Inferred;

    private static Option Better(Option current, Option candidate)
    {
        if (current.Relation == Relation.None) return candidate;
        if (candidate.Credit != current.Credit) return candidate.Credit > current.Credit ? candidate : current;
        if (candidate.Relation != current.Relation) return candidate.Relation < current.Relation ? candidate : current;
        return string.CompareOrdinal(candidate.MatchedSkill, current.MatchedSkill) < 0 ? candidate : current;
    }

    private readonly record struct Option(Relation Relation, string? MatchedSkill, double Level, double Credit, double MetCredit,
        IReadOnlyList<Evidence> Evidence)
    {
        public static readonly Option None = new(Relation.None, null, 0, 0, 0, []);

        public static Option Of(Relation relation, string matched, ProfileSkill entry, IReadOnlyList<Evidence> evidence, float minLevel)
        {
            var factor = ScoringRules.FactorOf(relation);
            var level = ScoringRules.Quantize(entry.Level);
            return new(relation, matched, entry.Level,
                ScoringRules.Credit(factor, level, minLevel), ScoringRules.MetCredit(factor, level, minLevel), evidence);
        }
    }
}

/// <summary>Rules about an effective vector that the scorer and the index must apply identically.</summary>
internal static class VectorRules
{
    /// <summary>When a vector names a skill twice: mentioned or manual beats inferred, then the higher level, else the first stays.</summary>
    public static bool Replaces(bool isExplicit, double level, bool existingExplicit, double existingLevel) =>
        isExplicit != existingExplicit ? isExplicit : level > existingLevel;
}
