using Matching.Core.Extraction;
using Matching.Core.Taxonomy;
using Matching.Data;

namespace Matching.Api.Infrastructure;

/// <summary>The taxonomy file as shipped: the parsed taxonomy and the document itself (the export keeps its notes and rules).</summary>
public sealed record ShippedTaxonomy(SkillTaxonomy Taxonomy, byte[] Json)
{
    public static ShippedTaxonomy LoadFile(string path)
    {
        var json = File.ReadAllBytes(path);
        using var stream = new MemoryStream(json, writable: false);
        return new ShippedTaxonomy(SkillTaxonomy.Load(stream), json);
    }
}

/// <summary>
/// One effective taxonomy and everything built from it: the extractor (its alias matcher) and the resolver of skill
/// fields. Immutable; a request takes one snapshot (it is scoped) and uses it throughout, whatever changes meanwhile.
/// </summary>
public sealed class TaxonomySnapshot(SkillTaxonomy taxonomy, SkillExtractor extractor, long revision, IReadOnlyList<TaxonomyRevision> history)
{
    public SkillTaxonomy Taxonomy => taxonomy;
    public SkillExtractor Extractor => extractor;
    public SkillResolver Resolver { get; } = new(taxonomy, extractor);
    /// <summary>The overlay's revision this snapshot includes (0: the shipped file alone).</summary>
    public long Revision => revision;
    /// <summary>Every change up to <see cref="Revision"/>, in order: earlier versions are rebuilt from it.</summary>
    public IReadOnlyList<TaxonomyRevision> History => history;
}

/// <summary>
/// Holds this process's current <see cref="TaxonomySnapshot"/> and keeps it in step with the database: it polls the
/// overlay's revision (a one-row read) and, when another replica has changed the taxonomy, builds the new snapshot off
/// the request path and swaps it in with one reference write. Requests already running finish on the snapshot they
/// took; <c>/match</c> never waits for a build. A change made by this process calls <see cref="RefreshAsync"/> before
/// answering, so its client reads its own write.
/// </summary>
public sealed class TaxonomyHolder(
    ShippedTaxonomy shipped, SkillExtractor shippedExtractor, MatchingDatabase db, DatabaseStartup database, ILogger<TaxonomyHolder> log)
    : BackgroundService
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile TaxonomySnapshot _current = new(shipped.Taxonomy, shippedExtractor, 0, []);

    public ShippedTaxonomy Shipped => shipped;

    public TaxonomySnapshot Current => _current;

    /// <summary>Raised after a new snapshot is swapped in (the match index rebuilds for it).</summary>
    public event Action<TaxonomySnapshot>? Changed;

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
        string? failing = null;
        using var timer = new PeriodicTimer(PollInterval);
        do
        {
            try
            {
                await RefreshAsync(stoppingToken);
                if (failing is not null) log.LogInformation("Following taxonomy changes works again (it failed with {Reason})", failing);
                failing = null;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                var reason = DatabaseFaults.Classify(e) ?? $"{e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}";
                if (failing is null) log.LogWarning("Following taxonomy changes failed ({Reason}); retrying", reason);
                failing = reason;
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Reads the changes made since the current snapshot and swaps in a snapshot with them. Safe to call concurrently.</summary>
    public async Task<TaxonomySnapshot> RefreshAsync(CancellationToken ct)
    {
        var revision = await db.Taxonomy.CurrentRevisionAsync(ct);
        if (revision == _current.Revision) return _current;
        await _gate.WaitAsync(ct);
        try
        {
            var current = _current;
            var changes = await db.Taxonomy.ChangesSinceAsync(current.Revision, ct);
            if (changes.Count == 0) return current;
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var history = current.History.Concat(changes).ToList();
            var taxonomy = TaxonomyOverlay.Apply(shipped.Taxonomy, history);
            var next = new TaxonomySnapshot(taxonomy, new SkillExtractor(taxonomy, shippedExtractor.Lexicon), history[^1].Revision, history);
            _current = next;
            log.LogInformation("Taxonomy {Version} in use ({Skills} skills, revision {Revision}; built in {Elapsed:0} ms)",
                taxonomy.Version, taxonomy.Count, next.Revision, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            Changed?.Invoke(next);
            return next;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The taxonomy at <paramref name="revision"/> of the current history (0: the shipped file).</summary>
    public SkillTaxonomy At(long revision)
    {
        var current = _current;
        if (revision == current.Revision) return current.Taxonomy;
        return TaxonomyOverlay.Apply(shipped.Taxonomy, current.History, revision);
    }
}
