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

        var vector = new Dictionary<int, ScoredSkill>(effectiveSkills.Count);
        foreach (var skill in effectiveSkills)
        {
            var ordinal = taxonomy.OrdinalOf(skill.SkillId);
            if (ordinal < 0) continue;
            if (!vector.TryGetValue(ordinal, out var had)
                || VectorRules.Replaces(IsExplicit(skill.Source), skill.Level, IsExplicit(had.Source), had.Level))
                vector[ordinal] = new ScoredSkill(skill.SkillId, skill.Level, skill.Source, skill.Via,
                    skill.Source == SkillSource.Inferred ? taxonomy.OrdinalOf(skill.Via ?? skill.SkillId) : -1, skill.Evidence);
        }
        return ScoreVector(vector, new ScoringJob(taxonomy, requirements));
    }

    /// <summary>
    /// Scores a vector already keyed by taxonomy ordinal, one entry per skill (what <see cref="MatchIndex"/> decodes from
    /// the version it ranked). It may leave out skills the requirements cannot reach (<see cref="ScoringJob.Reachable"/>):
    /// only each requirement's own skill, its direct parents and related skills, and an inferred entry's via are ever read.
    /// </summary>
    internal static ProfileScore ScoreVector(Dictionary<int, ScoredSkill> vector, ScoringJob job)
    {
        var taxonomy = job.Taxonomy;
        var requirements = job.Requirements;
        var breakdown = new RequirementScore[requirements.Count];
        List<string>? missing = null;
        long units = 0;
        for (var i = 0; i < requirements.Count; i++)
        {
            var requirement = requirements[i];
            var minLevel = job.MinLevels[i];
            var best = Option.None;
            var satisfied = false;
            var r = job.Ordinals[i];
            if (r >= 0)
            {
                if (vector.TryGetValue(r, out var own))
                {
                    satisfied = ScoringRules.Quantize(own.Level) >= minLevel;
                    if (IsExplicit(own.Source))
                        best = Better(best, Option.Of(Relation.Exact, own.SkillId, own.Level, own.Evidence, minLevel));
                    else
                    {
                        var evidence = own.ViaOrdinal >= 0 && vector.TryGetValue(own.ViaOrdinal, out var viaSkill) ? viaSkill.Evidence : [];
                        best = Better(best, Option.Of(Relation.Child, own.Via ?? own.SkillId, own.Level, evidence, minLevel));
                    }
                }
                foreach (var a in taxonomy.ParentsOf(r))
                    if (vector.TryGetValue(a, out var parent) && IsExplicit(parent.Source))
                        best = Better(best, Option.Of(Relation.Parent, parent.SkillId, parent.Level, parent.Evidence, minLevel));
                foreach (var s in taxonomy.RelatedOf(r))
                    if (vector.TryGetValue(s, out var related) && IsExplicit(related.Source))
                        best = Better(best, Option.Of(Relation.Related, related.SkillId, related.Level, related.Evidence, minLevel));
            }

            if (requirement.Required && !satisfied) (missing ??= []).Add(requirement.Skill);

            var contribution = ScoringRules.ContributionUnits(requirement.Weight, best.Credit, job.TotalWeight);
            units += contribution;
            // The depth part is what the contribution gains over its credit up to minLevel, so the two parts add up exactly.
            var depth = contribution - ScoringRules.ContributionUnits(requirement.Weight, best.MetCredit, job.TotalWeight);
            breakdown[i] = new RequirementScore(requirement.Skill, best.MatchedSkill, best.Relation, best.Level,
                best.Credit, best.Credit - best.MetCredit, ScoringRules.FromUnits(contribution), ScoringRules.FromUnits(depth), best.Evidence);
        }
        return new ProfileScore(ScoringRules.FromUnits(units), missing ?? (IReadOnlyList<string>)[], breakdown);
    }

    private static bool IsExplicit(SkillSource source) => source != SkillSource.Inferred;

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

        public static Option Of(Relation relation, string matched, double entryLevel, IReadOnlyList<Evidence> evidence, float minLevel)
        {
            var factor = ScoringRules.FactorOf(relation);
            var level = ScoringRules.Quantize(entryLevel);
            return new(relation, matched, entryLevel,
                ScoringRules.Credit(factor, level, minLevel), ScoringRules.MetCredit(factor, level, minLevel), evidence);
        }
    }
}

/// <summary>
/// One skill of a vector as <see cref="Scorer"/> reads it: a profile skill, or an entry the index decoded (without
/// evidence). <paramref name="ViaOrdinal"/> is, for an inferred skill, the ordinal of <paramref name="Via"/> (or of the
/// skill itself when it has none; -1 when unknown), whose evidence a child match quotes; -1 for other skills.
/// </summary>
internal readonly record struct ScoredSkill(string SkillId, double Level, SkillSource Source, string? Via, int ViaOrdinal,
    IReadOnlyList<Evidence> Evidence);

/// <summary>What scoring reads of a job's requirements, worked out once for every profile scored against them.</summary>
internal sealed class ScoringJob
{
    public ScoringJob(SkillTaxonomy taxonomy, IReadOnlyList<Requirement> requirements)
    {
        Taxonomy = taxonomy;
        Requirements = requirements;
        TotalWeight = ScoringRules.TotalWeight(requirements);
        Ordinals = new int[requirements.Count];
        MinLevels = new float[requirements.Count];
        for (var i = 0; i < requirements.Count; i++)
        {
            Ordinals[i] = taxonomy.OrdinalOf(requirements[i].Skill);
            MinLevels[i] = ScoringRules.Quantize(requirements[i].MinLevel);
        }
    }

    public SkillTaxonomy Taxonomy { get; }
    public IReadOnlyList<Requirement> Requirements { get; }
    public double TotalWeight { get; }
    /// <summary>Each requirement's skill ordinal (-1 when the taxonomy does not know it).</summary>
    public int[] Ordinals { get; }
    /// <summary>Each requirement's quantised minLevel.</summary>
    public float[] MinLevels { get; }

    /// <summary>The skills the requirements can reach: each one's own skill, its direct parents and its related skills.</summary>
    public bool[] Reachable()
    {
        var reachable = new bool[Taxonomy.Count];
        foreach (var r in Ordinals)
        {
            if (r < 0) continue;
            reachable[r] = true;
            foreach (var p in Taxonomy.ParentsOf(r)) reachable[p] = true;
            foreach (var s in Taxonomy.RelatedOf(r)) reachable[s] = true;
        }
        return reachable;
    }
}

/// <summary>Rules about an effective vector that the scorer and the index must apply identically.</summary>
internal static class VectorRules
{
    /// <summary>When a vector names a skill twice: mentioned or manual beats inferred, then the higher level, else the first stays.</summary>
    public static bool Replaces(bool isExplicit, double level, bool existingExplicit, double existingLevel) =>
        isExplicit != existingExplicit ? isExplicit : level > existingLevel;
}
