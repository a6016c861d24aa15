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
public readonly record struct RequirementScore(
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
public sealed record MatchOptions(int TopK = 20, double? MinScore = null, bool Strict = false, bool Explain = false)
{
    /// <summary>Only profiles this filter accepts (<see cref="MatchFilter.Matches"/>) are ranked, counted and faceted.</summary>
    public MatchFilter? Filter { get; init; }

    /// <summary>
    /// Facets to count over the whole ranking (every profile that passes the filter, matched something and passes
    /// strict/minScore; not only the page): "location.country", "location.city", "remote", "relocation", "languages",
    /// "tags", "skills", "custom.&lt;key&gt;" (<see cref="MatchFacets.Names"/>). Unknown names throw <see cref="ArgumentException"/>;
    /// a custom key no profile has gives an empty list.
    /// </summary>
    /// <remarks>
    /// Values: countries as normalised (upper case); cities compared case-insensitively and shown as first indexed;
    /// "true"/"false" for remote and relocation; language codes and tags as normalised; for "skills" every skill id of
    /// the effective vector at a level above 0 (inferred ones included); custom strings by their
    /// <see cref="CustomValue.TextKey"/>, numbers and dates as <see cref="CustomValue.ToString"/> (−0 counts as 0).
    /// "skills" decodes every ranked profile's vector: it costs about as much as the query itself per 10,000 ranked profiles.
    /// </remarks>
    public IReadOnlyList<string>? Facets { get; init; }

    /// <summary>The most values returned per facet (the most frequent ones).</summary>
    public int FacetSize { get; init; } = 20;

    /// <summary>
    /// Keyset paging: return the hits ranked strictly after this position (the <see cref="MatchOutcome.Next"/> of the
    /// previous page). A profile that did not change between two pages is never repeated nor skipped.
    /// </summary>
    public MatchCursor? After { get; init; }
}

/// <summary>
/// A position in a ranking: the hit's missing required count, its score in ten-thousandths of a point
/// (score × 10,000, exactly as the index ranks) and its profile id. Rankings order by missing ascending, units
/// descending, then profile id (ordinal string order) ascending.
/// </summary>
public sealed record MatchCursor(int Missing, int ScoreUnits, string ProfileId)
{
    /// <summary>The cursor of a hit.</summary>
    public static MatchCursor Of(MatchHit hit) =>
        new(hit.MissingRequired.Count, (int)(hit.Score * ScoringRules.UnitsPerPoint), hit.ProfileId);

    /// <summary>Compares two positions in ranking order (negative: <paramref name="a"/> ranks first).</summary>
    public static int Compare(MatchCursor a, MatchCursor b)
    {
        if (a.Missing != b.Missing) return a.Missing.CompareTo(b.Missing);
        if (a.ScoreUnits != b.ScoreUnits) return b.ScoreUnits.CompareTo(a.ScoreUnits);
        return string.CompareOrdinal(a.ProfileId, b.ProfileId);
    }
}

/// <summary>One value of a facet and how many profiles of the ranking have it.</summary>
public sealed record FacetValue(string Value, int Count);

/// <param name="Considered">How many profiles the pool held when the query ran.</param>
/// <param name="Hits">The page: at most TopK hits after <see cref="MatchOptions.After"/>.</param>
public sealed record MatchOutcome(int Considered, IReadOnlyList<MatchHit> Hits)
{
    /// <summary>The size of the whole ranking: profiles that pass the filter, matched something and pass strict/minScore.</summary>
    public int Matched { get; init; }

    /// <summary>Per requested facet, its most frequent values (count descending, then value ordinal); null when none were asked.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<FacetValue>>? Facets { get; init; }

    /// <summary>The cursor of the last hit when more hits follow it, else null.</summary>
    public MatchCursor? Next { get; init; }
}

/// <summary>What <see cref="MatchIndex.Similar"/> ranks: like <see cref="MatchOptions"/>, with the source profile's skills as the job.</summary>
public sealed record SimilarOptions(int TopK = 20, MatchFilter? Filter = null, bool Explain = false)
{
    /// <inheritdoc cref="MatchOptions.After"/>
    public MatchCursor? After { get; init; }
    /// <inheritdoc cref="MatchOptions.Facets"/>
    public IReadOnlyList<string>? Facets { get; init; }
    /// <inheritdoc cref="MatchOptions.FacetSize"/>
    public int FacetSize { get; init; } = 20;
}

/// <summary>How often another skill goes together with a skill in the stored profiles (effective vectors, level above 0).</summary>
/// <param name="Together">Profiles that have both.</param>
/// <param name="Lift">P(other | skill) / P(other): above 1, the two go together more often than chance.</param>
public sealed record SkillCoOccurrence(string SkillId, int Together, double Lift);

/// <summary>The facet names <see cref="MatchOptions.Facets"/> accepts.</summary>
public static class MatchFacets
{
    public const string Country = "location.country";
    public const string City = "location.city";
    public const string Remote = "remote";
    public const string Relocation = "relocation";
    public const string Languages = "languages";
    public const string Tags = "tags";
    public const string Skills = "skills";
    /// <summary>The prefix of a custom field's facet: "custom.&lt;key&gt;".</summary>
    public const string CustomPrefix = "custom.";

    public static readonly IReadOnlyList<string> Names = [Country, City, Remote, Relocation, Languages, Tags, Skills];

    /// <summary>True for a name <see cref="MatchOptions.Facets"/> accepts.</summary>
    public static bool IsValid(string? name) =>
        name is not null && (Names.Contains(name) || name.StartsWith(CustomPrefix, StringComparison.Ordinal) && name.Length > CustomPrefix.Length);
}

/// <summary>One ranked candidate. <see cref="Rank"/> is the position in the whole ranking, from 1 (a later page continues the count).</summary>
/// <param name="Explanation">
/// With <see cref="MatchOptions.Explain"/>: the breakdown from <see cref="Scorer"/> on the ranked version of the profile
/// (its score and missing skills equal the hit's); evidence lists are empty.
/// </param>
public sealed record MatchHit(int Rank, string ProfileId, string? ExternalId, decimal Score, IReadOnlyList<string> MissingRequired,
    ProfileScore? Explanation = null);

/// <summary>A profile as the index takes it: its effective vector (mentioned, manual and inferred skills; evidence unused).</summary>
/// <param name="Attributes">What the profile is besides skills (null: nothing stated); the index normalises them.</param>
public sealed record IndexedProfile(string ProfileId, string? ExternalId, IReadOnlyList<ProfileSkill> EffectiveSkills,
    ProfileAttributes? Attributes = null);

/// <summary>One entry of an effective vector without evidence, for loading the index from stored rows.</summary>
/// <param name="Via">For an inferred skill, the skill that implied it (explanations name it as the matched skill).</param>
public readonly record struct IndexedSkill(string SkillId, double Level, SkillSource Source, string? Via = null);

/// <summary>An effective skill by its taxonomy ordinal, for loaders that look skills up themselves.</summary>
/// <param name="Via">For an inferred skill, the ordinal of the skill that implied it; -1 when none or unknown.</param>
public readonly record struct IndexedOrdinal(int Ordinal, double Level, SkillSource Source, int Via = -1)
{
    public bool IsExplicit => Source != SkillSource.Inferred;
}
