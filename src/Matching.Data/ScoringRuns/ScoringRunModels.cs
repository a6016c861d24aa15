namespace Matching.Data;

public static class ScoringRunStatus
{
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    /// <summary>The process running it died (killed, crashed, lost its lock); found and marked by the next run.</summary>
    public const string Abandoned = "abandoned";
}

public static class ScoringRunTrigger
{
    public const string Console = "console";
    public const string Schedule = "schedule";
    public const string Api = "api";
}

/// <summary>How a job's list changed against its previous list; for a run, the sum over its jobs.</summary>
public sealed record ChangeTotals(int New, int Dropped, int MovedUp, int MovedDown, int Unchanged)
{
    public static readonly ChangeTotals None = new(0, 0, 0, 0, 0);

    public ChangeTotals Add(ChangeTotals other) => new(
        New + other.New, Dropped + other.Dropped, MovedUp + other.MovedUp, MovedDown + other.MovedDown, Unchanged + other.Unchanged);
}

/// <summary>Where a run's time went, in milliseconds: building the match index, ranking every job, writing the lists.</summary>
/// <remarks>Writing overlaps scoring (lists are written while later jobs are scored), so the parts add up to more than the run.</remarks>
public sealed record RunTimings(long? LoadMs, long? ScoreMs, long? WriteMs);

/// <summary>The outcome of the finish webhook: delivered or failed, after how many attempts.</summary>
public sealed record WebhookDelivery(string Status, int Attempts, string? Error, DateTimeOffset At)
{
    public const string Delivered = "delivered";
    public const string FailedStatus = "failed";
}

/// <summary>A run as recorded. Counts are final once <see cref="Status"/> is no longer running.</summary>
public sealed record ScoringRun(
    string Id,
    string Status,
    string Trigger,
    string Owner,
    DateTimeOffset StartedAt,
    DateTimeOffset HeartbeatAt,
    DateTimeOffset? FinishedAt,
    int TopN,
    IReadOnlyList<string>? JobFilter,
    string ScorerVersion,
    string TaxonomyVersion,
    string? PreviousRunId,
    int Profiles,
    int JobsTotal,
    int JobsScored,
    int Results,
    ChangeTotals Changes,
    RunTimings Timings,
    string? Error,
    WebhookDelivery? Webhook);

/// <summary>What a new run row records before any work is done.</summary>
public sealed record NewScoringRun(
    string Id,
    string Trigger,
    string Owner,
    int TopN,
    IReadOnlyList<string>? JobFilter,
    string ScorerVersion,
    string TaxonomyVersion,
    string? PreviousRunId);

/// <summary>The final counts a run is published (or failed) with.</summary>
public sealed record RunCompletion(int Profiles, int JobsTotal, int JobsScored, int Results, ChangeTotals Changes, RunTimings Timings);

/// <summary>One place of a job's stored list. Scores are in ten-thousandths of a point (<see cref="ScoreUnits"/>).</summary>
public sealed record ShortlistEntry(
    int Rank,
    string ProfileId,
    int ScoreUnits,
    IReadOnlyList<string> MissingRequired,
    int? PreviousRank,
    int? PreviousScoreUnits);

/// <summary>A profile that was in the job's previous list and is not in this one.</summary>
public sealed record DroppedEntry(string ProfileId, int PreviousRank, int PreviousScoreUnits);

/// <summary>A job's new list as a run writes it, with what changed against the previous one.</summary>
public sealed record JobShortlist(string JobId, IReadOnlyList<ShortlistEntry> Entries, IReadOnlyList<DroppedEntry> Dropped, ChangeTotals Changes);

/// <summary>One place of a job's latest published list, as the next run compares against it.</summary>
public readonly record struct PreviousEntry(string ProfileId, int Rank, int ScoreUnits);

/// <summary>A job's latest published list and the run it belongs to.</summary>
public sealed record PreviousShortlist(string RunId, IReadOnlyList<PreviousEntry> Entries);

/// <summary>A stored list as the API serves it: the run, the job's totals, its places and its drop-outs.</summary>
public sealed record StoredShortlist(
    ScoringRun Run,
    string JobId,
    int Total,
    ChangeTotals Changes,
    IReadOnlyList<StoredMatch> Entries,
    IReadOnlyList<StoredDrop> Dropped);

public sealed record StoredMatch(
    int Rank,
    string ProfileId,
    string? ExternalId,
    decimal Score,
    IReadOnlyList<string> MissingRequired,
    int? PreviousRank,
    decimal? PreviousScore);

public sealed record StoredDrop(string ProfileId, string? ExternalId, int PreviousRank, decimal PreviousScore);

/// <summary>Some profiles in a batch were erased while the run was scoring; the batch was not written.</summary>
public sealed class ProfilesGoneException(IReadOnlySet<string> profileIds)
    : Exception($"{profileIds.Count} profile(s) were deleted while the run was writing.")
{
    public IReadOnlySet<string> ProfileIds { get; } = profileIds;
}

/// <summary>Scores as stored: ten-thousandths of a point, exact because scores have four decimals.</summary>
public static class ScoreUnits
{
    public const int PerPoint = 10_000;

    public static int From(decimal score) => (int)decimal.Round(score * PerPoint);

    public static decimal ToScore(int units) => units / (decimal)PerPoint;
}
