using System.ComponentModel.DataAnnotations;
using Matching.Data;

namespace Matching.Api.Features.ScoringRuns;

/// <summary>How lists changed against each job's previous list: new in the top-N, dropped out, moved up or down, same place.</summary>
/// <param name="New">Places taken by profiles not in the previous list.</param>
/// <param name="Dropped">Profiles of the previous list no longer in it.</param>
/// <param name="MovedUp">Profiles ranked higher than before.</param>
/// <param name="MovedDown">Profiles ranked lower than before.</param>
/// <param name="Unchanged">Profiles at the same place.</param>
public sealed record ChangeTotalsDto(int New, int Dropped, int MovedUp, int MovedDown, int Unchanged)
{
    public static ChangeTotalsDto From(ChangeTotals c) => new(c.New, c.Dropped, c.MovedUp, c.MovedDown, c.Unchanged);
}

/// <summary>Milliseconds spent loading the match index, ranking the jobs and writing the lists (writing overlaps ranking).</summary>
/// <param name="LoadMs">Loading the match index, or null while not done.</param>
/// <param name="ScoreMs">Ranking the jobs, or null while not done.</param>
/// <param name="WriteMs">Writing the lists, or null while not done.</param>
public sealed record RunTimingsDto(long? LoadMs, long? ScoreMs, long? WriteMs);

/// <summary>The finish webhook's outcome: delivered | failed.</summary>
/// <param name="Status">delivered or failed.</param>
/// <param name="Attempts">How many times delivery was tried.</param>
/// <param name="Error">Why the last attempt failed, or null.</param>
/// <param name="At">When the last attempt was made (UTC).</param>
[NJsonSchema.Annotations.JsonSchema("RunWebhook")]
public sealed record WebhookDto([property: AllowedValues("delivered", "failed")] string Status, int Attempts, string? Error, DateTimeOffset At);

/// <summary>
/// A scoring run. status: running | succeeded | failed | abandoned (its process died; found by the next run). Only
/// succeeded runs' lists are served; counts are final once it is not running.
/// </summary>
/// <param name="Id">The run's id.</param>
/// <param name="Status">running, succeeded, failed, or abandoned (its process died; found by the next run).</param>
/// <param name="Trigger">What started it: api (POST /scoring-runs), console (Matching.Nightly by hand) or schedule (its cron).</param>
/// <param name="StartedAt">When it started (UTC).</param>
/// <param name="HeartbeatAt">When the running process last reported progress (UTC).</param>
/// <param name="FinishedAt">When it finished (UTC), or null while running.</param>
/// <param name="TopN">How many places each job's stored list keeps.</param>
/// <param name="Jobs">The job ids it was asked to score, or null for every open job.</param>
/// <param name="ScorerVersion">The scoring rules it ranked with.</param>
/// <param name="TaxonomyVersion">The taxonomy it ranked with.</param>
/// <param name="PreviousRunId">The run whose lists changes are counted against, or null for the first run.</param>
/// <param name="Profiles">How many profiles it ranked.</param>
/// <param name="JobsTotal">How many jobs it has to score.</param>
/// <param name="JobsScored">How many jobs it has scored so far.</param>
/// <param name="Results">How many list places it stored.</param>
/// <param name="Changes">What changed against each job's previous list, summed over the jobs.</param>
/// <param name="Timings">Where the time went.</param>
/// <param name="Error">Why it failed, or null.</param>
/// <param name="Webhook">The finish webhook's outcome, or null when none is configured or it has not been sent.</param>
public sealed record ScoringRunDto(
    string Id,
    [property: AllowedValues("running", "succeeded", "failed", "abandoned")] string Status,
    [property: AllowedValues("api", "console", "schedule")] string Trigger,
    DateTimeOffset StartedAt,
    DateTimeOffset HeartbeatAt,
    DateTimeOffset? FinishedAt,
    int TopN,
    IReadOnlyList<string>? Jobs,
    string ScorerVersion,
    string TaxonomyVersion,
    string? PreviousRunId,
    int Profiles,
    int JobsTotal,
    int JobsScored,
    int Results,
    ChangeTotalsDto Changes,
    RunTimingsDto Timings,
    string? Error,
    WebhookDto? Webhook)
{
    public static ScoringRunDto From(ScoringRun r) => new(
        r.Id, r.Status, r.Trigger, r.StartedAt, r.HeartbeatAt, r.FinishedAt, r.TopN, r.JobFilter, r.ScorerVersion, r.TaxonomyVersion,
        r.PreviousRunId, r.Profiles, r.JobsTotal, r.JobsScored, r.Results, ChangeTotalsDto.From(r.Changes),
        new RunTimingsDto(r.Timings.LoadMs, r.Timings.ScoreMs, r.Timings.WriteMs), r.Error,
        r.Webhook is { } w ? new WebhookDto(w.Status, w.Attempts, w.Error, w.At) : null);
}
