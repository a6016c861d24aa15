using FastEndpoints;
using FluentValidation;
using Matching.Api.Contracts;
using Matching.Api.Infrastructure;
using Matching.Core.Jobs;
using Matching.Core.Profiles;
using Matching.Core.Scoring;
using Matching.Core.Taxonomy;
using Matching.Data;

namespace Matching.Api.Features.Profiles.Matches;

public sealed class Request
{
    /// <summary>The profile's id.</summary>
    public string Id { get; set; } = "";
    /// <summary>How many jobs to return, 1–1000 (default 20).</summary>
    public int? TopK { get; set; }
}

public sealed class Validator : Validator<Request>
{
    public Validator(ApiLimits limits) => RuleFor(r => r.TopK).InclusiveBetween(1, limits.MaxTopK);
}

/// <summary>One job of a reverse match.</summary>
/// <param name="Rank">1 for the best job.</param>
/// <param name="JobId">The job's id.</param>
/// <param name="ExternalId">The HR system's id for the job, or null.</param>
/// <param name="Title">The job title.</param>
/// <param name="Score">0–100, two decimals; the breakdown's contributions add up to it.</param>
/// <param name="MissingRequired">The ids of required skills the candidate lacks (at minLevel).</param>
/// <param name="Breakdown">How each requirement was met.</param>
public sealed record JobMatch(
    int Rank,
    string JobId,
    string? ExternalId,
    string Title,
    decimal Score,
    IReadOnlyList<string> MissingRequired,
    IReadOnlyList<BreakdownDto> Breakdown);

/// <summary>The best open jobs for one candidate.</summary>
/// <param name="ProfileId">The candidate's profile id.</param>
/// <param name="Considered">How many open jobs were scored (those whose default filter the candidate passes).</param>
/// <param name="Results">The best jobs, best first (jobs scoring 0 are left out).</param>
public sealed record Response(string ProfileId, int Considered, IReadOnlyList<JobMatch> Results);

public sealed class Endpoint(IProfileReader profiles, IJobStore jobs, SkillTaxonomy taxonomy, ApiLimits limits) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/profiles/{id}/matches");
        Policies(ApiKeyDefaults.ReadPolicy);
        Description(b => b.ProducesProblems(400, 404));
        Summary(s =>
        {
            s.Summary = "Reverse match: the best open jobs for one candidate";
            s.Responses[200] = "The best open jobs for the candidate, best first";
            s.Description = "Scores the profile against every open job with the same scorer as /match, ranked the same way. " +
                            "A job with a default filter is only considered when the candidate passes it (the job's /match and " +
                            "nightly list would not show the candidate otherwise). " +
                            "The breakdown rows of the jobs returned (one per requirement of each) may not exceed the response budget " +
                            "(Limits:MaxMatchCells): over it the answer is 400 with code response-budget-exceeded and the largest topK that fits.";
        });
    }

    public override async Task HandleAsync(Request r, CancellationToken ct)
    {
        if (await profiles.GetAsync(r.Id, ct) is not { } profile)
        {
            await Send.ResultAsync(Problems.NotFound("Profile", r.Id));
            return;
        }
        var scored = new List<(Job Job, ProfileScore Score)>();
        var attributes = profile.Attributes ?? ProfileAttributes.None;
        var held = profile.Skills.Where(s => ScoringRules.Quantize(s.Level) > 0).Select(s => s.SkillId).ToHashSet(StringComparer.Ordinal);
        string? cursor = null;
        do
        {
            var page = await jobs.ListAsync(new JobQuery(JobStatus.Open, 200, cursor), ct);
            foreach (var job in page.Items)
                // Only jobs whose default filter the candidate passes: the jobs that would list this candidate.
                if (job.Filter is null || job.Filter.Matches(attributes, held.Contains))
                    scored.Add((job, Scorer.Score(taxonomy, profile.Skills, job.Requirements)));
            cursor = page.NextCursor;
        } while (cursor is not null);

        var topK = r.TopK ?? 20;
        var best = scored
            .Where(s => s.Score.Score > 0)
            .OrderBy(s => s.Score.MissingRequired.Count)
            .ThenByDescending(s => s.Score.Score)
            .ThenBy(s => s.Job.Id, StringComparer.Ordinal)
            .Take(topK)
            .ToList();
        if (ResponseBudget.CheckRanked(best.Select(s => s.Score.Breakdown.Count), topK, limits) is { } tooLarge)
        {
            await Send.ResultAsync(tooLarge);
            return;
        }
        var results = best
            .Select((s, i) =>
            {
                var shown = ShownScores.Of(s.Score);
                return new JobMatch(i + 1, s.Job.Id, s.Job.ExternalId, s.Job.Title, shown.Score, s.Score.MissingRequired,
                    BreakdownDto.ListOf(s.Score, shown));
            })
            .ToList();
        await Send.OkAsync(new Response(profile.Id, scored.Count, results), ct);
    }
}
