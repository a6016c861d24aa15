using Matching.Api.Infrastructure;
using Matching.Core.Scoring;
using Matching.Data;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Matching.Api.Features.Search;

/// <summary>The filter, facets and cursor of a search request (/match, /profiles/{id}/similar), checked the same way.</summary>
internal static class SearchRequests
{
    /// <summary>
    /// The filter to apply: the request's when it gives one (checked: 400 naming the field, 422 for unknown excluded
    /// skills), else <paramref name="fallback"/> (a job's default). Facet names are checked too.
    /// </summary>
    public static async Task<(MatchFilter? Filter, ProblemHttpResult? Problem)> FilterAsync(FilterInput? input, MatchFilter? fallback,
        IReadOnlyList<string>? facets, ICustomFieldStore customFields, SkillResolver resolver, CancellationToken ct, string prefix = "filter.")
    {
        var needsCatalog = input?.Custom is { Count: > 0 } || facets?.Any(f => f?.StartsWith("custom.", StringComparison.Ordinal) == true) == true;
        var declared = needsCatalog
            ? await CustomFieldCatalog.ReadAsync(customFields, ct)
            : new Dictionary<string, Core.Profiles.CustomFieldDefinition>(StringComparer.Ordinal);
        var errors = new List<FieldError>();
        var unknown = new List<UnknownSkill>();
        var filter = input is null ? fallback : FilterRules.Build(input, prefix, declared, resolver, errors, unknown);
        FilterRules.CheckFacets(facets, "facets", declared, errors);
        if (errors.Count > 0) return (null, AttributeRules.Problem(errors));
        if (unknown.Count > 0) return (null, UnknownSkills.Problem(unknown));
        return (filter is { IsEmpty: true } ? null : filter, null);
    }

    public static ProblemHttpResult InvalidCursor() =>
        Problems.Result(ProblemTypes.InvalidCursor,
            "The cursor is not one this API issued for this query; send the nextCursor of the previous page with the same query.");
}
