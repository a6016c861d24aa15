using System.ComponentModel.DataAnnotations;
using FastEndpoints;
using FluentValidation;
using Matching.Api.Contracts;
using Matching.Api.Features.ScoringRuns;
using Matching.Api.Infrastructure;
using Matching.Core.Scoring;
using Matching.Data;
using Matching.Scoring;

namespace Matching.Api.Features.Jobs.Matches;

public sealed class Request
{
    /// <summary>The job's id.</summary>
    public string Id { get; set; } = "";
    /// <summary>latest (default): the latest succeeded run that scored this job; or a run id.</summary>
    public string? Run { get; set; }
    /// <summary>How many places to return, 1–1000 (default: the whole stored list).</summary>
    public int? Limit { get; set; }
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(r => r.Run).MaximumLength(200);
        RuleFor(r => r.Limit).InclusiveBetween(1, ScoringRunOptions.MaxTopN);
    }
}

/// <summary>
/// One place of the stored list. change: new (not in the previous list) | up | down | same, against the job's
/// previous list; previousRank/previousScore are null for new ones, scoreDelta = score − previousScore.
/// </summary>
/// <param name="Rank">1 for the best candidate.</param>
/// <param name="ProfileId">The candidate's profile id.</param>
/// <param name="ExternalId">The HR system's id for the candidate, or null.</param>
/// <param name="Score">0–100, two decimals.</param>
/// <param name="MissingRequired">The ids of required skills the candidate lacks.</param>
/// <param name="Change">new (not in the previous list), up, down, or same.</param>
/// <param name="PreviousRank">The place in the previous list, or null for a new one.</param>
/// <param name="PreviousScore">The score in the previous list, or null for a new one.</param>
/// <param name="ScoreDelta">score − previousScore, or null for a new one.</param>
public sealed record StoredMatchDto(
    int Rank,
    string ProfileId,
    string? ExternalId,
    decimal Score,
    IReadOnlyList<string> MissingRequired,
    [property: AllowedValues("new", "up", "down", "same")] string Change,
    int? PreviousRank,
    decimal? PreviousScore,
    decimal? ScoreDelta);

/// <summary>A profile that was in the job's previous list and is not in this one.</summary>
/// <param name="ProfileId">The candidate's profile id.</param>
/// <param name="ExternalId">The HR system's id for the candidate, or null.</param>
/// <param name="PreviousRank">The place in the previous list.</param>
/// <param name="PreviousScore">The score in the previous list.</param>
[NJsonSchema.Annotations.JsonSchema("DroppedMatch")]
public sealed record DroppedDto(string ProfileId, string? ExternalId, int PreviousRank, decimal PreviousScore);

/// <summary>The run a stored list belongs to.</summary>
/// <param name="Id">The run's id.</param>
/// <param name="FinishedAt">When it finished (UTC).</param>
/// <param name="TopN">How many places each list keeps.</param>
/// <param name="ScorerVersion">The scoring rules it ranked with.</param>
/// <param name="TaxonomyVersion">The taxonomy it ranked with.</param>
public sealed record RunRefDto(string Id, DateTimeOffset? FinishedAt, int TopN, string ScorerVersion, string TaxonomyVersion);

/// <summary>A job's stored shortlist from a scoring run, with what changed since the job's previous list.</summary>
/// <param name="JobId">The job's id.</param>
/// <param name="Run">The run the list belongs to.</param>
/// <param name="Total">How many places the stored list has (results may show fewer with limit).</param>
/// <param name="Changes">What changed against the job's previous list.</param>
/// <param name="Results">The list, best first.</param>
/// <param name="Dropped">Profiles that were in the previous list and are not in this one.</param>
public sealed record Response(
    string JobId,
    RunRefDto Run,
    int Total,
    ChangeTotalsDto Changes,
    IReadOnlyList<StoredMatchDto> Results,
    IReadOnlyList<DroppedDto> Dropped);

public sealed class Endpoint(IJobStore jobs, IScoringRunStore runs) : Endpoint<Request, Response>
{
    public const string Latest = "latest";

    public override void Configure()
    {
        Get("/jobs/{id}/matches");
        Policies(ApiKeyDefaults.ReadPolicy);
        Description(b => b.ProducesProblems(404));
        Summary(s =>
        {
            s.Summary = "The stored shortlist of a job from the nightly scoring, with what changed";
            s.Responses[200] = "The stored shortlist and what changed";
            s.Description = "The job's top N as the latest finished scoring run (or the run given) stored it, each place marked new, up, " +
                            "down or same against the job's previous list with both ranks and the score change, and the profiles that dropped out. " +
                            "A run still in progress is never shown: until it finishes, the previous list is served.";
            s.Responses[404] = "No such job, or no finished run has scored it (or not the run given)";
        });
    }

    public override async Task HandleAsync(Request r, CancellationToken ct)
    {
        if (await jobs.GetAsync(r.Id, ct) is null)
        {
            await Send.ResultAsync(Problems.NotFound("Job", r.Id));
            return;
        }
        var runId = string.IsNullOrWhiteSpace(r.Run) || string.Equals(r.Run, Latest, StringComparison.OrdinalIgnoreCase) ? null : r.Run;
        var list = await runs.GetShortlistAsync(r.Id, runId, r.Limit ?? ScoringRunOptions.MaxTopN, ct);
        if (list is null)
        {
            await Send.ResultAsync(Problems.Result(ProblemTypes.NoStoredMatches,
                runId is null
                    ? $"No finished scoring run has scored job '{r.Id}' yet. Start one with POST /scoring-runs."
                    : $"Scoring run '{runId}' does not exist, has not succeeded, or did not score job '{r.Id}'."));
            return;
        }

        await Send.OkAsync(new Response(
            list.JobId,
            new RunRefDto(list.Run.Id, list.Run.FinishedAt, list.Run.TopN, list.Run.ScorerVersion, list.Run.TaxonomyVersion),
            list.Total,
            ChangeTotalsDto.From(list.Changes),
            list.Entries.Select(e =>
            {
                // Scores are stored exact (four decimals) and shown as /match shows them; the delta is of the shown scores.
                var score = ShownScores.Round(e.Score);
                var previous = ShownScores.Round(e.PreviousScore);
                return new StoredMatchDto(e.Rank, e.ProfileId, e.ExternalId, score, e.MissingRequired,
                    e.PreviousRank is not { } was ? "new" : was > e.Rank ? "up" : was < e.Rank ? "down" : "same",
                    e.PreviousRank, previous, previous is { } p ? score - p : null);
            }).ToList(),
            list.Dropped.Select(d => new DroppedDto(d.ProfileId, d.ExternalId, d.PreviousRank, ShownScores.Round(d.PreviousScore))).ToList()), ct);
    }
}
