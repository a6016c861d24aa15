using Matching.Api.Contracts;
using Matching.Api.Infrastructure;
using Matching.Core.Taxonomy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Matching.Api.Features.Taxonomy;

/// <summary>
/// A taxonomy change that was made: the overlay revision it got and the effective taxonomy version
/// (<c>{shipped}+{revision}</c>) that extraction, /match and new profiles use from now on; skill is the skill as it is
/// now (null after DELETE).
/// </summary>
public sealed record TaxonomyChangeResult(long Revision, string TaxonomyVersion, SkillDto? Skill);

/// <summary>One stored change of the overlay: kind create | update | retire, the skill, when and by which key.</summary>
public sealed record TaxonomyRevisionDto(long Revision, string Kind, string SkillId, DateTimeOffset At, string? Actor);

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
