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
    private (int Skill, bool Explicit, double Level)[] _items = new (int, bool, double)[64];
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

    public void Add(string skillId, double level, bool isExplicit) => Add(taxonomy.OrdinalOf(skillId), level, isExplicit);

    /// <summary>A skill by taxonomy ordinal; one outside the taxonomy (e.g. -1 for an unknown id) is dropped.</summary>
    public void Add(int skill, double level, bool isExplicit)
    {
        if ((uint)skill >= (uint)_stamp.Length) return;
        if (_stamp[skill] == _current)
        {
            ref var had = ref _items[_slot[skill]];
            if (VectorRules.Replaces(isExplicit, level, had.Explicit, had.Level)) had = (skill, isExplicit, level);
            return;
        }
        _stamp[skill] = _current;
        _slot[skill] = Count;
        if (Count == _items.Length) Array.Resize(ref _items, _items.Length * 2);
        _items[Count++] = (skill, isExplicit, level);
    }

    public Posting this[int i] => new(Lists.Of(_items[i].Skill, _items[i].Explicit), ScoringRules.Quantize(_items[i].Level));

    public Posting[] ToArray()
    {
        var postings = new Posting[Count];
        for (var i = 0; i < Count; i++) postings[i] = this[i];
        return postings;
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

    public (DeltaSegment Segment, int Ordinal) Append(string id, string? externalId, ReadOnlySpan<Posting> postings)
    {
        var ordinal = _first + Count;
        if (Count == _ids.Length)
        {
            var capacity = Math.Max(16, _ids.Length * 2);
            Array.Resize(ref _ids, capacity);
            Array.Resize(ref _externalIds, capacity);
        }
        _ids[Count] = id;
        _externalIds[Count] = externalId;
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
        return (new DeltaSegment(_first, Count, _ids, _externalIds, lists, _postings), ordinal);
    }

    public long EstimatedBytes()
    {
        long bytes = _ids.LongLength * 16 + _published.LongLength * 24 + LiveIds.Count * 24L;
        for (var l = 0; l < _ords.Length; l++) bytes += _ords[l].LongLength * 8;
        return bytes;
    }
}
