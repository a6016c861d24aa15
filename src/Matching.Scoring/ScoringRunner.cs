using System.Diagnostics;
using System.Threading.Channels;
using Matching.Core.Jobs;
using Matching.Core.Scoring;
using Matching.Core.Taxonomy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

using Matching.Data;

namespace Matching.Scoring;

/// <summary>How runs behave; the console reads these from configuration section <c>Scoring</c>, as does the API.</summary>
public sealed record ScoringRunOptions
{
    public const int MaxTopN = 1000;

    /// <summary>How many runs to keep (older ones are deleted after each run, unless they still hold a job's latest list).</summary>
    public int Keep { get; init; } = 7;
    /// <summary>SQLite: how long the lock row stays valid without a heartbeat (a killed run's lock frees after this).</summary>
    public TimeSpan LockLease { get; init; } = TimeSpan.FromSeconds(60);
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>Jobs ranked at once.</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;
    /// <summary>Result rows per written batch (one COPY or transaction).</summary>
    public int BatchRows { get; init; } = 10_000;
    public WebhookOptions? Webhook { get; init; }
}

/// <summary>What to run: every open job (<see cref="JobIds"/> null) or the given jobs, keeping each one's top <see cref="TopN"/>.</summary>
public sealed record RunRequest(IReadOnlyList<string>? JobIds, int TopN, string Trigger);

public static class RunPhase
{
    public const string Loading = "loading";
    public const string Scoring = "scoring";
    public const string Publishing = "publishing";
}

/// <summary>Progress as the run goes: the phase, and jobs ranked so far out of all.</summary>
public sealed record ScoringProgress(string Phase, int JobsDone, int JobsTotal, int Profiles, TimeSpan Elapsed);

/// <summary>How a run (or a dry run) ended.</summary>
public sealed record RunReport(
    string? RunId,
    string Status,
    bool DryRun,
    int Profiles,
    int JobsTotal,
    int JobsScored,
    int Results,
    ChangeTotals Changes,
    RunTimings Timings,
    TimeSpan Elapsed,
    string? Error,
    WebhookDelivery? Webhook);

/// <summary>The outcome of <see cref="ScoringRunner.TryStartAsync"/>: a started run, or the one already running.</summary>
public sealed record RunStart(ActiveRun? Started, ScoringRun? Running)
{
    public bool IsBusy => Started is null;
}

/// <summary>Some jobs asked for do not exist.</summary>
public sealed class UnknownJobsException(IReadOnlyList<string> jobIds)
    : Exception($"Unknown job id(s): {string.Join(", ", jobIds)}.")
{
    public IReadOnlyList<string> JobIds { get; } = jobIds;
}

/// <summary>
/// One scoring run, the same from the console and from the API: take the lock, record the run, load a match index of
/// every profile, rank every open job's top-N (jobs in parallel) while a writer stores finished lists in batches,
/// publish the run in one statement, delete expired runs, and call the webhook. Any failure marks the run failed and
/// deletes what it wrote; the previous lists stay served throughout.
/// </summary>
public sealed class ScoringRunner
{
    private readonly IScoringRunStore _runs;
    private readonly IJobStore _jobs;
    private readonly SkillTaxonomy _taxonomy;
    private readonly ILogger _log;

    public ScoringRunner(IScoringRunStore runs, IJobStore jobs, SkillTaxonomy taxonomy, ScoringRunOptions options, ILogger? logger = null)
    {
        _runs = runs;
        _jobs = jobs;
        _taxonomy = taxonomy;
        Options = options;
        _log = logger ?? NullLogger.Instance;
        IndexSource = ct => _runs.LoadIndexAsync(_taxonomy, new MatchIndexOptions(Parallelism: 1, AutoCompact: false), ct);
    }

    public ScoringRunner(MatchingDatabase db, SkillTaxonomy taxonomy, ScoringRunOptions options, ILogger? logger = null)
        : this(db.ScoringRuns, db.Jobs, taxonomy, options, logger)
    {
    }

    public ScoringRunOptions Options { get; }

    /// <summary>Where the index comes from: by default loaded from the store; the API passes its live index.</summary>
    public Func<CancellationToken, Task<LoadedIndex>> IndexSource { get; init; }

    internal IScoringRunStore Store => _runs;
    internal ILogger Log => _log;

    /// <summary>
    /// Checks the request, takes the lock and records the run. Returns the running run instead when another process
    /// holds the lock. Throws <see cref="UnknownJobsException"/> or <see cref="ArgumentException"/> for a bad request.
    /// </summary>
    public async Task<RunStart> TryStartAsync(RunRequest request, CancellationToken ct)
    {
        Validate(request);
        if (request.JobIds is not null) await ResolveJobsAsync(request.JobIds, ct);

        var lease = await _runs.TryAcquireLockAsync(Options.LockLease, ct);
        if (lease is null) return new RunStart(null, await _runs.GetRunningAsync(ct));
        try
        {
            // Holding the lock, any run still marked running is dead.
            foreach (var id in await _runs.AbandonStaleRunsAsync(ct))
                _log.LogWarning("Scoring run {RunId} was left running by a process that stopped; marked abandoned and its rows deleted", id);
            var previous = await _runs.LatestSucceededAsync(ct);
            var runId = "r_" + Guid.CreateVersion7().ToString("N");
            await _runs.CreateRunAsync(new NewScoringRun(runId, request.Trigger, lease.Owner, request.TopN, request.JobIds,
                ScoringRules.ScorerVersion, _taxonomy.Version, previous?.Id), ct);
            _log.LogInformation("Scoring run {RunId} started ({Trigger}): {Jobs}, top {TopN}", runId, request.Trigger,
                request.JobIds is null ? "every open job" : $"{request.JobIds.Count} job(s)", request.TopN);
            return new RunStart(new ActiveRun(this, lease, runId, request), null);
        }
        catch
        {
            await lease.DisposeAsync();
            throw;
        }
    }

    /// <summary>Scores and compares like a run, and writes nothing (no lock, no run record).</summary>
    public async Task<RunReport> DryRunAsync(RunRequest request, Action<ScoringProgress>? progress, CancellationToken ct)
    {
        Validate(request);
        var watch = Stopwatch.StartNew();
        var pass = await ScoreAsync(null, request, progress, watch, ct);
        _log.LogInformation("Dry run: {Jobs} job(s), {Results} result(s), {New} new, {Dropped} dropped, {Up} up, {Down} down in {Elapsed}",
            pass.JobsScored, pass.Results, pass.Changes.New, pass.Changes.Dropped, pass.Changes.MovedUp, pass.Changes.MovedDown, watch.Elapsed);
        return new RunReport(null, "dry-run", true, pass.Profiles, pass.JobsTotal, pass.JobsScored, pass.Results, pass.Changes,
            pass.Timings, watch.Elapsed, null, null);
    }

    private static void Validate(RunRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.TopN is < 1 or > ScoringRunOptions.MaxTopN)
            throw new ArgumentOutOfRangeException(nameof(request), $"top must be between 1 and {ScoringRunOptions.MaxTopN}, not {request.TopN}.");
        if (request.JobIds is { Count: 0 }) throw new ArgumentException("The job list is empty.", nameof(request));
    }

    /// <summary>The jobs of the request: every open job, or the ones asked for (open or not) in the order given.</summary>
    private async Task<IReadOnlyList<Job>> ResolveJobsAsync(IReadOnlyList<string>? ids, CancellationToken ct)
    {
        if (ids is not null)
        {
            var found = new List<Job>(ids.Count);
            var unknown = new List<string>();
            foreach (var id in ids.Distinct(StringComparer.Ordinal))
            {
                if (await _jobs.GetAsync(id, ct) is { } job) found.Add(job);
                else unknown.Add(id);
            }
            if (unknown.Count > 0) throw new UnknownJobsException(unknown);
            return found;
        }
        var open = new List<Job>();
        string? cursor = null;
        do
        {
            var page = await _jobs.ListAsync(new JobQuery(JobStatus.Open, 200, cursor), ct);
            open.AddRange(page.Items);
            cursor = page.NextCursor;
        } while (cursor is not null);
        return open;
    }

    internal sealed record Pass(int Profiles, int JobsTotal, int JobsScored, int Results, ChangeTotals Changes, RunTimings Timings);

    /// <summary>Progress shared with the heartbeat.</summary>
    internal sealed class Counters
    {
        public volatile int Profiles;
        public volatile int JobsTotal;
        public volatile int JobsDone;
        public long LoadMs = -1;
        public long ScoreMs = -1;
        public long WriteMs;

        public RunTimings Timings => new(LoadMs < 0 ? null : LoadMs, ScoreMs < 0 ? null : ScoreMs, LoadMs < 0 ? null : Interlocked.Read(ref WriteMs));
    }

    /// <summary>
    /// Ranks every job and hands finished lists to the writer in batches; with <paramref name="run"/> null (a dry run)
    /// the lists are compared and counted but not written.
    /// </summary>
    internal async Task<Pass> ScoreAsync(ActiveRun? run, RunRequest request, Action<ScoringProgress>? progress, Stopwatch watch,
        CancellationToken ct, Counters? counters = null)
    {
        counters ??= new Counters();
        progress?.Invoke(new ScoringProgress(RunPhase.Loading, 0, 0, 0, watch.Elapsed));
        var jobs = await ResolveJobsAsync(request.JobIds, ct);
        counters.JobsTotal = jobs.Count;
        var previous = await _runs.LatestShortlistsAsync(request.JobIds is null ? null : jobs.Select(j => j.Id).ToList(), ct);

        var loadWatch = Stopwatch.StartNew();
        var loaded = await IndexSource(ct);
        counters.LoadMs = loadWatch.ElapsedMilliseconds;
        counters.Profiles = loaded.Profiles;
        _log.LogInformation("Match index ready: {Indexed} profiles with skills ({Profiles} in all) in {Elapsed} ms",
            loaded.Index.Count, loaded.Profiles, counters.LoadMs);
        progress?.Invoke(new ScoringProgress(RunPhase.Scoring, 0, jobs.Count, loaded.Profiles, watch.Elapsed));

        var channel = Channel.CreateBounded<ScoredJob>(new BoundedChannelOptions(Math.Max(64, Options.Parallelism * 16))
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        var scoreWatch = Stopwatch.StartNew();
        using var stopScoring = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var scoring = Task.Run(async () =>
        {
            try
            {
                await Parallel.ForEachAsync(jobs, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Options.Parallelism), CancellationToken = stopScoring.Token },
                    async (job, token) =>
                    {
                        IReadOnlyList<MatchHit> hits;
                        try
                        {
                            // The job's default filter decides who may be on its list, as it does for /match by jobId.
                            hits = loaded.Index.Match(job.Requirements, new MatchOptions(TopK: request.TopN) { Filter = job.Filter }).Hits;
                        }
                        catch (ArgumentException e)
                        {
                            // A job the scorer cannot take keeps its previous list; the rest of the run goes on.
                            _log.LogWarning("Job {JobId} was not scored: {Reason}", job.Id, e.Message);
                            return;
                        }
                        await channel.Writer.WriteAsync(new ScoredJob(job.Id, hits, previous.GetValueOrDefault(job.Id)), token);
                    });
                counters.ScoreMs = scoreWatch.ElapsedMilliseconds;
                channel.Writer.Complete();
            }
            catch (Exception e)
            {
                channel.Writer.Complete(e);
            }
        }, CancellationToken.None);

        var writer = new BatchWriter(this, run, counters, Math.Max(1, run is null ? 1 : _runs.ParallelWriters), ct);
        var batch = new List<ScoredJob>();
        var batchRows = 0;
        var ranked = 0;
        try
        {
            await foreach (var job in channel.Reader.ReadAllAsync(ct))
            {
                ranked++;
                batch.Add(job);
                batchRows += job.Hits.Count + 1;
                if (batchRows >= Options.BatchRows)
                {
                    await writer.EnqueueAsync(batch);
                    batch = [];
                    batchRows = 0;
                }
                progress?.Invoke(new ScoringProgress(RunPhase.Scoring, ranked, jobs.Count, loaded.Profiles, watch.Elapsed));
            }
            if (batch.Count > 0) await writer.EnqueueAsync(batch);
            await writer.CompleteAsync();
        }
        catch
        {
            // Writing failed: stop the scorers (they may be waiting for room in the channel) before leaving.
            await stopScoring.CancelAsync();
            await scoring;
            await writer.AbandonAsync();
            throw;
        }
        await scoring;
        return new Pass(loaded.Profiles, jobs.Count, writer.Jobs, writer.Results, writer.Changes, counters.Timings);
    }

    /// <summary>
    /// Writes batches of finished lists, several at once where the store gains from it (PostgreSQL: each on its own
    /// connection; the server checks the foreign key and maintains the indexes in parallel). Compares each job with its
    /// previous list just before writing, so profiles found erased by one batch are left out of the next ones too.
    /// </summary>
    private sealed class BatchWriter(ScoringRunner runner, ActiveRun? run, Counters counters, int parallel, CancellationToken ct)
    {
        private readonly SemaphoreSlim _slots = new(parallel, parallel);
        private readonly List<Task> _writes = [];
        private readonly HashSet<string> _erased = new(StringComparer.Ordinal);
        private readonly Stopwatch _busy = new();
        private readonly object _gate = new();
        private int _active;

        public int Jobs { get; private set; }
        public int Results { get; private set; }
        public ChangeTotals Changes { get; private set; } = ChangeTotals.None;

        public async Task EnqueueAsync(List<ScoredJob> batch)
        {
            await _slots.WaitAsync(ct);
            var write = Task.Run(async () =>
            {
                try
                {
                    await WriteAsync(batch);
                }
                finally
                {
                    _slots.Release();
                }
            }, CancellationToken.None);
            lock (_gate) _writes.Add(write);
            // Surface a failed write now rather than after the last job.
            foreach (var done in Snapshot().Where(t => t.IsFaulted || t.IsCanceled)) await done;
        }

        public Task CompleteAsync() => Task.WhenAll(Snapshot());

        public async Task AbandonAsync()
        {
            try
            {
                await Task.WhenAll(Snapshot());
            }
            catch (Exception)
            {
                // The first failure is what the caller reports.
            }
        }

        private Task[] Snapshot()
        {
            lock (_gate) return [.. _writes];
        }

        private async Task WriteAsync(List<ScoredJob> batch)
        {
            lock (_gate)
                if (_active++ == 0) _busy.Start();
            try
            {
                for (var attempt = 1; ; attempt++)
                {
                    HashSet<string> erased;
                    lock (_gate) erased = [.. _erased];
                    var lists = batch.Select(j => ShortlistChanges.Compare(j.JobId, j.Hits, j.Previous, erased)).ToList();
                    try
                    {
                        if (run is not null) await runner._runs.WriteAsync(run.Id, lists, ct);
                        lock (_gate)
                        {
                            foreach (var list in lists)
                            {
                                Results += list.Entries.Count;
                                Changes = Changes.Add(list.Changes);
                            }
                            Jobs += lists.Count;
                            counters.JobsDone = Jobs;
                        }
                        return;
                    }
                    catch (ProfilesGoneException e) when (attempt < 10)
                    {
                        // Erased while we were scoring: they leave the lists (and the places below them move up).
                        runner._log.LogInformation("{Count} profile(s) were erased during the run; leaving them out", e.ProfileIds.Count);
                        lock (_gate) _erased.UnionWith(e.ProfileIds);
                    }
                }
            }
            finally
            {
                lock (_gate)
                {
                    if (--_active == 0) _busy.Stop();
                    if (run is not null) counters.WriteMs = _busy.ElapsedMilliseconds;
                }
            }
        }
    }

    internal sealed record ScoredJob(string JobId, IReadOnlyList<MatchHit> Hits, PreviousShortlist? Previous);
}

/// <summary>
/// A started run holding the scoring lock. <see cref="ExecuteAsync"/> runs it to the end (published or failed) and
/// releases the lock; disposing a run that was never executed marks it failed and releases the lock.
/// </summary>
public sealed class ActiveRun : IAsyncDisposable
{
    private readonly ScoringRunner _runner;
    private readonly IScoringLease _lease;
    private readonly RunRequest _request;
    private int _executed;

    internal ActiveRun(ScoringRunner runner, IScoringLease lease, string id, RunRequest request)
    {
        _runner = runner;
        _lease = lease;
        Id = id;
        _request = request;
    }

    public string Id { get; }

    public async Task<RunReport> ExecuteAsync(Action<ScoringProgress>? progress, CancellationToken ct)
    {
        if (Interlocked.Exchange(ref _executed, 1) == 1) throw new InvalidOperationException("The run has already been executed.");
        var store = _runner.Store;
        var log = _runner.Log;
        var options = _runner.Options;
        var watch = Stopwatch.StartNew();
        var counters = new ScoringRunner.Counters();

        using var lockLost = new CancellationTokenSource();
        using var running = CancellationTokenSource.CreateLinkedTokenSource(ct, lockLost.Token);
        using var stopHeartbeat = new CancellationTokenSource();
        var heartbeat = HeartbeatAsync(counters, lockLost, stopHeartbeat.Token);

        string status;
        string? error = null;
        ScoringRunner.Pass? pass = null;
        try
        {
            pass = await _runner.ScoreAsync(this, _request, progress, watch, running.Token, counters);
            progress?.Invoke(new ScoringProgress(RunPhase.Publishing, pass.JobsScored, pass.JobsTotal, pass.Profiles, watch.Elapsed));
            await StopAsync(heartbeat, stopHeartbeat);
            var completion = new RunCompletion(pass.Profiles, pass.JobsTotal, pass.JobsScored, pass.Results, pass.Changes, counters.Timings);
            if (await store.PublishAsync(Id, completion, CancellationToken.None))
            {
                status = ScoringRunStatus.Succeeded;
                log.LogInformation(
                    "Scoring run {RunId} succeeded: {Jobs} job(s) over {Profiles} profiles, {Results} result(s); {New} new, {Dropped} dropped, " +
                    "{Up} up, {Down} down, {Same} unchanged; load {Load} ms, score {Score} ms, write {Write} ms, total {Elapsed}",
                    Id, pass.JobsScored, pass.Profiles, pass.Results, pass.Changes.New, pass.Changes.Dropped, pass.Changes.MovedUp,
                    pass.Changes.MovedDown, pass.Changes.Unchanged, counters.LoadMs, counters.ScoreMs, counters.WriteMs, watch.Elapsed);
                await ApplyRetentionAsync(store, log, options.Keep);
            }
            else
            {
                status = ScoringRunStatus.Failed;
                error = "The run lost the scoring lock before it could publish; another run marked it abandoned.";
                log.LogError("Scoring run {RunId}: {Error}", Id, error);
            }
        }
        catch (Exception e)
        {
            await StopAsync(heartbeat, stopHeartbeat);
            status = ScoringRunStatus.Failed;
            error = e switch
            {
                OperationCanceledException when lockLost.IsCancellationRequested =>
                    "The run lost the scoring lock (its database connection broke or its lease was taken over).",
                OperationCanceledException => "The run was cancelled (the process is shutting down).",
                _ => $"{e.GetType().Name}: {e.Message}",
            };
            log.LogError(e, "Scoring run {RunId} failed: {Error}", Id, error);
            try
            {
                var partial = new RunCompletion(counters.Profiles, counters.JobsTotal, counters.JobsDone, 0, ChangeTotals.None, counters.Timings);
                await store.FailAsync(Id, error, partial, CancellationToken.None);
            }
            catch (Exception recordError)
            {
                // The run stays 'running' in the table; the next run marks it abandoned.
                log.LogError(recordError, "Could not record the failure of scoring run {RunId}", Id);
            }
        }
        finally
        {
            await _lease.DisposeAsync();
        }

        var webhook = await NotifyAsync(store, log, options.Webhook, ct);
        return new RunReport(Id, status, false, pass?.Profiles ?? counters.Profiles, pass?.JobsTotal ?? counters.JobsTotal,
            pass?.JobsScored ?? counters.JobsDone, pass?.Results ?? 0, pass?.Changes ?? ChangeTotals.None, counters.Timings,
            watch.Elapsed, error, webhook);
    }

    private async Task HeartbeatAsync(ScoringRunner.Counters counters, CancellationTokenSource lockLost, CancellationToken stop)
    {
        var store = _runner.Store;
        using var timer = new PeriodicTimer(_runner.Options.HeartbeatInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                try
                {
                    if (!await _lease.RenewAsync(stop))
                    {
                        _runner.Log.LogError("Scoring run {RunId} lost the scoring lock; stopping", Id);
                        await lockLost.CancelAsync();
                        return;
                    }
                    await store.HeartbeatAsync(Id, counters.Profiles, counters.JobsTotal, counters.JobsDone, stop);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A missed heartbeat is not fatal; a lost lock is, and RenewAsync reports that.
                    _runner.Log.LogWarning(e, "Heartbeat of scoring run {RunId} failed", Id);
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

    private async Task ApplyRetentionAsync(IScoringRunStore store, Microsoft.Extensions.Logging.ILogger log, int keep)
    {
        try
        {
            var deleted = await store.ApplyRetentionAsync(Math.Max(1, keep), CancellationToken.None);
            if (deleted.Count > 0) log.LogInformation("Retention: deleted {Count} old scoring run(s), keeping the last {Keep}", deleted.Count, keep);
        }
        catch (Exception e)
        {
            // Old runs stay a little longer; the next run deletes them.
            log.LogWarning(e, "Deleting old scoring runs after {RunId} failed", Id);
        }
    }

    private async Task<WebhookDelivery?> NotifyAsync(IScoringRunStore store, Microsoft.Extensions.Logging.ILogger log, WebhookOptions? options,
        CancellationToken ct)
    {
        if (options?.Url is null) return null;
        try
        {
            var run = await store.GetAsync(Id, CancellationToken.None);
            if (run is null) return null;
            var delivery = await new ScoringWebhook(options, log).DeliverAsync(run, ct);
            await store.RecordWebhookAsync(Id, delivery, CancellationToken.None);
            return delivery;
        }
        catch (Exception e)
        {
            // Never fatal: the run's outcome stands whatever happens to its notification.
            log.LogWarning(e, "The webhook of scoring run {RunId} could not be sent or recorded", Id);
            return new WebhookDelivery(WebhookDelivery.FailedStatus, 0, e.Message, DateTimeOffset.UtcNow);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _executed, 1) == 1) return;
        try
        {
            await _runner.Store.FailAsync(Id, "The run was started but never executed.", null, CancellationToken.None);
        }
        finally
        {
            await _lease.DisposeAsync();
        }
    }
}
