using Matching.Core.Profiles;
using Matching.Core.Taxonomy;

namespace Matching.Core.Scoring.Index;

/// <summary>One entry of a profile as indexed: its list (skill and kind) and its quantised level.</summary>
internal readonly record struct Posting(int List, float Level);

/// <summary>
/// Turns an effective vector into postings exactly as <see cref="Scorer"/> reads it: skills unknown to the taxonomy are
/// dropped and a skill named twice keeps one entry by <see cref="VectorRules.Replaces"/>. Not thread-safe; reuse it.
/// </summary>
internal sealed class VectorNormalizer(SkillTaxonomy taxonomy)
{
    private readonly int[] _stamp = new int[taxonomy.Count];
    private readonly int[] _slot = new int[taxonomy.Count];
    private VectorEntry[] _items = new VectorEntry[64];
    private VectorEntry[] _sorted = new VectorEntry[64];
    private int _current;

    public int Count { get; private set; }

    public void Begin()
    {
        Count = 0;
        if (++_current == int.MaxValue)
        {
            Array.Clear(_stamp);
            _current = 1;
        }
    }

    /// <summary>A skill by id; an id (or via) the taxonomy does not know is dropped.</summary>
    public void Add(string skillId, double level, SkillSource source, string? via = null) =>
        Add(taxonomy.OrdinalOf(skillId), level, source, via is null ? -1 : taxonomy.OrdinalOf(via));

    /// <summary>A skill by taxonomy ordinal; one outside the taxonomy (e.g. -1 for an unknown id) is dropped.</summary>
    /// <param name="via">For an inferred skill, the ordinal of the skill that implied it; -1 when none (or unknown).</param>
    public void Add(int skill, double level, SkillSource source, int via = -1)
    {
        if ((uint)skill >= (uint)_stamp.Length) return;
        var isExplicit = source != SkillSource.Inferred;
        var entry = new VectorEntry(skill, level, source, isExplicit || (uint)via >= (uint)_stamp.Length ? -1 : via);
        if (_stamp[skill] == _current)
        {
            ref var had = ref _items[_slot[skill]];
            if (VectorRules.Replaces(isExplicit, level, had.Source != SkillSource.Inferred, had.Level)) had = entry;
            return;
        }
        _stamp[skill] = _current;
        _slot[skill] = Count;
        if (Count == _items.Length) Array.Resize(ref _items, _items.Length * 2);
        _items[Count++] = entry;
    }

    public Posting this[int i] =>
        new(Lists.Of(_items[i].Skill, _items[i].Source != SkillSource.Inferred), ScoringRules.Quantize(_items[i].Level));

    public Posting[] ToArray()
    {
        var postings = new Posting[Count];
        for (var i = 0; i < Count; i++) postings[i] = this[i];
        return postings;
    }

    /// <summary>Appends the vector in <see cref="VectorCodec"/> form (entries in ordinal order).</summary>
    public void Encode(Growable<byte> into)
    {
        if (_sorted.Length < Count) _sorted = new VectorEntry[_items.Length];
        var sorted = _sorted.AsSpan(0, Count);
        _items.AsSpan(0, Count).CopyTo(sorted);
        // Insertion sort: a few dozen entries, usually nearly in order already.
        for (var i = 1; i < sorted.Length; i++)
        {
            var item = sorted[i];
            var j = i - 1;
            for (; j >= 0 && sorted[j].Skill > item.Skill; j--) sorted[j + 1] = sorted[j];
            sorted[j + 1] = item;
        }
        VectorCodec.Encode(sorted, into);
    }

    /// <summary>The vector encoded as a new array.</summary>
    public byte[] EncodeToArray()
    {
        var bytes = new Growable<byte>(Count * 4);
        Encode(bytes);
        return bytes.ToArray();
    }
}

/// <summary>
/// The writer's side of the delta segment: append-only arrays that published <see cref="DeltaSegment"/> views share.
/// Entries below a view's counts never change, so a reader holding an older view sees a consistent older index.
/// Used under the index's write lock only.
/// </summary>
internal sealed class DeltaWriter
{
    private readonly int _first;
    private readonly int[][] _ords;
    private readonly float[][] _levels;
    private readonly int[] _lengths;
    private string[] _ids = [];
    private string?[] _externalIds = [];
    private byte[][] _vectors = [];
    private AttributeRow[] _attributes = [];
    private DeltaList[] _published;
    private long _postings;

    /// <summary>Live delta profiles: id → ordinal.</summary>
    public Dictionary<string, int> LiveIds { get; } = new(StringComparer.Ordinal);
    public int Count { get; private set; }

    public DeltaWriter(int first, int listCount)
    {
        _first = first;
        _ords = new int[listCount][];
        _levels = new float[listCount][];
        _lengths = new int[listCount];
        Array.Fill(_ords, []);
        Array.Fill(_levels, []);
        _published = DeltaSegment.Empty(first, listCount).Lists;
    }

    public DeltaSegment Empty() => DeltaSegment.Empty(_first, _ords.Length);

    public (DeltaSegment Segment, int Ordinal) Append(string id, string? externalId, ReadOnlySpan<Posting> postings, byte[] vector,
        AttributeRow attributes)
    {
        var ordinal = _first + Count;
        if (Count == _ids.Length)
        {
            var capacity = Math.Max(16, _ids.Length * 2);
            Array.Resize(ref _ids, capacity);
            Array.Resize(ref _externalIds, capacity);
            Array.Resize(ref _vectors, capacity);
            Array.Resize(ref _attributes, capacity);
        }
        _ids[Count] = id;
        _externalIds[Count] = externalId;
        _vectors[Count] = vector;
        _attributes[Count] = attributes;
        Count++;

        var lists = (DeltaList[])_published.Clone();
        foreach (var p in postings)
        {
            var l = p.List;
            var n = _lengths[l];
            if (n == _ords[l].Length)
            {
                // New arrays, so that views over the old ones stay valid.
                var capacity = Math.Max(4, n * 2);
                var ords = new int[capacity];
                var levels = new float[capacity];
                Array.Copy(_ords[l], ords, n);
                Array.Copy(_levels[l], levels, n);
                _ords[l] = ords;
                _levels[l] = levels;
            }
            _ords[l][n] = ordinal;
            _levels[l][n] = p.Level;
            _lengths[l] = n + 1;
            lists[l] = new DeltaList(_ords[l], _levels[l], n + 1);
        }
        _postings += postings.Length;
        _published = lists;
        LiveIds[id] = ordinal;
        return (new DeltaSegment(_first, Count, _ids, _externalIds, _vectors, _attributes, lists, _postings), ordinal);
    }

    public long EstimatedBytes()
    {
        long bytes = _ids.LongLength * 24 + _published.LongLength * 24 + LiveIds.Count * 24L;
        for (var i = 0; i < Count; i++) bytes += _vectors[i].Length + 24 + _attributes[i].EstimatedBytes();
        for (var l = 0; l < _ords.Length; l++) bytes += _ords[l].LongLength * 8;
        return bytes;
    }
}
