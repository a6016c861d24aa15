using Matching.Core.Profiles;
using Matching.Core.Scoring;
using Matching.Data;

namespace Matching.Api.Infrastructure;

/// <summary>
/// Owns this process's <see cref="MatchIndex"/>: loads it from the store at start-up (the API answers
/// <c>/health/ready</c> 503 until then), and replays the store's change sequence so that writes made by this
/// replica or any other reach <c>/match</c> within a poll interval. Local writes call
/// <see cref="CatchUpAsync"/> straight after their commit, so a client reads its own writes.
/// </summary>
/// <remarks>It also tells the <see cref="EvidenceCache"/> of every change, just before the index sees it.</remarks>
public sealed class MatchIndexHost(
    MatchIndex index, IProfileStore profiles, EvidenceCache evidence, DatabaseStartup database, ILogger<MatchIndexHost> log)
    : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _sequence;
    private long _caughtUpAt; // Stopwatch timestamp of the last poll that found nothing new; 0 before the first
    private volatile bool _ready;

    public MatchIndex Index => index;
    public bool IsReady => _ready;
    public long Sequence => Interlocked.Read(ref _sequence);

    /// <summary>How long ago this process last saw the end of the change feed (null before the index is loaded).</summary>
    public TimeSpan? SinceCaughtUp =>
        Interlocked.Read(ref _caughtUpAt) is var at and not 0 ? System.Diagnostics.Stopwatch.GetElapsedTime(at) : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await database.Migrated.WaitAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        var delay = TimeSpan.FromMilliseconds(500);
        while (!_ready && !stoppingToken.IsCancellationRequested)
        {
            try
            {
                await LoadAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning("Loading the match index failed ({Reason}); retrying in {Delay:0.#} s", Reason(e), delay.TotalSeconds);
                await Task.Delay(delay, stoppingToken);
                delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, 10));
            }
        }

        // During an outage every poll fails: one line when it starts and one when it ends, not four a second.
        string? failing = null;
        using var timer = new PeriodicTimer(PollInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await CatchUpAsync(stoppingToken);
                if (failing is not null) log.LogInformation("Catching up with profile changes works again (it failed with {Reason})", failing);
                failing = null;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                if (failing is null) log.LogWarning("Catching up with profile changes failed ({Reason}); retrying every {Interval} ms", Reason(e), PollInterval.TotalMilliseconds);
                failing = Reason(e);
            }
        }
    }

    /// <summary>A fixed fault name for an outage; otherwise the exception's type and message (never a stack trace per poll).</summary>
    private static string Reason(Exception e) =>
        DatabaseFaults.Classify(e) ?? $"{e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}";

    private async Task LoadAsync(CancellationToken ct)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        await _gate.WaitAsync(ct);
        try
        {
            // Changes committed while we stream are replayed afterwards; replay applies the latest state, so
            // a profile seen twice is harmless.
            var sequence = await profiles.CurrentSequenceAsync(ct);
            var loaded = await profiles.ReadIndexAsync(index.Taxonomy, ct);
            evidence.Clear();
            index.Load(loaded.Builder);
            Interlocked.Exchange(ref _sequence, sequence);
            log.LogInformation("Match index loaded: {Profiles} profiles in {Elapsed} ms", loaded.Profiles, started.ElapsedMilliseconds);
        }
        finally
        {
            _gate.Release();
        }
        await CatchUpAsync(ct);
        _ready = true;
    }

    /// <summary>Applies every committed change after the last one seen. Safe to call concurrently.</summary>
    public async Task CatchUpAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            while (true)
            {
                var changes = await profiles.ChangesSinceAsync(Sequence, 1000, ct);
                if (changes.Count == 0)
                {
                    Interlocked.Exchange(ref _caughtUpAt, System.Diagnostics.Stopwatch.GetTimestamp());
                    return;
                }
                var ids = changes.Select(c => c.ProfileId).Distinct(StringComparer.Ordinal).ToList();
                var current = (await profiles.GetVectorsAsync(ids, ct)).ToDictionary(v => v.ProfileId, StringComparer.Ordinal);
                foreach (var id in ids)
                {
                    evidence.Invalidate(id);
                    if (current.TryGetValue(id, out var row)) index.Upsert(row.ProfileId, row.ExternalId, ToSkills(row));
                    else index.Remove(id);
                }
                Interlocked.Exchange(ref _sequence, changes[^1].Sequence);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private static List<ProfileSkill> ToSkills(ProfileVectorRow row) =>
        row.Skills.Select(s => new ProfileSkill(s.SkillId, s.Level, s.Source, [], null, s.Via)).ToList();
}
