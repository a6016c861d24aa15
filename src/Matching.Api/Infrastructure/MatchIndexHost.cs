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
/// <remarks>
/// It also tells the <see cref="EvidenceCache"/> of every change, just before the index sees it. When the taxonomy
/// changes (<see cref="TaxonomyHolder"/>), a new index for it is loaded beside the one in use, brought up to the same
/// change, and swapped in: <c>/match</c> keeps answering from the old one meanwhile.
/// </remarks>
public sealed class MatchIndexHost : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SemaphoreSlim _taxonomyChanged = new(0, 1);
    private readonly TaxonomyHolder _taxonomy;
    private readonly IProfileFeed _profiles;
    private readonly EvidenceCache _evidence;
    private readonly DatabaseStartup _database;
    private readonly ILogger<MatchIndexHost> _log;
    private volatile MatchIndex _index;
    private long _sequence;
    private long _caughtUpAt; // Stopwatch timestamp of the last poll that found nothing new; 0 before the first
    private volatile bool _ready;

    public MatchIndexHost(TaxonomyHolder taxonomy, IProfileFeed profiles, EvidenceCache evidence, DatabaseStartup database,
        ILogger<MatchIndexHost> log)
    {
        _taxonomy = taxonomy;
        _profiles = profiles;
        _evidence = evidence;
        _database = database;
        _log = log;
        _index = new MatchIndex(taxonomy.Current.Taxonomy);
        taxonomy.Changed += _ =>
        {
            if (_taxonomyChanged.CurrentCount == 0)
                try { _taxonomyChanged.Release(); }
                catch (SemaphoreFullException) { /* already signalled */ }
        };
    }

    /// <summary>The index in use; take it once per request (it is replaced when the taxonomy changes).</summary>
    public MatchIndex Index => _index;
    public bool IsReady => _ready;
    public long Sequence => Interlocked.Read(ref _sequence);

    /// <summary>How long ago this process last saw the end of the change feed (null before the index is loaded).</summary>
    public TimeSpan? SinceCaughtUp =>
        Interlocked.Read(ref _caughtUpAt) is var at and not 0 ? System.Diagnostics.Stopwatch.GetElapsedTime(at) : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await _database.Migrated.WaitAsync(stoppingToken);
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
                _log.LogWarning("Loading the match index failed ({Reason}); retrying in {Delay:0.#} s", Reason(e), delay.TotalSeconds);
                await Task.Delay(delay, stoppingToken);
                delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, 10));
            }
        }

        // During an outage every poll fails: one line when it starts and one when it ends, not four a second.
        string? failing = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            // Woken early by a taxonomy change, so the index follows the extractor within a poll of the holder.
            await _taxonomyChanged.WaitAsync(PollInterval, stoppingToken);
            try
            {
                if (!ReferenceEquals(_index.Taxonomy, _taxonomy.Current.Taxonomy)) await RebuildAsync(_taxonomy.Current.Taxonomy, stoppingToken);
                await CatchUpAsync(stoppingToken);
                if (failing is not null) _log.LogInformation("Catching up with profile changes works again (it failed with {Reason})", failing);
                failing = null;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                if (failing is null) _log.LogWarning("Catching up with profile changes failed ({Reason}); retrying every {Interval} ms", Reason(e), PollInterval.TotalMilliseconds);
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
        // The overlay's changes first: the index is built for the effective taxonomy, and ready means both are current.
        var taxonomy = (await _taxonomy.RefreshAsync(ct)).Taxonomy;
        await _gate.WaitAsync(ct);
        try
        {
            // Changes committed while we stream are replayed afterwards; replay applies the latest state, so
            // a profile seen twice is harmless.
            var sequence = await _profiles.CurrentSequenceAsync(ct);
            var loaded = await OffThePool.RunAsync(() => _profiles.ReadIndexAsync(taxonomy, ct));
            _evidence.Clear();
            var index = new MatchIndex(taxonomy);
            await OffThePool.Run(() => index.Load(loaded.Builder));
            _index = index;
            Interlocked.Exchange(ref _sequence, sequence);
            _log.LogInformation("Match index loaded: {Profiles} profiles in {Elapsed} ms", loaded.Profiles, started.ElapsedMilliseconds);
        }
        finally
        {
            _gate.Release();
        }
        await CatchUpAsync(ct);
        _ready = true;
    }

    /// <summary>
    /// Loads an index for <paramref name="taxonomy"/> beside the one in use (which goes on answering and following the
    /// change feed), replays the changes committed meanwhile into it, and swaps it in.
    /// </summary>
    private async Task RebuildAsync(Core.Taxonomy.SkillTaxonomy taxonomy, CancellationToken ct)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var sequence = await _profiles.CurrentSequenceAsync(ct);
        var loaded = await OffThePool.RunAsync(() => _profiles.ReadIndexAsync(taxonomy, ct));
        var fresh = new MatchIndex(taxonomy);
        await OffThePool.Run(() => fresh.Load(loaded.Builder));
        await _gate.WaitAsync(ct);
        try
        {
            sequence = await ApplyChangesAsync(fresh, sequence, ct);
            _index = fresh;
            Interlocked.Exchange(ref _sequence, sequence);
        }
        finally
        {
            _gate.Release();
        }
        _log.LogInformation("Match index rebuilt for taxonomy {Version}: {Profiles} profiles in {Elapsed} ms",
            taxonomy.Version, loaded.Profiles, started.ElapsedMilliseconds);
    }

    /// <summary>Applies every committed change after the last one seen. Safe to call concurrently.</summary>
    public async Task CatchUpAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            Interlocked.Exchange(ref _sequence, await ApplyChangesAsync(_index, Sequence, ct));
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Replays the change feed after <paramref name="sequence"/> into <paramref name="index"/>; returns the last sequence applied. Hold the gate.</summary>
    private async Task<long> ApplyChangesAsync(MatchIndex index, long sequence, CancellationToken ct)
    {
        while (true)
        {
            var changes = await _profiles.ChangesSinceAsync(sequence, 1000, ct);
            if (changes.Count == 0)
            {
                Interlocked.Exchange(ref _caughtUpAt, System.Diagnostics.Stopwatch.GetTimestamp());
                return sequence;
            }
            var ids = changes.Select(c => c.ProfileId).Distinct(StringComparer.Ordinal).ToList();
            var current = (await _profiles.GetVectorsAsync(ids, ct)).ToDictionary(v => v.ProfileId, StringComparer.Ordinal);
            foreach (var id in ids)
            {
                _evidence.Invalidate(id);
                if (current.TryGetValue(id, out var row)) index.Upsert(row.ProfileId, row.ExternalId, ToSkills(row), row.Attributes);
                else index.Remove(id);
            }
            sequence = changes[^1].Sequence;
            // Progress is kept as it goes: a failure later in a long replay does not replay these again.
            if (ReferenceEquals(index, _index)) Interlocked.Exchange(ref _sequence, sequence);
        }
    }

    private static List<ProfileSkill> ToSkills(ProfileVectorRow row) =>
        row.Skills.Select(s => new ProfileSkill(s.SkillId, s.Level, s.Source, [], null, s.Via)).ToList();
}
