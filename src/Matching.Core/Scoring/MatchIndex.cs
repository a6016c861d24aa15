using Matching.Core.Jobs;
using Matching.Core.Profiles;
using Matching.Core.Scoring.Index;
using Matching.Core.Taxonomy;

namespace Matching.Core.Scoring;

/// <summary>Tuning of a <see cref="MatchIndex"/>; the defaults suit an API process.</summary>
/// <param name="Parallelism">Threads one query may use (partitions of the profile range); 0 = one per core.</param>
/// <param name="AutoCompact">Compact in the background when enough writes have piled up.</param>
public sealed record MatchIndexOptions(int Parallelism = 0, bool AutoCompact = true)
{
    internal int EffectiveParallelism => Parallelism > 0 ? Parallelism : Environment.ProcessorCount;
    /// <summary>Tests: split every query into this many partitions, however small the index.</summary>
    internal int ForcedPartitions { get; init; }
    /// <summary>Tests: how lists are cut into runs and tails.</summary>
    internal RunLayout Layout { get; init; } = RunLayout.Default;
}

/// <summary>What the index holds, for health checks and benchmarks.</summary>
/// <param name="Pending">Profiles written since the last compaction (kept in the small delta segment).</param>
/// <param name="Dead">Ordinals of removed or replaced profiles not yet compacted away.</param>
public sealed record MatchIndexStats(int Profiles, long Postings, int Pending, int Dead, long EstimatedBytes);

/// <summary>
/// Every profile's effective skill vector as posting lists, for ranking all profiles against a job in milliseconds.
/// Ranks exactly as scoring each profile with <see cref="Scorer"/> and sorting would (see <see cref="Match"/>); with
/// <see cref="MatchOptions.Explain"/> each hit also gets <see cref="Scorer"/>'s breakdown of the very version that was
/// ranked, from a compact copy of every vector the index keeps (about 3 bytes per skill; levels exactly as stored).
/// </summary>
/// <remarks>
/// <para>Layout: per skill two posting lists, stated (mentioned or manual) and inferred, each split into runs of equal
/// float level plus a tail of rare levels, stored per 64K-profile chunk as 16-bit offsets or as a bitmap (Roaring
/// style): about 2 bytes per posting, less for dense lists. Inferred ancestors are already in the vectors, so a
/// requirement on a broad skill reads one list instead of fanning out over descendants; parent and related credit read
/// the stated lists of the requirement's direct parents and related skills.</para>
/// <para>A query walks the profile range chunk by chunk (the two halves on two cores): every list adds exact integer
/// contributions into the chunk's accumulators, which then feed a bounded heap. Parent/related postings are skipped for
/// profiles that could not reach the current top-K even with full credit; nothing that can rank is ever skipped, and
/// the returned scores are exact.</para>
/// <para>Concurrency: queries read an immutable state and never block writers or each other. Writes are serialised;
/// each publishes a new state. A write appends the profile to a small delta segment and marks its previous version
/// dead; compaction (automatic in the background, or <see cref="Compact"/>) folds the delta into a new base and drops
/// the dead.</para>
/// </remarks>
public sealed class MatchIndex
{
    private readonly object _writeLock = new();
    private readonly object _compactionLock = new();
    private readonly MatchIndexOptions _options;
    private int _inFlight;
    private readonly VectorNormalizer _normalizer;
    private readonly int _listCount;
    private IndexState _state;
    private DeltaWriter _delta;
    private List<WriteOp>? _log;
    private long _generation;
    private bool _compactionScheduled;

    public SkillTaxonomy Taxonomy { get; }

    public MatchIndex(SkillTaxonomy taxonomy, MatchIndexOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(taxonomy);
        Taxonomy = taxonomy;
        _options = options ?? new MatchIndexOptions();
        _normalizer = new VectorNormalizer(taxonomy);
        _listCount = Lists.Count(taxonomy.Count);
        _delta = new DeltaWriter(0, _listCount);
        _state = new IndexState(BaseSegment.Empty, _delta.Empty(), DeadSet.None, new AttributeVocabulary());
    }

    /// <summary>Live profiles.</summary>
    public int Count => Volatile.Read(ref _state).Live;

    public MatchIndexStats Stats
    {
        get
        {
            lock (_writeLock)
            {
                var s = _state;
                return new MatchIndexStats(s.Live, s.Base.Postings + s.Delta.Postings, s.Delta.Count, s.Dead.Count,
                    s.Base.EstimatedBytes() + _delta.EstimatedBytes() + s.Dead.EstimatedBytes());
            }
        }
    }

    public bool Contains(string profileId)
    {
        lock (_writeLock) return Find(_state, profileId) >= 0;
    }

    /// <summary>Replaces the whole content with the builder's profiles (start-up). Writes made meanwhile are discarded.</summary>
    public void Load(MatchIndexBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!ReferenceEquals(builder.Taxonomy, Taxonomy))
            throw new ArgumentException("The builder was made for a different taxonomy.", nameof(builder));
        var segment = builder.Build(_options.Layout);
        lock (_writeLock)
        {
            _generation++;
            _log = null;
            _delta = new DeltaWriter(segment.Count, _listCount);
            Volatile.Write(ref _state, new IndexState(segment, _delta.Empty(), DeadSet.None, builder.Vocabulary));
        }
    }

    /// <inheritdoc cref="Load(MatchIndexBuilder)"/>
    public void Load(IEnumerable<IndexedProfile> profiles)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        var builder = new MatchIndexBuilder(Taxonomy, profiles.TryGetNonEnumeratedCount(out var n) ? n : 0);
        foreach (var p in profiles) builder.Add(p);
        Load(builder);
    }

    /// <summary>Adds a profile or replaces its previous version; visible to every query that starts afterwards.</summary>
    /// <param name="attributes">What the profile is besides skills, replacing what the previous version had; null: nothing stated.</param>
    public void Upsert(string profileId, string? externalId, IReadOnlyList<ProfileSkill> effectiveSkills, ProfileAttributes? attributes = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(profileId);
        ArgumentNullException.ThrowIfNull(effectiveSkills);
        var normalised = attributes?.Normalise();
        lock (_writeLock)
        {
            var row = _state.Vocabulary.Encode(normalised);
            _normalizer.Begin();
            foreach (var s in effectiveSkills) _normalizer.Add(s.SkillId, s.Level, s.Source, s.Via);
            var op = new WriteOp(profileId, externalId, _normalizer.ToArray(), _normalizer.EncodeToArray(), row);
            Apply(op);
            _log?.Add(op);
            ScheduleCompactionIfDue();
        }
    }

    /// <summary>
    /// Replaces only a profile's attributes (its skills and external id stay); false when it is not in the index.
    /// Visible to every query that starts afterwards.
    /// </summary>
    public bool UpdateAttributes(string profileId, ProfileAttributes attributes)
    {
        ArgumentException.ThrowIfNullOrEmpty(profileId);
        ArgumentNullException.ThrowIfNull(attributes);
        var normalised = attributes.Normalise();
        lock (_writeLock)
        {
            var state = _state;
            var row = state.Vocabulary.Encode(normalised);
            var ordinal = Find(state, profileId);
            if (ordinal < 0) return false;
            var vector = state.VectorOf(ordinal).ToArray();
            var entries = new List<VectorEntry>();
            VectorEntries.Decode(vector, entries);
            var postings = new Posting[entries.Count];
            for (var i = 0; i < postings.Length; i++)
                postings[i] = new Posting(Lists.Of(entries[i].Skill, entries[i].Source != SkillSource.Inferred), ScoringRules.Quantize(entries[i].Level));
            var op = new WriteOp(profileId, state.ExternalIdOf(ordinal), postings, vector, row);
            Apply(op);
            _log?.Add(op);
            ScheduleCompactionIfDue();
            return true;
        }
    }

    /// <summary>Removes a profile; false when it is not in the index.</summary>
    public bool Remove(string profileId)
    {
        ArgumentException.ThrowIfNullOrEmpty(profileId);
        lock (_writeLock)
        {
            var op = new WriteOp(profileId, null, null, null, null);
            if (!Apply(op)) return false;
            _log?.Add(op);
            ScheduleCompactionIfDue();
            return true;
        }
    }

    /// <summary>
    /// Ranks every profile against the requirements. The result is exactly what scoring each profile with
    /// <see cref="Scorer.Score"/> and ranking would give: profiles that matched nothing are left out; the rest are ordered
    /// by missing required skills (fewest first), then score (highest first), then profile id (ordinal); <c>Strict</c>
    /// drops those missing any required skill, <c>MinScore</c> those scoring below it; the first <c>TopK</c> are returned.
    /// </summary>
    public MatchOutcome Match(IReadOnlyList<Requirement> requirements, MatchOptions options)
    {
        ScoringRules.Validate(requirements);
        ValidateOptions(options);
        var state = Volatile.Read(ref _state);
        return Run(state, requirements, options, exclude: -1);
    }

    private static void ValidateOptions(MatchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.TopK < 0) throw new ArgumentOutOfRangeException(nameof(options), "TopK must not be negative.");
        if (options.FacetSize < 0) throw new ArgumentOutOfRangeException(nameof(options), "FacetSize must not be negative.");
        if (options.Facets is { } facets)
            foreach (var name in facets)
                if (!MatchFacets.IsValid(name)) throw new ArgumentException($"Unknown facet '{name}'.", nameof(options));
        if (options.After is { } after)
        {
            if (after.ProfileId is null) throw new ArgumentException("The cursor has no profile id.", nameof(options));
            if (after.Missing < 0) throw new ArgumentOutOfRangeException(nameof(options), "The cursor's missing count is negative.");
            if (after.ScoreUnits is < 0 or > 100 * ScoringRules.UnitsPerPoint)
                throw new ArgumentOutOfRangeException(nameof(options), "The cursor's score is outside [0, 100].");
        }
    }

    /// <summary>
    /// Partitions per worker thread of a big query: enough for a thread that is done early to take another, few enough
    /// that each partition's set-up (its top-K, its scratch, a cursor into every tail) stays small. Measured at 1M
    /// profiles, paired per query: 2 per worker beat 4 by about 0.03 ms on filtered, unfiltered and faceted queries
    /// alike, and 8 per worker lost 0.04 ms.
    /// </summary>
    private const int PartitionsPerWorker = 2;

    /// <summary>The query on one state; <paramref name="exclude"/> is an ordinal never returned (the source of Similar), or -1.</summary>
    private MatchOutcome Run(IndexState state, IReadOnlyList<Requirement> requirements, MatchOptions options, int exclude)
    {
        var plan = QueryPlan.Create(Taxonomy, state, requirements, options);
        var filter = new FilterPlan(state, Taxonomy, options.Filter, exclude);
        var facets = options.Facets is { } names ? new FacetPlan(state, Taxonomy, names, filter) : null;
        if (plan.Scans.Length == 0)
            return new MatchOutcome(state.Live, []) { Facets = facets?.Result([], options.FacetSize) };

        // One thread per core for a big query, each taking a few chunks at a time so that none idles while another
        // still has work; small queries stay on the caller's thread. So do all queries while others run: under load
        // the cores are busy anyway, and helpers would only queue behind other requests (and spin waiting for them).
        var inFlight = Interlocked.Increment(ref _inFlight);
        QueryExecution execution;
        List<(int Value, int Ordinal)> candidates;
        try
        {
            var work = plan.BasePostings + state.Base.Count / 4;
            var chunks = Math.Max(1, state.Base.Chunks);
            var cores = Math.Max(1, Math.Min(_options.EffectiveParallelism, chunks) - (inFlight - 1));
            var workers = (int)Math.Clamp(work / 150_000, 1, cores);
            var partitions = _options.ForcedPartitions > 0 ? _options.ForcedPartitions : workers == 1 ? 1 : Math.Min(chunks, PartitionsPerWorker * workers);
            if (_options.ForcedPartitions > 0) workers = Math.Max(workers, Math.Min(2, partitions));
            execution = new QueryExecution(plan, state, partitions, workers, filter, facets);
            candidates = execution.Run();
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }

        candidates.Sort((x, y) => x.Value != y.Value ? y.Value.CompareTo(x.Value) : state.CompareIds(x.Ordinal, y.Ordinal));
        var matched = execution.Matched;
        var before = execution.Before;
        var count = Math.Min(plan.TopK, candidates.Count);
        var hits = new MatchHit[count];
        ScoringJob? job = null;
        bool[]? reachable = null;
        Dictionary<int, ScoredSkill>? vector = null;
        if (options.Explain && count > 0)
        {
            job = new ScoringJob(Taxonomy, requirements);
            reachable = job.Reachable();
            vector = [];
        }
        for (var i = 0; i < count; i++)
        {
            var (value, ordinal) = candidates[i];
            List<string>? missing = null;
            for (var r = 0; r < plan.Plans.Length; r++)
                if (plan.Plans[r].Required && !plan.Satisfies(state, plan.Plans[r], ordinal))
                    (missing ??= []).Add(requirements[r].Skill);
            // The explanation scores the very version that was ranked (this state's), with the one-profile scorer.
            ProfileScore? explanation = null;
            if (job is not null)
            {
                VectorCodec.DecodeInto(state.VectorOf(ordinal), Taxonomy, reachable, vector!);
                explanation = Scorer.ScoreVector(vector!, job);
            }
            hits[i] = new MatchHit(before + i + 1, state.IdOf(ordinal), state.ExternalIdOf(ordinal),
                ScoringRules.FromUnits(value & QueryPlan.UnitsMask), missing ?? (IReadOnlyList<string>)[], explanation);
        }
        return new MatchOutcome(state.Live, hits)
        {
            Matched = matched,
            Facets = facets?.Result(execution.FacetCounts, options.FacetSize),
            Next = count > 0 && before + count < matched ? MatchCursor.Of(hits[^1]) : null,
        };
    }

    /// <summary>
    /// Profiles like <paramref name="profileId"/>: every other profile ranked against <see cref="SimilarityRequirements"/>
    /// (the source's mentioned and manual skills, each weighted by and required at the source's level) exactly as
    /// <see cref="Match"/> ranks against a job, with the same filter, paging and facets. Never returns the source itself.
    /// Null when the profile is not in the index.
    /// </summary>
    public MatchOutcome? Similar(string profileId, SimilarOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(profileId);
        ArgumentNullException.ThrowIfNull(options);
        var matchOptions = new MatchOptions(options.TopK, Explain: options.Explain)
        {
            Filter = options.Filter,
            After = options.After,
            Facets = options.Facets,
            FacetSize = options.FacetSize,
        };
        ValidateOptions(matchOptions);
        IndexState state;
        int ordinal;
        lock (_writeLock)
        {
            state = _state;
            ordinal = Find(state, profileId);
        }
        if (ordinal < 0) return null;
        return Run(state, RequirementsOf(state, ordinal), matchOptions, exclude: ordinal);
    }

    /// <summary>
    /// The job <see cref="Similar"/> ranks against, for explaining it per skill: one requirement per mentioned or manual
    /// skill of the profile at a level above 0, weight = minLevel = that level, none required; strongest first (level
    /// descending, then skill id), at most <see cref="ScoringRules.MaxRequirements"/>. Null when the profile is not in the index.
    /// </summary>
    public IReadOnlyList<Requirement>? SimilarityRequirements(string profileId)
    {
        ArgumentException.ThrowIfNullOrEmpty(profileId);
        IndexState state;
        int ordinal;
        lock (_writeLock)
        {
            state = _state;
            ordinal = Find(state, profileId);
        }
        return ordinal < 0 ? null : RequirementsOf(state, ordinal);
    }

    private List<Requirement> RequirementsOf(IndexState state, int ordinal)
    {
        var entries = new List<VectorEntry>();
        VectorEntries.Decode(state.VectorOf(ordinal), entries);
        return entries
            .Where(e => e.Source != SkillSource.Inferred && ScoringRules.Quantize(e.Level) > 0)
            .Select(e => (Id: Taxonomy[e.Skill].Id, Level: Math.Min(1.0, e.Level)))
            .OrderByDescending(e => e.Level).ThenBy(e => e.Id, StringComparer.Ordinal)
            .Take(ScoringRules.MaxRequirements)
            .Select(e => new Requirement(e.Id, e.Level, Required: false, MinLevel: e.Level))
            .ToList();
    }

    /// <summary>
    /// Which skills go together with <paramref name="skillId"/> in the live profiles' effective vectors (level above 0,
    /// inferred included): per other skill, how many profiles have both and the lift P(other | skill) / P(other).
    /// The skill itself and its taxonomy ancestors (implied by it) are left out, and so are skills shared by fewer than
    /// <paramref name="minTogether"/> profiles. Ordered by lift descending, then together descending, then skill id; at
    /// most <paramref name="top"/>. Empty for a skill the taxonomy does not know or no profile has. Computed once per
    /// index version (a write makes a new one).
    /// </summary>
    public IReadOnlyList<SkillCoOccurrence> CoOccurring(string skillId, int top = 20, int minTogether = 3)
    {
        ArgumentNullException.ThrowIfNull(skillId);
        if (top < 0) throw new ArgumentOutOfRangeException(nameof(top));
        var skill = Taxonomy.OrdinalOf(skillId);
        if (skill < 0 || top == 0) return [];
        var state = Volatile.Read(ref _state);
        var stats = _coOccurrence.GetValue(state, s => new CoOccurrenceCache(s, Taxonomy.Count));
        var (totals, live, together, having) = stats.Get(skill);
        if (having == 0) return [];
        var implied = new HashSet<int>(Taxonomy.AncestorsOf(skill).ToArray()) { skill };
        var result = new List<SkillCoOccurrence>();
        for (var b = 0; b < together.Length; b++)
        {
            if (together[b] < Math.Max(1, minTogether) || implied.Contains(b)) continue;
            var lift = together[b] / (double)having / (totals[b] / (double)live);
            result.Add(new SkillCoOccurrence(Taxonomy[b].Id, together[b], lift));
        }
        return result.OrderByDescending(r => r.Lift).ThenByDescending(r => r.Together).ThenBy(r => r.SkillId, StringComparer.Ordinal)
            .Take(top).ToList();
    }

    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<IndexState, CoOccurrenceCache> _coOccurrence = new();

    /// <summary>The skills <see cref="Scorer"/> can read for these requirements: each one's own, direct parents and related.</summary>

    /// <summary>
    /// Folds pending writes into a new base segment and drops removed profiles. Queries and writes continue meanwhile;
    /// writes made during the merge are replayed onto the result.
    /// </summary>
    public void Compact()
    {
        lock (_compactionLock)
        {
            IndexState state;
            long generation;
            lock (_writeLock)
            {
                state = _state;
                generation = _generation;
                if (state.Delta.Count == 0 && state.Dead.Count == 0) return;
                _log = [];
            }
            try
            {
                var merged = SegmentRuns.Merge(state, _listCount, _options.Layout);
                lock (_writeLock)
                {
                    if (generation != _generation) return; // a Load replaced everything meanwhile
                    _delta = new DeltaWriter(merged.Count, _listCount);
                    Volatile.Write(ref _state, new IndexState(merged, _delta.Empty(), DeadSet.None, state.Vocabulary));
                    foreach (var op in _log!) Apply(op);
                }
            }
            finally
            {
                lock (_writeLock) _log = null;
            }
        }
    }

    private bool Apply(WriteOp op)
    {
        var state = _state;
        var old = Find(state, op.ProfileId);
        if (op.Postings is null && old < 0) return false;
        var delta = state.Delta;
        if (old >= state.Base.Count) _delta.LiveIds.Remove(op.ProfileId);
        if (op.Postings is not null) (delta, _) = _delta.Append(op.ProfileId, op.ExternalId, op.Postings, op.Vector!, op.Attributes!);
        var dead = old >= 0 ? state.Dead.With(old) : state.Dead;
        Volatile.Write(ref _state, new IndexState(state.Base, delta, dead, state.Vocabulary));
        return true;
    }

    private int Find(IndexState state, string profileId)
    {
        if (_delta.LiveIds.TryGetValue(profileId, out var ordinal)) return ordinal;
        var b = state.Base.IndexOf(profileId);
        return b >= 0 && !state.Dead.Contains(b) ? b : -1;
    }

    private void ScheduleCompactionIfDue()
    {
        if (!_options.AutoCompact || _compactionScheduled || _log is not null) return;
        var s = _state;
        var due = s.Delta.Count > Math.Max(16_384, s.Base.Count / 32) || s.Dead.Count > Math.Max(16_384, s.TotalOrdinals / 8);
        if (!due) return;
        _compactionScheduled = true;
        ThreadPool.UnsafeQueueUserWorkItem(static index =>
        {
            try
            {
                index.Compact();
            }
            catch (Exception)
            {
                // Nothing is lost: the index is complete without compaction, only slower; the next write retries.
            }
            finally
            {
                lock (index._writeLock) index._compactionScheduled = false;
            }
        }, this, preferLocal: false);
    }

    /// <summary>A write as replayed after a compaction: postings null means a removal.</summary>
    private sealed record WriteOp(string ProfileId, string? ExternalId, Posting[]? Postings, byte[]? Vector, AttributeRow? Attributes);
}
