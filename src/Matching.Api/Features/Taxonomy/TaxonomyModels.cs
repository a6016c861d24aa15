using System.ComponentModel.DataAnnotations;
using Matching.Api.Contracts;
using Matching.Api.Infrastructure;
using Matching.Core.Taxonomy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Matching.Api.Features.Taxonomy;

/// <summary>A taxonomy change that was made, and the taxonomy version extraction, /match and new profiles use from now on.</summary>
/// <param name="Revision">The overlay revision the change got (1 for the first change made through the API).</param>
/// <param name="TaxonomyVersion">The effective taxonomy version after the change: {shipped}+{revision}, e.g. 2.3+4.</param>
/// <param name="Skill">The skill as it is now.</param>
public sealed record TaxonomyChangeResult(long Revision, string TaxonomyVersion, SkillDto Skill);

/// <summary>A custom skill retired, and the taxonomy version extraction, /match and new profiles use from now on.</summary>
/// <param name="Revision">The overlay revision the retirement got.</param>
/// <param name="TaxonomyVersion">The effective taxonomy version after it: {shipped}+{revision}.</param>
/// <param name="Retired">The id of the skill taken out; it may be used again by a later POST /taxonomy/skills.</param>
public sealed record TaxonomyRetireResult(long Revision, string TaxonomyVersion, string Retired);

/// <summary>One stored change of the taxonomy overlay.</summary>
/// <param name="Revision">The overlay revision it made.</param>
/// <param name="Kind">create: a custom skill added; update: aliases or external ids changed; retire: a custom skill taken out.</param>
/// <param name="SkillId">The id of the skill it changed.</param>
/// <param name="At">When it was made (UTC).</param>
/// <param name="Actor">The name of the API key that made it, or null when unknown.</param>
public sealed record TaxonomyRevisionDto(
    long Revision,
    [property: AllowedValues("create", "update", "retire")] string Kind,
    string SkillId,
    DateTimeOffset At,
    string? Actor);

/// <summary>What differs between two versions of the taxonomy, skill by skill.</summary>
/// <param name="From">The version compared from, as taxonomyVersion shows it.</param>
/// <param name="To">The version compared to.</param>
/// <param name="Added">The ids of skills in to but not in from.</param>
/// <param name="Removed">The ids of skills in from but not in to.</param>
/// <param name="Changed">The skills in both whose aliases or other fields differ.</param>
public sealed record TaxonomyDiffDto(
    string From,
    string To,
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Removed,
    IReadOnlyList<SkillDiffDto> Changed)
{
    public static TaxonomyDiffDto Of(TaxonomyDiff diff) =>
        new(diff.From, diff.To, diff.Added, diff.Removed, diff.Changed.Select(SkillDiffDto.Of).ToList());
}

/// <summary>One skill in both versions: the aliases it gained and lost, and which other fields changed.</summary>
/// <param name="Id">The skill's id.</param>
/// <param name="AddedAliases">Spellings it has in to but not in from.</param>
/// <param name="RemovedAliases">Spellings it had in from but not in to.</param>
/// <param name="Fields">The other fields whose values differ.</param>
public sealed record SkillDiffDto(
    string Id,
    IReadOnlyList<string> AddedAliases,
    IReadOnlyList<string> RemovedAliases,
    [property: AllowedValues("name", "category", "parents", "related", "externalIds")] IReadOnlyList<string> Fields)
{
    public static SkillDiffDto Of(SkillDiff diff) => new(diff.Id, diff.AddedAliases, diff.RemovedAliases, diff.Fields);
}

internal static class TaxonomyProblems
{
    /// <summary>The problem for a change that cannot be made: the overlay's code is the problem's code.</summary>
    public static ProblemHttpResult From(TaxonomyEditError error) =>
        error.Code == TaxonomyEditCodes.NotFound
            ? Problems.Result(ProblemTypes.NotFound, error.Message)
            : Problems.Result(ProblemTypes.Find(error.Code) ?? ProblemTypes.InvalidTaxonomyChange, error.Message);

    public static TaxonomyRevisionDto Dto(TaxonomyRevision r) =>
        new(r.Revision, r.Change.Kind.ToString().ToLowerInvariant(), r.Change.SkillId, r.At, r.Actor);
}
