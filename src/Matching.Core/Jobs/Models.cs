namespace Matching.Core.Jobs;

/// <summary>A requirement as resolved: <see cref="Skill"/> is a taxonomy id.</summary>
public sealed record Requirement(string Skill, double Weight = 1.0, bool Required = false, double MinLevel = 0.5);

public static class JobStatus
{
    public const string Open = "open";
    public const string Closed = "closed";
}

public sealed record Job(
    string Id,
    string? ExternalId,
    string Title,
    string? Description,
    string Status,
    IReadOnlyList<Requirement> Requirements,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    Scoring.MatchFilter? Filter = null);
