using System.Threading.Channels;
using Matching.Core.Extraction;
using Matching.Core.Profiles;
using Matching.Core.Taxonomy;
using Matching.Data;

namespace Matching.Api.Infrastructure;

/// <summary>What the follower did for one taxonomy change.</summary>
public sealed record TaxonomyFollowUp(long Revision, int Candidates, int Restamped, TimeSpan Search, string? RunId);

/// <summary>
/// Keeps stored profiles in step with taxonomy changes made through this process. For each change: the profiles whose
/// stored questionnaire mentions a spelling the change adds or removes (and, for a retired skill, those holding it) are
/// found by one query; every other profile extracted with the previous version is restamped to the new one (its
/// extraction cannot differ); then a re-extraction run (trigger <c>taxonomy</c>) re-extracts the ones left due through
/// the usual machinery: one lock for all replicas and the console, resumable, overrides kept, each change on the feed.
/// </summary>
public sealed class TaxonomyFollower(
    TaxonomyHolder taxonomy, MatchingDatabase db, ReextractionWorker worker, IReextractionStore runs, DatabaseStartup database,
    ILogger<TaxonomyFollower> log) : BackgroundService
{
    public const string Trigger = "taxonomy";
    private static readonly TimeSpan BusyRetry = TimeSpan.FromSeconds(1);

    // Not SingleReader: that channel's reader cannot count, and StartRunAsync asks whether a newer change is queued.
    private readonly Channel<long> _changes = Channel.CreateUnbounded<long>();

    /// <summary>The last change followed by this process (null before the first).</summary>
    public TaxonomyFollowUp? Last { get; private set; }

    /// <summary>Queues revision <paramref name="revision"/> (made by this process) to be followed.</summary>
    public void Follow(long revision) => _changes.Writer.TryWrite(revision);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await database.Migrated.WaitAsync(stoppingToken);
            // A follow-up run a killed process left is resumed where it stopped (the runner resumes same-target runs).
            if (await runs.LatestAsync(stoppingToken) is { Status: ReextractionStatus.Running, Trigger: Trigger })
                await StartRunAsync(null, stoppingToken);
            while (await _changes.Reader.WaitToReadAsync(stoppingToken))
            {
                var pending = false;
                while (_changes.Reader.TryRead(out var revision))
                {
                    try
                    {
                        await OffThePool.RunAsync(() => RestampAsync(revision, stoppingToken));
                        pending = true;
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        // Nothing is lost: without the restamp every profile stays due and the run re-extracts them all.
                        log.LogWarning("Finding the profiles taxonomy revision {Revision} affects failed ({Reason}); all stay due",
                            revision, DatabaseFaults.Classify(e) ?? e.GetType().Name);
                        pending = true;
                    }
                }
                if (pending) await StartRunAsync(Last, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RestampAsync(long revision, CancellationToken ct)
    {
        await taxonomy.RefreshAsync(ct);
        var history = taxonomy.Current.History;
        var change = history.FirstOrDefault(r => r.Revision == revision)?.Change;
        if (change is null) return;
        var shipped = taxonomy.Shipped.Taxonomy;
        var before = taxonomy.At(revision - 1);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var terms = TaxonomyOverlay.SearchTerms(before, change);
        IReadOnlyList<string> holding = change.Kind == TaxonomyChangeKind.Retire ? [change.SkillId] : [];
        var candidates = await db.Taxonomy.CandidateProfilesAsync(terms, holding, ct);
        var restamped = await db.Taxonomy.RestampAsync(
            new ExtractionVersions(ExtractorVersion.Current, TaxonomyOverlay.VersionOf(shipped, revision - 1)),
            new ExtractionVersions(ExtractorVersion.Current, TaxonomyOverlay.VersionOf(shipped, revision)),
            candidates, ct);
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        Last = new TaxonomyFollowUp(revision, candidates.Count, restamped, elapsed, null);
        log.LogInformation(
            "Taxonomy revision {Revision} ({Kind} {SkillId}): {Candidates} stored profile(s) may be affected, {Restamped} restamped unchanged ({Elapsed:0} ms)",
            revision, change.Kind, change.SkillId, candidates.Count, restamped, elapsed.TotalMilliseconds);
    }

    /// <summary>Starts a run to the taxonomy in use; while another run holds the lock, tries again every second.</summary>
    private async Task StartRunAsync(TaxonomyFollowUp? followUp, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                var start = await worker.TryStartAsync(worker.Runner(), Trigger, ct);
                if (start.Started is { } run)
                {
                    if (followUp is not null && ReferenceEquals(Last, followUp)) Last = followUp with { RunId = run.Id };
                    return;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning("Starting the re-extraction after a taxonomy change failed ({Reason}); retrying",
                    DatabaseFaults.Classify(e) ?? e.GetType().Name);
            }
            // A newer change queued meanwhile starts its own run (to the newer version) when this one gets the lock.
            if (_changes.Reader.Count > 0) return;
            await Task.Delay(BusyRetry, ct);
        }
    }
}
