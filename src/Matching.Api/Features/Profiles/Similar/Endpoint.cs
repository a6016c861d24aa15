using FastEndpoints;
using FluentValidation;
using Matching.Api.Contracts;
using Matching.Api.Features.Match;
using Matching.Api.Features.Search;
using Matching.Api.Infrastructure;
using Matching.Core.Scoring;
using Matching.Core.Taxonomy;
using Matching.Data;

namespace Matching.Api.Features.Profiles.Similar;

/// <summary>GET /profiles/{id}/similar: paging without a filter.</summary>
public sealed class Request
{
    /// <summary>The source profile's id.</summary>
    public string Id { get; set; } = "";
    /// <summary>How many similar candidates to return, 1–1000 (default 20).</summary>
    public int? TopK { get; set; }
    /// <summary>The nextCursor of the previous page (same profile, same filter).</summary>
    public string? Cursor { get; set; }
}

/// <summary>The body of POST /profiles/{id}/similar: paging, a filter and facets.</summary>
[NJsonSchema.Annotations.JsonSchema("SimilarRequest")]
public sealed class FilteredRequest
{
    /// <summary>The source profile's id.</summary>
    public string Id { get; set; } = "";
    /// <summary>How many similar candidates to return, 1–1000 (default 20).</summary>
    public int? TopK { get; set; }
    /// <summary>The nextCursor of the previous page (same profile, same filter).</summary>
    public string? Cursor { get; set; }
    /// <summary>Only candidates that pass this filter (the same shape and rules as /match's filter).</summary>
    public FilterInput? Filter { get; set; }
    /// <summary>Facets to count over the whole ranking (as /match's facets).</summary>
    public List<string>? Facets { get; set; }
}

public sealed class Validator : Validator<Request>
{
    public Validator(ApiLimits limits)
    {
        RuleFor(r => r.TopK).InclusiveBetween(1, limits.MaxTopK);
        RuleFor(r => r.Cursor).MaximumLength(512);
    }
}

public sealed class FilteredValidator : Validator<FilteredRequest>
{
    public FilteredValidator(ApiLimits limits)
    {
        RuleFor(r => r.TopK).InclusiveBetween(1, limits.MaxTopK);
        RuleFor(r => r.Cursor).MaximumLength(512);
    }
}

/// <summary>Candidates like one profile, explained per skill of the source.</summary>
/// <param name="ProfileId">The source profile.</param>
/// <param name="Considered">How many stored profiles were considered.</param>
/// <param name="Matched">How many candidates the whole ranking holds (all pages).</param>
/// <param name="Requirements">The source's mentioned and manual skills as requirements (weight = minLevel = its level): what similarity is scored against.</param>
/// <param name="Results">The most similar candidates, best first; each breakdown row is one skill of the source.</param>
/// <param name="Facets">Per requested facet, its most frequent values over the whole ranking; null when none were asked.</param>
/// <param name="NextCursor">Send as cursor for the next page; null on the last page.</param>
public sealed record SimilarResponse(
    string ProfileId,
    int Considered,
    int Matched,
    IReadOnlyList<RequirementDto> Requirements,
    IReadOnlyList<MatchResult> Results,
    IReadOnlyDictionary<string, IReadOnlyList<FacetValueDto>>? Facets,
    string? NextCursor);

/// <summary>The ranking both routes share.</summary>
internal static class SimilarRanking
{
    public const string Description =
        "Ranks every other profile against the source's own skills (each mentioned or manual skill at a level above 0 becomes " +
        "a requirement with weight and minLevel = the source's level), with the same credit rules as /match: exact, child " +
        "(0.9), parent (0.4), related (0.5) times the level's share. Each result's breakdown has one row per skill of the " +
        "source (how the candidate meets it). The source is never returned. Pages with cursor/nextCursor like /match; a cursor " +
        "from another profile or filter is a 400 invalid-cursor. 404 for an unknown profile.";

    public static async Task<Microsoft.AspNetCore.Http.IResult> RunAsync(string id, int? topK, string? cursorText, FilterInput? filterInput, List<string>? facets,
        MatchIndexHost index, IProfileReader profiles, ICustomFieldStore customFields, SkillResolver resolver, EvidenceCache evidence,
        ApiLimits limits, CancellationToken ct)
    {
        if (!index.IsReady)
            return Problems.Result(ProblemTypes.IndexLoading, "The match index is still loading; retry shortly.",
                new Dictionary<string, object?> { ["retryAfter"] = 2 });
        var (filter, problem) = await SearchRequests.FilterAsync(filterInput, null, facets, customFields, resolver, ct);
        if (problem is not null) return problem;
        var matchIndex = index.Index;
        var requirements = matchIndex.SimilarityRequirements(id);
        if (requirements is null)
        {
            // Not in this replica's index yet (or gone): the store decides between 404 and an empty answer.
            if (await profiles.GetAsync(id, ct) is null) return Problems.NotFound("Profile", id);
            requirements = [];
        }
        var k = topK ?? 20;
        if (ResponseBudget.CheckMatch(Math.Max(1, requirements.Count), k, limits) is { } tooLarge) return tooLarge;
        var hash = SearchCursor.QueryHash("similar:" + id, requirements, filter, false, null);
        MatchCursor? after = null;
        if (cursorText is { } cursor && (after = SearchCursor.Decode(cursor, hash)) is null) return SearchRequests.InvalidCursor();

        var outcome = requirements.Count == 0
            ? null
            : matchIndex.Similar(id, new SimilarOptions(k, filter, Explain: true) { After = after, Facets = facets });
        IReadOnlyList<MatchResult> results = outcome is null ? [] : await MatchExplanations.ExplainAsync(outcome.Hits, evidence, ct);
        return TypedResults.Ok(new SimilarResponse(id, outcome?.Considered ?? matchIndex.Count, outcome?.Matched ?? 0,
            requirements.Select(q => RequirementDto.From(q, matchIndex.Taxonomy)).ToList(), results,
            FacetValueDto.MapOf(outcome?.Facets),
            outcome?.Next is { } next ? SearchCursor.Encode(next, hash) : null));
    }
}

public sealed class Endpoint(MatchIndexHost index, IProfileReader profiles, ICustomFieldStore customFields, SkillResolver resolver,
    EvidenceCache evidence, ApiLimits limits) : Endpoint<Request, SimilarResponse>
{
    public override void Configure()
    {
        Get("/profiles/{id}/similar");
        Policies(ApiKeyDefaults.ReadPolicy);
        Description(b => b.ProducesProblems(400, 404, 503));
        Summary(s =>
        {
            s.Summary = "Candidates similar to a profile";
            s.Params["id"] = "The source profile's id";
            s.Description = SimilarRanking.Description + " To filter, use POST /profiles/{id}/similar with a filter in the body.";
            s.Responses[200] = "The most similar candidates, explained per skill of the source";
            s.Responses[404] = "No profile has this id";
        });
    }

    public override async Task HandleAsync(Request r, CancellationToken ct)
    {
        if (!index.IsReady) HttpContext.Response.Headers.RetryAfter = "2";
        await Send.ResultAsync(await SimilarRanking.RunAsync(r.Id, r.TopK, r.Cursor, null, null, index, profiles, customFields, resolver, evidence, limits, ct));
    }
}

public sealed class FilteredEndpoint(MatchIndexHost index, IProfileReader profiles, ICustomFieldStore customFields, SkillResolver resolver,
    EvidenceCache evidence, ApiLimits limits) : Endpoint<FilteredRequest, SimilarResponse>
{
    public override void Configure()
    {
        Post("/profiles/{id}/similar");
        Policies(ApiKeyDefaults.ReadPolicy);
        Description(b => b.ProducesProblems(400, 404, 422, 503));
        Summary(s =>
        {
            s.Summary = "Candidates similar to a profile, filtered";
            s.Params["id"] = "The source profile's id";
            s.Description = SimilarRanking.Description + " The body's filter has /match's shape and rules (400 naming the field; " +
                            "422 for an unknown skill in excludeSkills); facets as in /match. A read: nothing is stored.";
            s.Responses[200] = "The most similar candidates that pass the filter, explained per skill of the source";
            s.Responses[404] = "No profile has this id";
        });
    }

    public override async Task HandleAsync(FilteredRequest r, CancellationToken ct)
    {
        if (!index.IsReady) HttpContext.Response.Headers.RetryAfter = "2";
        await Send.ResultAsync(await SimilarRanking.RunAsync(r.Id, r.TopK, r.Cursor, r.Filter, r.Facets, index, profiles, customFields, resolver, evidence, limits, ct));
    }
}
