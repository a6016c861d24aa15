using Matching.Core.Profiles;
using Matching.Core.Scoring.Index;
using Matching.Core.Taxonomy;

namespace Matching.Core.Scoring;

/// <summary>
/// Collects profiles for a bulk <see cref="MatchIndex.Load(MatchIndexBuilder)"/>: a few compact arrays (no object per
/// profile or skill), so a million profiles streamed from the store load in seconds. A profile id added twice keeps its
/// last version. Not thread-safe; one builder feeds one load.
/// </summary>
public sealed class MatchIndexBuilder
{
    private readonly VectorNormalizer _normalizer;
    private string[] _ids;
    private string?[] _externalIds;
    private AttributeRow[] _attributes;
    private int[] _starts;
    private int[] _lists;
    private float[] _levels;
    private Growable<byte> _vectors;
    private int[] _vectorStarts;
    private int _postings;
    private bool _consumed;

    public SkillTaxonomy Taxonomy { get; }
    internal AttributeVocabulary Vocabulary { get; } = new();
    public int Count { get; private set; }

    /// <param name="expectedProfiles">Sizes the arrays up front when the count is known (e.g. from the store).</param>
    public MatchIndexBuilder(SkillTaxonomy taxonomy, int expectedProfiles = 0, int expectedSkillsPerProfile = 30)
    {
        ArgumentNullException.ThrowIfNull(taxonomy);
        Taxonomy = taxonomy;
        _normalizer = new VectorNormalizer(taxonomy);
        var profiles = Math.Max(16, expectedProfiles);
        _ids = new string[profiles];
        _externalIds = new string?[profiles];
        _attributes = new AttributeRow[profiles];
        _starts = new int[profiles + 1];
        _vectorStarts = new int[profiles + 1];
        var postings = (int)Math.Min(Array.MaxLength, (long)profiles * Math.Max(1, expectedSkillsPerProfile));
        _lists = new int[postings];
        _levels = new float[postings];
        _vectors = new Growable<byte>((int)Math.Min(Array.MaxLength, postings * 4L));
    }

    public void Add(IndexedProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        Add(profile.ProfileId, profile.ExternalId, profile.EffectiveSkills, profile.Attributes);
    }

    /// <param name="attributes">What the profile is besides skills; null: nothing stated.</param>
    public void Add(string profileId, string? externalId, IReadOnlyList<ProfileSkill> effectiveSkills, ProfileAttributes? attributes = null)
    {
        ArgumentNullException.ThrowIfNull(effectiveSkills);
        _normalizer.Begin();
        for (var i = 0; i < effectiveSkills.Count; i++)
        {
            var s = effectiveSkills[i];
            _normalizer.Add(s.SkillId, s.Level, s.Source, s.Via);
        }
        Append(profileId, externalId, attributes);
    }

    public void Add(string profileId, string? externalId, ReadOnlySpan<IndexedSkill> effectiveSkills, ProfileAttributes? attributes = null)
    {
        _normalizer.Begin();
        foreach (var s in effectiveSkills) _normalizer.Add(s.SkillId, s.Level, s.Source, s.Via);
        Append(profileId, externalId, attributes);
    }

    /// <summary>A profile whose skills the caller has already looked up (ordinals outside the taxonomy are dropped).</summary>
    public void Add(string profileId, string? externalId, ReadOnlySpan<IndexedOrdinal> effectiveSkills, ProfileAttributes? attributes = null)
    {
        _normalizer.Begin();
        foreach (var s in effectiveSkills) _normalizer.Add(s.Ordinal, s.Level, s.Source, s.Via);
        Append(profileId, externalId, attributes);
    }

    private void Append(string profileId, string? externalId, ProfileAttributes? attributes)
    {
        ArgumentException.ThrowIfNullOrEmpty(profileId);
        if (_consumed) throw new InvalidOperationException("This builder has already been loaded into an index.");
        if (Count == _ids.Length)
        {
            var capacity = (int)Math.Min(Array.MaxLength - 1, _ids.Length * 3L / 2);
            Array.Resize(ref _ids, capacity);
            Array.Resize(ref _externalIds, capacity);
            Array.Resize(ref _attributes, capacity);
            Array.Resize(ref _starts, capacity + 1);
            Array.Resize(ref _vectorStarts, capacity + 1);
        }
        var n = _normalizer.Count;
        if (_postings + n > _lists.Length)
        {
            var capacity = (int)Math.Min(Array.MaxLength, Math.Max(_postings + n, _lists.Length * 3L / 2));
            Array.Resize(ref _lists, capacity);
            Array.Resize(ref _levels, capacity);
        }
        for (var i = 0; i < n; i++)
        {
            var p = _normalizer[i];
            _lists[_postings + i] = p.List;
            _levels[_postings + i] = p.Level;
        }
        _ids[Count] = profileId;
        _externalIds[Count] = externalId;
        _attributes[Count] = Vocabulary.Encode(attributes?.Normalise());
        _normalizer.Encode(_vectors);
        _postings += n;
        Count++;
        _starts[Count] = _postings;
        _vectorStarts[Count] = _vectors.Count;
    }

    /// <summary>Builds the base segment: ordinals in id order, each list split into runs of equal level.</summary>
    internal BaseSegment Build(RunLayout layout)
    {
        if (_consumed) throw new InvalidOperationException("This builder has already been loaded into an index.");
        _consumed = true;
        var n = Count;
        var listCount = Lists.Count(Taxonomy.Count);

        // Ordinals follow ids in ordinal order; of duplicate ids the last added wins.
        var order = new int[n];
        for (var i = 0; i < n; i++) order[i] = i;
        var sorted = true;
        for (var i = 1; i < n && sorted; i++) sorted = string.CompareOrdinal(_ids[i - 1], _ids[i]) < 0;
        if (!sorted)
        {
            var keys = _ids.AsSpan(0, n).ToArray();
            Array.Sort(keys, order, StringComparer.Ordinal);
        }
        var kept = new List<int>(n);
        for (var i = 0; i < n; i++)
        {
            var t = order[i];
            if (kept.Count > 0 && string.Equals(_ids[kept[^1]], _ids[t], StringComparison.Ordinal))
            {
                if (t > kept[^1]) kept[^1] = t;
                continue;
            }
            kept.Add(t);
        }

        var ids = new string[kept.Count];
        var externalIds = new string?[kept.Count];
        var vectors = new VectorStore.Writer(kept.Count);
        var attributes = new AttributeColumns.Writer(kept.Count);
        var vectorBytes = _vectors.AsSpan();
        var offsets = new int[listCount + 1];
        for (var o = 0; o < kept.Count; o++)
        {
            var t = kept[o];
            ids[o] = _ids[t];
            externalIds[o] = _externalIds[t];
            vectors.Add(vectorBytes[_vectorStarts[t].._vectorStarts[t + 1]]);
            attributes.Add(_attributes[t]);
            for (var k = _starts[t]; k < _starts[t + 1]; k++) offsets[_lists[k] + 1]++;
        }
        for (var l = 0; l < listCount; l++) offsets[l + 1] += offsets[l];

        var ords = new int[offsets[listCount]];
        var levels = new float[ords.Length];
        var cursor = offsets.AsSpan(0, listCount).ToArray();
        for (var o = 0; o < kept.Count; o++)
        {
            var t = kept[o];
            for (var k = _starts[t]; k < _starts[t + 1]; k++)
            {
                var pos = cursor[_lists[k]]++;
                ords[pos] = o;
                levels[pos] = _levels[k];
            }
        }
        _ids = [];
        _externalIds = [];
        _attributes = [];
        _lists = [];
        _levels = [];
        _starts = [];
        _vectorStarts = [];
        _vectors = new Growable<byte>(1);

        return SegmentRuns.Split(ids, externalIds, vectors.Finish(), attributes.Finish(layout.ChunkBits), ords, levels, offsets, layout);
    }
}
