namespace Matching.Core.Taxonomy;

/// <summary>
/// One spelling a skill is found by. Short or ambiguous spellings carry context rules:
/// <see cref="CaseSensitive"/> (only the capitalisation written), <see cref="NeedsContext"/> (only next to
/// other tech terms) and <see cref="Exclude"/> (phrases that cancel the mention, e.g. "R&amp;D").
/// </summary>
public sealed record SkillAlias(
    string Text,
    string Language,
    bool CaseSensitive = false,
    bool NeedsContext = false,
    IReadOnlyList<string>? Exclude = null,
    string? Note = null)
{
    public bool HasRule => CaseSensitive || NeedsContext || Exclude is { Count: > 0 };
}

public sealed record SkillDefinition(
    string Id,
    string Name,
    string Category,
    IReadOnlyList<string> Parents,
    IReadOnlyList<string> Related,
    IReadOnlyList<SkillAlias> Aliases)
{
    /// <summary>
    /// A broad concept ("databases", "machine learning", "backend development"): named by a candidate, it says less of
    /// their strengths than the tools and specialities under it, and extraction ranks it below them.
    /// </summary>
    public bool Umbrella { get; init; }

    /// <summary>Ids of this skill in other systems (an ESCO URI, a Lightcast id, the customer's own), by system name.</summary>
    public IReadOnlyDictionary<string, string> ExternalIds { get; init; } = NoExternalIds;

    /// <summary>Added through the API (the database's overlay), not shipped in <c>db/taxonomy.json</c>; only these can be retired.</summary>
    public bool Custom { get; init; }

    private static readonly IReadOnlyDictionary<string, string> NoExternalIds = new Dictionary<string, string>();
}

public sealed record SkillCategory(string Id, string Name);

/// <summary>A term resolved to a skill, with the alias that matched.</summary>
public sealed record SkillResolution(SkillDefinition Skill, string MatchedAlias, bool Exact);
