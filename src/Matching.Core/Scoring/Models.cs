using Matching.Core.Profiles;

namespace Matching.Core.Scoring;

public enum Relation { Exact, Child, Parent, Related, None }

/// <summary>How one requirement was met. Contributions of a profile's breakdown add up to its score exactly.</summary>
public sealed record RequirementScore(
    string Requirement,
    string? MatchedSkill,
    Relation Relation,
    double Level,
    double Credit,
    decimal Contribution,
    IReadOnlyList<Evidence> Evidence);

public sealed record ProfileScore(
    decimal Score,
    IReadOnlyList<string> MissingRequired,
    IReadOnlyList<RequirementScore> Breakdown);
