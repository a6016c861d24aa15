using Matching.Core.Scoring;
using Matching.Core.Taxonomy;

namespace Matching.Data;

/// <summary>
/// The nightly scoring runs: the one-at-a-time lock, the run records, the stored lists and what the runner reads.
/// Runs are written by <see cref="ScoringRunner"/>; everything else only reads.
/// </summary>
/// <remarks>
/// Readers only see runs whose status is <see cref="ScoringRunStatus.Succeeded"/>. A run writes its lists while it
/// is <see cref="ScoringRunStatus.Running"/> and <see cref="PublishAsync"/> flips it in one statement, so a list is
/// either the previous one or the complete new one, never a mix, whenever the writer dies.
/// </remarks>
public interface IScoringRunStore
{
    /// <summary>
    /// Takes the scoring lock, or returns null when another live process holds it. PostgreSQL: a session advisory
    /// lock on a connection held by the lease. SQLite: the lock row, taken over when its lease expired or its owner
    /// is a process on this host that no longer exists.
    /// </summary>
    Task<IScoringLease?> TryAcquireLockAsync(TimeSpan lease, CancellationToken ct);

    /// <summary>Marks every run still 'running' as abandoned and deletes its rows. Only call while holding the lock.</summary>
    Task<IReadOnlyList<string>> AbandonStaleRunsAsync(CancellationToken ct);

    Task CreateRunAsync(NewScoringRun run, CancellationToken ct);

    /// <summary>Progress and liveness of a running run.</summary>
    Task HeartbeatAsync(string runId, int profiles, int jobsTotal, int jobsScored, CancellationToken ct);

    /// <summary>How many batches are worth writing at once (PostgreSQL: several connections; SQLite: one writer at a time).</summary>
    int ParallelWriters { get; }

    /// <summary>
    /// Writes a batch of job lists in one transaction (binary COPY on PostgreSQL). Throws
    /// <see cref="ProfilesGoneException"/>, having written nothing, when some of its profiles were erased meanwhile.
    /// </summary>
    Task WriteAsync(string runId, IReadOnlyList<JobShortlist> batch, CancellationToken ct);

    /// <summary>Publishes the run in one statement. False when it is no longer running (another run abandoned it).</summary>
    Task<bool> PublishAsync(string runId, RunCompletion completion, CancellationToken ct);

    /// <summary>Marks the run failed with the reason and deletes what it wrote.</summary>
    Task FailAsync(string runId, string error, RunCompletion? partial, CancellationToken ct);

    /// <summary>
    /// Deletes runs beyond the <paramref name="keep"/> most recent, except a run that still holds some job's latest
    /// list (after runs limited to some jobs), and never a running one. Returns the deleted ids.
    /// </summary>
    Task<IReadOnlyList<string>> ApplyRetentionAsync(int keep, CancellationToken ct);

    Task RecordWebhookAsync(string runId, WebhookDelivery delivery, CancellationToken ct);

    /// <summary>The latest published list of each job (all jobs when <paramref name="jobIds"/> is null).</summary>
    Task<IReadOnlyDictionary<string, PreviousShortlist>> LatestShortlistsAsync(IReadOnlyCollection<string>? jobIds, CancellationToken ct);

    /// <summary>The latest succeeded run, if any.</summary>
    Task<ScoringRun?> LatestSucceededAsync(CancellationToken ct);

    /// <summary>
    /// Builds a match index of every profile's effective skills from one consistent snapshot (on PostgreSQL several
    /// binary COPY streams over ranges of the table, sharing an exported snapshot).
    /// </summary>
    Task<LoadedIndex> LoadIndexAsync(SkillTaxonomy taxonomy, MatchIndexOptions? options, CancellationToken ct);

    Task<ScoringRun?> GetAsync(string id, CancellationToken ct);

    /// <summary>Runs, newest first.</summary>
    Task<IReadOnlyList<ScoringRun>> ListAsync(int limit, CancellationToken ct);

    /// <summary>The newest run still marked running (the live one while the lock is held).</summary>
    Task<ScoringRun?> GetRunningAsync(CancellationToken ct);

    /// <summary>
    /// A job's stored list: from the latest succeeded run that scored it (<paramref name="runId"/> null) or from that
    /// run. Null when there is none.
    /// </summary>
    Task<StoredShortlist?> GetShortlistAsync(string jobId, string? runId, int limit, CancellationToken ct);
}

/// <summary>A held one-at-a-time lock (scoring runs, re-extraction runs). Renew it periodically; dispose to release it.</summary>
public interface IRunLease : IAsyncDisposable
{
    /// <summary><c>host:pid:nonce</c> of the holder.</summary>
    string Owner { get; }

    /// <summary>Extends the lease; false when the lock was lost (its connection broke, or the lease was taken over).</summary>
    Task<bool> RenewAsync(CancellationToken ct);
}

/// <summary>The held scoring lock.</summary>
public interface IScoringLease : IRunLease;

/// <summary>A match index loaded for a run, and how many profiles the store holds (profiles without skills included).</summary>
public sealed record LoadedIndex(MatchIndex Index, int Profiles);
