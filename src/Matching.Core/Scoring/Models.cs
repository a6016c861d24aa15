using Matching.Core.Profiles;

namespace Matching.Core.Scoring;

/// <summary>How a profile meets a requirement. When two options earn the same credit, the earlier one here wins.</summary>
public enum Relation { Exact, Child, Parent, Related, None }

/// <summary>
/// How one requirement was met. <see cref="Level"/> is the matched entry's level as stored (0 when nothing matched),
/// <see cref="Credit"/> is in [0, 1], and the contributions of a breakdown add up to its profile's score exactly.
/// </summary>
/// <param name="DepthCredit">
/// The part of <see cref="Credit"/> earned by the level's depth above minLevel (0 below it): at or above minLevel the
/// credit is factor × <see cref="ScoringRules.MeetShare"/> for meeting it plus this.
/// </param>
/// <param name="DepthContribution">
/// The points of <see cref="Contribution"/> that depth earned; Contribution − DepthContribution is what meeting (or, below
/// it, approaching) minLevel earned. Both parts have 4 decimals and add up to the contribution exactly.
/// </param>
public sealed record RequirementScore(
    string Requirement,
    string? MatchedSkill,
    Relation Relation,
    double Level,
    double Credit,
    double DepthCredit,
    decimal Contribution,
    decimal DepthContribution,
    IReadOnlyList<Evidence> Evidence);

/// <summary>
/// A profile's score against a list of requirements, 0–100 with 4 decimals; <see cref="MissingRequired"/> has one entry per
/// required requirement that is not satisfied, in requirement order.
/// </summary>
public sealed record ProfileScore(
    decimal Score,
    IReadOnlyList<string> MissingRequired,
    IReadOnlyList<RequirementScore> Breakdown)
{
    /// <summary>
    /// True when at least one requirement found an option (even one worth 0 points). A profile with score 0 that matched
    /// nothing is not a match result.
    /// </summary>
    public bool MatchedAnything => Breakdown.Any(b => b.Relation != Relation.None);
}

/// <summary>What a <see cref="MatchIndex.Match"/> call returns besides the requirements.</summary>
/// <param name="TopK">How many results at most (0 returns none).</param>
/// <param name="MinScore">Results scoring below this are dropped.</param>
/// <param name="Strict">Drop candidates missing a required skill (otherwise they rank below all who have them).</param>
/// <param name="Explain">
/// Give every hit its <see cref="MatchHit.Explanation"/>: <see cref="Scorer.Score"/> on the vector the index ranked (no
/// evidence: the index keeps none).
/// </param>
public sealed record MatchOptions(int TopK = 20, double? MinScore = null, bool Strict = false, bool Explain = false);

/// <param name="Considered">How many profiles the pool held when the query ran.</param>
public sealed record MatchOutcome(int Considered, IReadOnlyList<MatchHit> Hits);

/// <summary>One ranked candidate. <see cref="Rank"/> starts at 1.</summary>
/// <param name="Explanation">
/// With <see cref="MatchOptions.Explain"/>: the breakdown from <see cref="Scorer"/> on the ranked version of the profile
/// (its score and missing skills equal the hit's); evidence lists are empty.
/// </param>
public sealed record MatchHit(int Rank, string ProfileId, string? ExternalId, decimal Score, IReadOnlyList<string> MissingRequired,
    ProfileScore? Explanation = null);

/// <summary>A profile as the index takes it: its effective vector (mentioned, manual and inferred skills; evidence unused).</summary>
public sealed record IndexedProfile(string ProfileId, string? ExternalId, IReadOnlyList<ProfileSkill> EffectiveSkills);

/// <summary>One entry of an effective vector without evidence, for loading the index from stored rows.</summary>
/// <param name="Via">For an inferred skill, the skill that implied it (explanations name it as the matched skill).</param>
public readonly record struct IndexedSkill(string SkillId, double Level, SkillSource Source, string? Via = null);

/// <summary>An effective skill by its taxonomy ordinal, for loaders that look skills up themselves.</summary>
/// <param name="Via">For an inferred skill, the ordinal of the skill that implied it; -1 when none or unknown.</param>
public readonly record struct IndexedOrdinal(int Ordinal, double Level, SkillSource Source, int Via = -1)
{
    public bool IsExplicit => Source != SkillSource.Inferred;
}
