using Matching.Core.Extraction;
using Matching.Core.Profiles;

namespace Matching.Data;

/// <summary>
/// Re-extraction runs: the one-at-a-time lock, the run records with their cursor, the due profiles, and each profile's
/// write. Runs are driven by <see cref="ReextractionRunner"/>; the API only reads them besides.
/// </summary>
/// <remarks>
/// Due means: the profile's extractor or taxonomy version differs from the run's target, and it is not synthetic
/// (<see cref="ExtractionVersions.IsDueFor"/>). Every outcome is committed together with the run's checkpoint (cursor
/// and counters), and only while the run's owner is the caller, so a run killed or taken over at any point has exact
/// counts and resumes right after the last profile it handled.
/// </remarks>
public interface IReextractionStore
{
    /// <summary>
    /// Takes the re-extraction lock (independent of the scoring lock), or returns null when another live process holds
    /// it. PostgreSQL: a session advisory lock. SQLite: the row of <c>reextraction_lock</c>, with a lease.
    /// </summary>
    Task<IRunLease?> TryAcquireLockAsync(TimeSpan lease, CancellationToken ct);

    /// <summary>How many profiles are due for <paramref name="target"/>.</summary>
    Task<int> CountDueAsync(ExtractionVersions target, CancellationToken ct);

    /// <summary>Due profiles with ids after <paramref name="afterId"/>, in id order, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<DueProfile>> ReadDueAsync(ExtractionVersions target, string afterId, int limit, CancellationToken ct);

    /// <summary>The profile as it is now, or null when it is gone or no longer due.</summary>
    Task<DueProfile?> ReadDueAsync(ExtractionVersions target, string profileId, CancellationToken ct);

    /// <summary>Records a new running run (its total = the profiles due now) and returns it. Only call holding the lock.</summary>
    Task<ReextractionRun> CreateRunAsync(string id, string trigger, string owner, ExtractionVersions target, CancellationToken ct);

    /// <summary>Runs still marked running, newest first: while the lock is held, runs whose process died.</summary>
    Task<IReadOnlyList<ReextractionRun>> GetRunningAsync(CancellationToken ct);

    /// <summary>Makes <paramref name="owner"/> the run's owner again (a resume). Only call holding the lock.</summary>
    Task<ReextractionRun> ResumeRunAsync(string runId, string owner, CancellationToken ct);

    /// <summary>Marks a dead run abandoned. Only call holding the lock.</summary>
    Task AbandonRunAsync(string runId, CancellationToken ct);

    /// <summary>
    /// Writes the profile's new extraction in one transaction with the run's checkpoint (see
    /// <see cref="ReextractionOutcome"/>): <see cref="ReextractionOutcome.Skipped"/>, with nothing written and no
    /// checkpoint, when the profile changed or went since <paramref name="read"/>. Throws
    /// <see cref="RunTakenOverException"/>, having written nothing, when the run is no longer <paramref name="owner"/>'s.
    /// </summary>
    Task<ReextractionOutcome> WriteAsync(string runId, string owner, DueProfile read, ExtractedProfile extracted,
        ExtractionVersions target, ComposeSkills compose, CancellationToken ct);

    /// <summary>
    /// Records that <paramref name="read"/>'s questionnaire no longer yields a profile (the reason code, never the text)
    /// and checkpoints it as <see cref="ReextractionOutcome.Failed"/>; the profile itself is left as it was. Returns
    /// <see cref="ReextractionOutcome.Skipped"/>, recording nothing, when the profile changed or went since it was read.
    /// </summary>
    Task<ReextractionOutcome> RecordFailureAsync(string runId, string owner, DueProfile read, string code, CancellationToken ct);

    /// <summary>Checkpoints a profile the run gave up on because it kept changing, or went, under it.</summary>
    Task RecordSkippedAsync(string runId, string owner, string profileId, CancellationToken ct);

    /// <summary>Liveness of a running run whose profiles take long (progress itself moves <c>updated_at</c> too).</summary>
    Task HeartbeatAsync(string runId, string owner, CancellationToken ct);

    /// <summary>Ends the run (succeeded or failed). False when it was not the owner's running run any more.</summary>
    Task<bool> FinishAsync(string runId, string owner, string status, string? error, CancellationToken ct);

    /// <summary>Deletes finished runs beyond the <paramref name="keep"/> most recent (with their failure lists).</summary>
    Task<int> ApplyRetentionAsync(int keep, CancellationToken ct);

    Task<ReextractionRun?> GetAsync(string id, CancellationToken ct);

    /// <summary>The most recently started run, whatever its status.</summary>
    Task<ReextractionRun?> LatestAsync(CancellationToken ct);

    /// <summary>The run's failures by reason code.</summary>
    Task<IReadOnlyDictionary<string, int>> FailureCountsAsync(string runId, CancellationToken ct);

    /// <summary>The run's failed profiles in id order, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<ReextractionFailure>> FailuresAsync(string runId, int limit, CancellationToken ct);
}
