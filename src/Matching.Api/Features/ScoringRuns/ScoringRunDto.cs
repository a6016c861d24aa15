using Matching.Data;

namespace Matching.Api.Features.ScoringRuns;

/// <summary>How lists changed against each job's previous list: new in the top-N, dropped out, moved up or down, same place.</summary>
public sealed record ChangeTotalsDto(int New, int Dropped, int MovedUp, int MovedDown, int Unchanged)
{
    public static ChangeTotalsDto From(ChangeTotals c) => new(c.New, c.Dropped, c.MovedUp, c.MovedDown, c.Unchanged);
}

/// <summary>Milliseconds spent loading the match index, ranking the jobs and writing the lists (writing overlaps ranking).</summary>
public sealed record RunTimingsDto(long? LoadMs, long? ScoreMs, long? WriteMs);

/// <summary>The finish webhook's outcome: delivered | failed.</summary>
public sealed record WebhookDto(string Status, int Attempts, string? Error, DateTimeOffset At);

/// <summary>
/// A scoring run. status: running | succeeded | failed | abandoned (its process died; found by the next run). Only
/// succeeded runs' lists are served; counts are final once it is not running.
/// </summary>
public sealed record ScoringRunDto(
    string Id,
    string Status,
    string Trigger,
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
