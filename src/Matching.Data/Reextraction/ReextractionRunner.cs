using System.Diagnostics;
using Matching.Core.Extraction;
using Matching.Core.Profiles;
using Matching.Core.Taxonomy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Matching.Data;

/// <summary>How re-extraction runs behave; the console and the API read these from configuration section <c>Reextraction</c>.</summary>
public sealed record ReextractionOptions
{
    /// <summary>Finished runs kept (with their failure lists); older ones are deleted after each run.</summary>
    public int Keep { get; init; } = 20;
    /// <summary>SQLite: how long the lock row stays valid without a heartbeat (a killed run's lock frees after this).</summary>
    public TimeSpan LockLease { get; init; } = TimeSpan.FromSeconds(60);
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>Due profiles read per page.</summary>
    public int BatchSize { get; init; } = 200;
    /// <summary>Questionnaires of a page extracted at once (extraction is CPU work; writes stay one at a time, in id order).</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;
    /// <summary>How often a profile that keeps changing under the run is read and extracted again before it is skipped.</summary>
    public int MaxAttempts { get; init; } = 3;
}

/// <summary>Progress as the run goes.</summary>
public sealed record ReextractionProgress(ReextractionCounts Counts, TimeSpan Elapsed);

/// <summary>How a run ended.</summary>
public sealed record ReextractionReport(
    string RunId,
    string Status,
    bool Resumed,
    ExtractionVersions Target,
    ReextractionCounts Counts,
    IReadOnlyDictionary<string, int> Failures,
    TimeSpan Elapsed,
    string? Error);

/// <summary>The outcome of <see cref="ReextractionRunner.TryStartAsync"/>: a started (or resumed) run, or the one already running.</summary>
public sealed record ReextractionStart(ActiveReextraction? Started, ReextractionRun? Running)
{
    public bool IsBusy => Started is null;
}

/// <summary>
/// Re-extraction, the same from the console and from the API: every stored profile whose extractor or taxonomy version
/// differs from this program's is extracted again from its stored questionnaire and written through the ingest's path
/// (overrides re-applied, skills and vector recomposed, a change-feed row so every replica's index follows), one
/// transaction per profile, never over a newer write. One run at a time (a lock of its own); a run killed at any point
/// is resumed after the last profile it handled by the next start, as long as the target versions are the same.
/// </summary>
public sealed class ReextractionRunner
{
    private readonly IReextractionStore _store;
    private readonly ISkillExtractor _extractor;
    private readonly ComposeSkills _compose;
    private readonly ILogger _log;

    /// <param name="extractor">Extracts with <paramref name="taxonomy"/>: the target versions are this program's.</param>
    public ReextractionRunner(IReextractionStore store, ISkillExtractor extractor, SkillTaxonomy taxonomy, ReextractionOptions options,
        ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(taxonomy);
        _store = store;
        _extractor = extractor;
        _compose = (extracted, overrides) => SkillVector.Compose(taxonomy, extracted, overrides);
        Options = options;
        Target = ExtractionVersions.Current(taxonomy);
        _log = logger ?? NullLogger.Instance;
    }

    public ReextractionRunner(MatchingDatabase db, ISkillExtractor extractor, SkillTaxonomy taxonomy, ReextractionOptions options,
        ILogger? logger = null)
        : this(db.Reextractions, extractor, taxonomy, options, logger)
    {
    }

    public ReextractionOptions Options { get; }

    /// <summary>The versions this program writes: profiles with others are due.</summary>
    public ExtractionVersions Target { get; }

    internal IReextractionStore Store => _store;
    internal ILogger Log => _log;

    /// <summary>How many profiles are due now (a dry run: nothing is locked or written).</summary>
    public Task<int> CountDueAsync(CancellationToken ct) => _store.CountDueAsync(Target, ct);

    /// <summary>
    /// Takes the lock and resumes the run a killed process left (same target versions) or records a new one. Returns
    /// the running run instead when another process holds the lock.
    /// </summary>
    public async Task<ReextractionStart> TryStartAsync(string trigger, CancellationToken ct)
    {
        var lease = await _store.TryAcquireLockAsync(Options.LockLease, ct);
        if (lease is null) return new ReextractionStart(null, (await _store.GetRunningAsync(ct)).FirstOrDefault());
        try
        {
            // Holding the lock, any run still marked running is one whose process died.
            var dead = await _store.GetRunningAsync(ct);
            var resumable = dead.FirstOrDefault(r => r.Target == Target);
            foreach (var stale in dead.Where(r => !ReferenceEquals(r, resumable)))
            {
                await _store.AbandonRunAsync(stale.Id, ct);
                _log.LogWarning("Re-extraction run {RunId} (to {Extractor} / {Taxonomy}) was left running by a process that stopped; marked abandoned",
                    stale.Id, stale.Target.Extractor, stale.Target.Taxonomy);
            }

            ReextractionRun run;
            if (resumable is not null)
            {
                run = await _store.ResumeRunAsync(resumable.Id, lease.Owner, ct);
                _log.LogInformation("Re-extraction run {RunId} resumed after profile {LastProfileId}: {Done} of {Total} done",
                    run.Id, run.LastProfileId, run.Counts.Done, run.Counts.Total);
            }
            else
            {
                run = await _store.CreateRunAsync("x_" + Guid.CreateVersion7().ToString("N"), trigger, lease.Owner, Target, ct);
                _log.LogInformation("Re-extraction run {RunId} started ({Trigger}): {Total} profile(s) due for {Extractor} / {Taxonomy}",
                    run.Id, trigger, run.Counts.Total, Target.Extractor, Target.Taxonomy);
            }
            return new ReextractionStart(new ActiveReextraction(this, lease, run, resumable is not null), null);
        }
        catch
        {
            await lease.DisposeAsync();
            throw;
        }
    }

    /// <summary>Extracts one stored questionnaire; an extractor that throws is a failure of this profile, not of the run.</summary>
    internal ExtractionResult Extract(DueProfile profile)
    {
        try
        {
            return _extractor.Extract(profile.Questionnaire, profile.Language);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The exception's message may quote the questionnaire (personal data): only its type is logged.
            _log.LogError("The extractor threw {ExceptionType} on profile {ProfileId}", e.GetType().FullName, profile.Id);
            return ExtractionResult.Fail(ReextractionFailureCodes.ExtractorError, "The extractor failed on this questionnaire.");
        }
    }

    /// <summary>
    /// Writes one profile's result, reading and extracting it again when it changed since it was read (an override, a
    /// rewrite by an older replica); skipped when it went, is no longer due (a newer ingest), or kept changing.
    /// </summary>
    internal async Task<ReextractionOutcome> HandleAsync(string runId, string owner, DueProfile read, ExtractionResult result, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var outcome = result.Failure is { } failure
                ? await _store.RecordFailureAsync(runId, owner, read, failure.Code, ct)
                : await _store.WriteAsync(runId, owner, read, result.Profile!, Target, _compose, ct);
            if (outcome == ReextractionOutcome.Failed)
                _log.LogDebug("Profile {ProfileId} could not be re-extracted: {Code}", read.Id, result.Failure!.Code);
            if (outcome != ReextractionOutcome.Skipped) return outcome;

            var again = attempt < Options.MaxAttempts ? await _store.ReadDueAsync(Target, read.Id, ct) : null;
            if (again is null)
            {
                await _store.RecordSkippedAsync(runId, owner, read.Id, ct);
                return ReextractionOutcome.Skipped;
            }
            read = again;
            result = Extract(again);
        }
    }
}

/// <summary>
/// A started (or resumed) run holding the re-extraction lock. <see cref="ExecuteAsync"/> runs it to the end and
/// releases the lock; disposing a run that was never executed marks it failed and releases the lock.
/// </summary>
public sealed class ActiveReextraction : IAsyncDisposable
{
    private readonly ReextractionRunner _runner;
    private readonly IRunLease _lease;
    private int _executed;

    internal ActiveReextraction(ReextractionRunner runner, IRunLease lease, ReextractionRun run, bool resumed)
    {
        _runner = runner;
        _lease = lease;
        Run = run;
        Resumed = resumed;
    }

    public string Id => Run.Id;

    /// <summary>The run as recorded when it started (or was resumed).</summary>
    public ReextractionRun Run { get; }

    /// <summary>Whether this continues a run a killed process left.</summary>
    public bool Resumed { get; }

    public async Task<ReextractionReport> ExecuteAsync(Action<ReextractionProgress>? progress, CancellationToken ct)
    {
        if (Interlocked.Exchange(ref _executed, 1) == 1) throw new InvalidOperationException("The run has already been executed.");
        var store = _runner.Store;
        var log = _runner.Log;
        var watch = Stopwatch.StartNew();
        var counts = Run.Counts;

        using var lockLost = new CancellationTokenSource();
        using var running = CancellationTokenSource.CreateLinkedTokenSource(ct, lockLost.Token);
        using var stopHeartbeat = new CancellationTokenSource();
        var heartbeat = HeartbeatAsync(lockLost, stopHeartbeat.Token);

        string status;
        string? error = null;
        try
        {
            progress?.Invoke(new ReextractionProgress(counts, watch.Elapsed));
            var cursor = Run.LastProfileId;
            while (true)
            {
                var page = await store.ReadDueAsync(_runner.Target, cursor, _runner.Options.BatchSize, running.Token);
                if (page.Count == 0) break;
                var results = ExtractAll(page, running.Token);
                for (var i = 0; i < page.Count; i++)
                {
                    running.Token.ThrowIfCancellationRequested();
                    var outcome = await _runner.HandleAsync(Id, _lease.Owner, page[i], results[i], running.Token);
                    counts = counts.Add(outcome);
                    cursor = page[i].Id;
                    progress?.Invoke(new ReextractionProgress(counts, watch.Elapsed));
                }
            }
            await StopAsync(heartbeat, stopHeartbeat);
            if (await store.FinishAsync(Id, _lease.Owner, ReextractionStatus.Succeeded, null, CancellationToken.None))
            {
                status = ReextractionStatus.Succeeded;
                log.LogInformation(
                    "Re-extraction run {RunId} succeeded: {Done} of {Total} profile(s); {Changed} changed, {Unchanged} unchanged, " +
                    "{Failed} failed, {Skipped} skipped (rewritten or erased meanwhile) in {Elapsed}",
                    Id, counts.Done, counts.Total, counts.Changed, counts.Unchanged, counts.Failed, counts.Skipped, watch.Elapsed);
                await ApplyRetentionAsync(store, log);
            }
            else
            {
                status = ReextractionStatus.Failed;
                error = "The run was taken over by another process before it could finish.";
                log.LogError("Re-extraction run {RunId}: {Error}", Id, error);
            }
        }
        catch (Exception e)
        {
            await StopAsync(heartbeat, stopHeartbeat);
            status = ReextractionStatus.Failed;
            error = e switch
            {
                RunTakenOverException => e.Message,
                OperationCanceledException when lockLost.IsCancellationRequested =>
                    "The run lost the re-extraction lock (its database connection broke or its lease was taken over).",
                OperationCanceledException => "The run was cancelled (the process is shutting down); the next run takes the profiles still due.",
                _ => $"{e.GetType().Name}: {e.Message}",
            };
            log.LogError(e is OperationCanceledException or RunTakenOverException ? null : e, "Re-extraction run {RunId} failed: {Error}", Id, error);
            try
            {
                await store.FinishAsync(Id, _lease.Owner, ReextractionStatus.Failed, error, CancellationToken.None);
            }
            catch (Exception recordError)
            {
                // The run stays 'running' in the table; the next start resumes or abandons it.
                log.LogError(recordError, "Could not record the failure of re-extraction run {RunId}", Id);
            }
        }
        finally
        {
            await _lease.DisposeAsync();
        }

        IReadOnlyDictionary<string, int> failures = new Dictionary<string, int>();
        try
        {
            failures = await store.FailureCountsAsync(Id, CancellationToken.None);
            if (failures.Count > 0)
                log.LogWarning("Re-extraction run {RunId}: profiles that kept their previous extraction, by reason: {Failures}",
                    Id, string.Join(", ", failures.Select(f => $"{f.Key} {f.Value}")));
        }
        catch (Exception e)
        {
            log.LogWarning(e, "Could not read the failures of re-extraction run {RunId}", Id);
        }
        return new ReextractionReport(Id, status, Resumed, _runner.Target, counts, failures, watch.Elapsed, error);
    }

    private ExtractionResult[] ExtractAll(IReadOnlyList<DueProfile> page, CancellationToken ct)
    {
        var results = new ExtractionResult[page.Count];
        var parallelism = Math.Max(1, _runner.Options.Parallelism);
        if (parallelism == 1 || page.Count == 1)
        {
            for (var i = 0; i < page.Count; i++)
            {
                ct.ThrowIfCancellationRequested();
                results[i] = _runner.Extract(page[i]);
            }
            return results;
        }
        Parallel.For(0, page.Count, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct },
            i => results[i] = _runner.Extract(page[i]));
        return results;
    }

    private async Task HeartbeatAsync(CancellationTokenSource lockLost, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(_runner.Options.HeartbeatInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                try
                {
                    if (!await _lease.RenewAsync(stop))
                    {
                        _runner.Log.LogError("Re-extraction run {RunId} lost the re-extraction lock; stopping", Id);
                        await lockLost.CancelAsync();
                        return;
                    }
                    await _runner.Store.HeartbeatAsync(Id, _lease.Owner, stop);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A missed heartbeat is not fatal; a lost lock is, and RenewAsync reports that.
                    _runner.Log.LogWarning(e, "Heartbeat of re-extraction run {RunId} failed", Id);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task StopAsync(Task heartbeat, CancellationTokenSource stop)
    {
        await stop.CancelAsync();
        await heartbeat;
    }

    private async Task ApplyRetentionAsync(IReextractionStore store, ILogger log)
    {
        try
        {
            var deleted = await store.ApplyRetentionAsync(Math.Max(1, _runner.Options.Keep), CancellationToken.None);
            if (deleted > 0) log.LogInformation("Retention: deleted {Count} old re-extraction run(s)", deleted);
        }
        catch (Exception e)
        {
            // Old runs stay a little longer; the next run deletes them.
            log.LogWarning(e, "Deleting old re-extraction runs after {RunId} failed", Id);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _executed, 1) == 1) return;
        try
        {
            await _runner.Store.FinishAsync(Id, _lease.Owner, ReextractionStatus.Failed, "The run was started but never executed.",
                CancellationToken.None);
        }
        finally
        {
            await _lease.DisposeAsync();
        }
    }
}
