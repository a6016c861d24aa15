using FastEndpoints;
using FluentValidation;
using Matching.Api.Contracts;
using Matching.Api.Features.Requirements;
using Matching.Api.Infrastructure;
using Matching.Core.Jobs;
using Matching.Core.Scoring;
using Matching.Core.Taxonomy;
using Matching.Data;

namespace Matching.Api.Features.Match;

/// <summary>What to match: a stored job (jobId) or ad-hoc requirements, not both.</summary>
public sealed class Request
{
    /// <summary>A stored job whose requirements to match. Give this or requirements.</summary>
    public string? JobId { get; set; }
    /// <summary>Ad-hoc requirements. Give these or jobId.</summary>
    public List<RequirementInput>? Requirements { get; set; }
    /// <summary>How many candidates to return, 1–1000 (default 20).</summary>
    public int? TopK { get; set; }
    /// <summary>Only candidates whose (two-decimal) score is at least this (0–100).</summary>
    public double? MinScore { get; set; }
    /// <summary>Drop candidates missing a required skill (default false: they rank below all who have them).</summary>
    public bool? Strict { get; set; }
    /// <summary>
    /// Only candidates that pass this filter (location, remote, languages, years, salary, availability, tags, excluded skills,
    /// custom fields). With jobId and no filter, the job's default filter applies; a filter here replaces it (send {} for none).
    /// </summary>
    public Search.FilterInput? Filter { get; set; }
    /// <summary>Facets to count over the whole ranking: location.country, location.city, remote, relocation, languages, tags, skills, custom.&lt;key&gt;.</summary>
    public List<string>? Facets { get; set; }
    /// <summary>The nextCursor of the previous page of the same query: the next topK after it.</summary>
    public string? Cursor { get; set; }
}

public sealed class Validator : Validator<Request>
{
    public Validator(ApiLimits limits)
    {
        RuleFor(r => r).Must(r => string.IsNullOrWhiteSpace(r.JobId) != (r.Requirements is null))
            .WithName("body").WithMessage("Give either jobId or requirements, not both.");
        RuleFor(r => r.JobId).MaximumLength(200);
        RuleFor(r => r.TopK).InclusiveBetween(1, limits.MaxTopK);
        RuleFor(r => r.MinScore).InclusiveBetween(0, 100);
        this.AddRequirementRules(r => r.Requirements, limits, required: false);
        RuleFor(r => r.Requirements).NotEmpty().When(r => r.Requirements is not null).WithMessage("requirements: give at least one.");
        RuleFor(r => r.Cursor).MaximumLength(512);
    }
}

/// <summary>One ranked candidate.</summary>
/// <param name="Rank">1 for the best candidate.</param>
/// <param name="ProfileId">The candidate's profile id.</param>
/// <param name="ExternalId">The HR system's id for the candidate, or null.</param>
/// <param name="Score">0–100, two decimals (rounded half away from zero); the breakdown's contributions add up to it.</param>
/// <param name="MissingRequired">The ids of required skills the candidate lacks (at minLevel).</param>
/// <param name="Breakdown">How each requirement was met.</param>
public sealed record MatchResult(
    int Rank,
    string ProfileId,
    string? ExternalId,
    decimal Score,
    IReadOnlyList<string> MissingRequired,
    IReadOnlyList<BreakdownDto> Breakdown);

/// <summary>Ranked, explained candidates.</summary>
/// <param name="Considered">How many stored profiles were considered.</param>
/// <param name="Requirements">The requirements matched, each resolved to a skill.</param>
/// <param name="Results">The best candidates, best first.</param>
/// <param name="ScorerVersion">The scoring rules the scores come from.</param>
/// <param name="TaxonomyVersion">The taxonomy the requirements were resolved with.</param>
/// <param name="Matched">How many candidates the whole ranking holds (all pages): they pass the filter, match something and pass strict/minScore.</param>
/// <param name="Filter">The filter applied: the request's, else the job's default, else null.</param>
/// <param name="Facets">Per requested facet, its most frequent values over the whole ranking; null when none were asked.</param>
/// <param name="NextCursor">Send as cursor (with the same query) for the next page; null on the last page.</param>
public sealed record Response(
    int Considered,
    IReadOnlyList<RequirementDto> Requirements,
    IReadOnlyList<MatchResult> Results,
    string ScorerVersion,
    string TaxonomyVersion,
    int Matched,
    Search.FilterInput? Filter,
    IReadOnlyDictionary<string, IReadOnlyList<Search.FacetValueDto>>? Facets,
    string? NextCursor);

public sealed class Endpoint(
    MatchIndexHost index,
    EvidenceCache evidence,
    IJobStore jobs,
    SkillResolver resolver,
    SkillTaxonomy taxonomy,
    ApiLimits limits,
    ICustomFieldStore customFields,
    MatchingMetrics metrics) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Post("/match");
        Policies(ApiKeyDefaults.ReadPolicy);
        Description(b => b.ProducesProblems(400, 404, 422, 503));
        Summary(s =>
        {
            s.Summary = "Rank stored profiles against a job's requirements";
            s.Responses[200] = "The ranked, explained candidates";
            s.Description =
                "Per requirement, credit = how well the candidate's best matching skill meets minLevel: exact (1.0), a child of it " +
                "(0.9, e.g. PostgreSQL for SQL), its direct parent (0.4) or a related skill (0.5), times the level's share: " +
                "0.85 × level/minLevel below minLevel, 0.85 at it, then growing with depth to 1 at level 1 " +
                "(0.85 + 0.15 × (level − minLevel)/(1 − minLevel); with minLevel 1, the level). " +
                "score = 100 × Σ weight·credit / Σ weight, shown with two decimals (rounded half away from zero; ranks and minScore " +
                "follow it); each requirement's contribution is returned with the part that depth above minLevel earned " +
                "(depthContribution), and the contributions add up to the shown score exactly. " +
                "Candidates missing a required skill rank below all who have them (strict drops them). Ties break by profile id. " +
                "Requirements × topK may not exceed the response budget (Limits:MaxMatchCells, 20000 by default): over it the " +
                "answer is 400 with code response-budget-exceeded and the largest topK that fits (maxTopK). " +
                "filter keeps only candidates that pass it, inside the index in the same pass (parts combine with AND; a part on an " +
                "attribute keeps only profiles that state it); by jobId without a filter, the job's default filter applies, and a " +
                "request filter replaces it ({} for none). facets counts values over the whole ranking. Paging: send the answer's " +
                "nextCursor as cursor with the same query for the next topK; a profile that does not change meanwhile is never " +
                "repeated or skipped. A cursor from another query is a 400 invalid-cursor; a bad filter or facet name a 400 naming " +
                "the field (filter.location.near.km); an unknown skill in filter.excludeSkills a 422 like requirements.";
        });
    }

    public override async Task HandleAsync(Request r, CancellationToken ct)
    {
        if (!index.IsReady)
        {
            HttpContext.Response.Headers.RetryAfter = "2";
            await Send.ResultAsync(Problems.Result(ProblemTypes.IndexLoading, "The match index is still loading; retry shortly.",
                new Dictionary<string, object?> { ["retryAfter"] = 2 }));
            return;
        }
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var topK = r.TopK ?? 20;
        var byJob = r.JobId is { } jobId && !string.IsNullOrWhiteSpace(jobId);
        var job = byJob ? await jobs.GetAsync(r.JobId!, ct) : null;
        if (byJob && job is null)
        {
            await Send.ResultAsync(Problems.NotFound("Job", r.JobId!));
            return;
        }
        // The response budget before anything is resolved: ad-hoc requirements resolve one to one.
        if (ResponseBudget.CheckMatch(job?.Requirements.Count ?? r.Requirements!.Count, topK, limits) is { } tooLarge)
        {
            await Send.ResultAsync(tooLarge);
            return;
        }
        IReadOnlyList<Requirement> requirements;
        if (job is not null) requirements = job.Requirements;
        else
        {
            var (resolved, problem) = RequirementRules.Resolve(r.Requirements!, resolver);
            if (problem is not null)
            {
                await Send.ResultAsync(problem);
                return;
            }
            requirements = resolved!;
        }

        var (filter, filterProblem) = await Search.SearchRequests.FilterAsync(r.Filter, job?.Filter, r.Facets, customFields, resolver, ct);
        if (filterProblem is not null)
        {
            await Send.ResultAsync(filterProblem);
            return;
        }
        var hash = Search.SearchCursor.QueryHash("match", requirements, filter, r.Strict == true, r.MinScore);
        MatchCursor? after = null;
        if (r.Cursor is { } cursor && (after = Search.SearchCursor.Decode(cursor, hash)) is null)
        {
            await Send.ResultAsync(Search.SearchRequests.InvalidCursor());
            return;
        }

        // minScore is compared with the shown (two-decimal) score, so a candidate shown at 96.67 passes minScore 96.67.
        var minExact = r.MinScore is { } min ? ShownScores.LowestExactFor(min) : (double?)null;
        // One index for the whole request: a taxonomy change swaps in a new one, and the version shown is the one ranked with.
        var matchIndex = index.Index;
        var outcome = matchIndex.Match(requirements, new MatchOptions(topK, minExact, r.Strict == true, Explain: true)
        {
            Filter = filter,
            Facets = r.Facets,
            After = after,
        });
        var results = await MatchExplanations.ExplainAsync(outcome.Hits, evidence, ct);
        metrics.MatchCompleted(System.Diagnostics.Stopwatch.GetElapsedTime(started), byJob);
        await Send.ResultAsync(new MatchAnswer(new Response(outcome.Considered,
            requirements.Select(q => RequirementDto.From(q, taxonomy)).ToList(), results,
            ScoringRules.ScorerVersion, matchIndex.Taxonomy.Version, outcome.Matched, Search.FilterRules.ToDto(filter),
            Search.FacetValueDto.MapOf(outcome.Facets),
            outcome.Next is { } next ? Search.SearchCursor.Encode(next, hash) : null)));
    }
}
