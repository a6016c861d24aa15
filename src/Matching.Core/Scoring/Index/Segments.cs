using System.Numerics;

namespace Matching.Core.Scoring.Index;

/// <summary>
/// Posting lists are numbered per skill and kind: <c>skill × 2</c> holds the profiles that have the skill mentioned or
/// manual, <c>skill × 2 + 1</c> those that have it inferred (through a descendant).
/// </summary>
internal static class Lists
{
    public static int Of(int skill, bool isExplicit) => skill * 2 + (isExplicit ? 0 : 1);
    public static int Count(int skills) => skills * 2;
}

/// <summary>
/// The immutable bulk of the index, built by <see cref="MatchIndexBuilder"/> or by compaction. Profile ordinals follow
/// the profile ids in ordinal string order, so ordinal order is the ranking's tie-break order.
/// </summary>
/// <remarks>
/// Each posting list is stored as runs, then a tail. A run holds the sorted ordinals of the profiles at one frequent
/// level (levels descending): the level is stored once and a query adds one contribution, computed once, per posting.
/// The tail holds the postings at rare levels (say a recruiter's 0.8125) as sorted ordinals with a float level each,
/// so odd levels cannot fragment a list into thousands of tiny runs.
/// </remarks>
internal sealed class BaseSegment
{
    public static readonly BaseSegment Empty = new([], [], [], [], [], [], [], [], []);

    public readonly string[] Ids;
    public readonly string?[] ExternalIds;
    /// <summary>Every posting: per list its runs, then its tail.</summary>
    public readonly int[] Ords;
    public readonly float[] RunLevels;
    public readonly int[] RunStarts;
    public readonly int[] RunEnds;
    public readonly float[] TailLevels;
    /// <summary>Per list + 1: where its postings start in <see cref="Ords"/>.</summary>
    private readonly int[] _listStarts;
    /// <summary>Per list + 1: its runs are <c>[ListRuns[l], ListRuns[l + 1])</c>.</summary>
    private readonly int[] _listRuns;
    /// <summary>Per list + 1: its tail levels are <c>TailLevels[ListTails[l]..ListTails[l + 1]]</c>.</summary>
    private readonly int[] _listTails;

    public BaseSegment(string[] ids, string?[] externalIds, int[] ords, int[] listStarts, int[] listRuns,
        float[] runLevels, int[] runStarts, int[] runEnds, float[] tailLevels, int[]? listTails = null)
    {
        Ids = ids;
        ExternalIds = externalIds;
        Ords = ords;
        _listStarts = listStarts;
        _listRuns = listRuns;
        RunLevels = runLevels;
        RunStarts = runStarts;
        RunEnds = runEnds;
        TailLevels = tailLevels;
        _listTails = listTails ?? [];
    }

    public int Count => Ids.Length;
    public long Postings => Ords.Length;

    public (int First, int End) RunsOf(int list) =>
        _listRuns.Length == 0 ? (0, 0) : (_listRuns[list], _listRuns[list + 1]);

    public ReadOnlySpan<int> Run(int run) => Ords.AsSpan(RunStarts[run], RunEnds[run] - RunStarts[run]);

    /// <summary>The tail of a list: sorted ordinals (levels in <see cref="TailLevelsOf"/>).</summary>
    public ReadOnlySpan<int> TailOf(int list) =>
        _listTails.Length == 0 ? [] : Ords.AsSpan(_listStarts[list + 1] - TailLength(list), TailLength(list));

    public ReadOnlySpan<float> TailLevelsOf(int list) =>
        _listTails.Length == 0 ? [] : TailLevels.AsSpan(_listTails[list], TailLength(list));

    private int TailLength(int list) => _listTails[list + 1] - _listTails[list];

    /// <summary>Where a list's tail sits: <c>Ords[Start..End]</c>, levels from <c>TailLevels[LevelStart]</c>.</summary>
    public (int Start, int End, int LevelStart) TailRange(int list) =>
        _listTails.Length == 0 ? (0, 0, 0) : (_listStarts[list + 1] - TailLength(list), _listStarts[list + 1], _listTails[list]);

    public int LengthOf(int list) => _listStarts.Length == 0 ? 0 : _listStarts[list + 1] - _listStarts[list];

    /// <summary>The ordinal of a profile id, dead or alive, or -1.</summary>
    public int IndexOf(string id)
    {
        int lo = 0, hi = Ids.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var c = string.CompareOrdinal(Ids[mid], id);
            if (c == 0) return mid;
            if (c < 0) lo = mid + 1; else hi = mid - 1;
        }
        return -1;
    }

    public long EstimatedBytes()
    {
        long bytes = Ords.LongLength * 4 + RunLevels.LongLength * 12 + TailLevels.LongLength * 4
                     + (_listStarts.LongLength + _listRuns.LongLength + _listTails.LongLength) * 4
                     + Ids.LongLength * 8 + ExternalIds.LongLength * 8;
        foreach (var id in Ids) bytes += StringBytes(id);
        foreach (var id in ExternalIds) bytes += StringBytes(id);
        return bytes;
    }

    internal static long StringBytes(string? s) => s is null ? 0 : (22 + 2L * s.Length + 7) & ~7L;
}

/// <summary>
/// Records the layout of a <see cref="BaseSegment"/> being written list by list, in list order: the caller writes each
/// run's or tail's ordinals at <see cref="Ords"/>[<see cref="Position"/>..] and then records it.
/// </summary>
internal sealed class SegmentWriter(int[] ords, int listCount, RunLayout layout)
{
    private readonly int[] _listStarts = new int[listCount + 1];
    private readonly int[] _listRuns = new int[listCount + 1];
    private readonly int[] _listTails = new int[listCount + 1];
    private readonly List<float> _runLevels = [];
    private readonly List<int> _runStarts = [];
    private readonly List<int> _runEnds = [];
    private readonly List<float> _tailLevels = [];
    private int _nextList;

    public int[] Ords => ords;
    public int Position { get; private set; }

    public void BeginList(int list)
    {
        if (list != _nextList) throw new InvalidOperationException($"List {list} written out of order (expected {_nextList}).");
        _listStarts[list] = Position;
        _listRuns[list] = _runLevels.Count;
        _listTails[list] = _tailLevels.Count;
        _nextList++;
    }

    public void Run(float level, int length)
    {
        if (length == 0) return;
        _runLevels.Add(level);
        _runStarts.Add(Position);
        _runEnds.Add(Position + length);
        Position += length;
    }

    public void Tail(ReadOnlySpan<float> levels)
    {
        _tailLevels.AddRange(levels);
        Position += levels.Length;
    }

    public BaseSegment Finish(string[] ids, string?[] externalIds)
    {
        while (_nextList < listCount) BeginList(_nextList);
        _listStarts[listCount] = Position;
        _listRuns[listCount] = _runLevels.Count;
        _listTails[listCount] = _tailLevels.Count;
        if (Position != ords.Length) throw new InvalidOperationException($"Wrote {Position} postings, expected {ords.Length}.");
        return new BaseSegment(ids, externalIds, ords, _listStarts, _listRuns, _runLevels.ToArray(), _runStarts.ToArray(),
            _runEnds.ToArray(), _tailLevels.ToArray(), _listTails);
    }

    /// <summary>Which levels of a list get runs (see <see cref="RunLayout"/>), in descending level order.</summary>
    public float[] RunLevelsOf(Dictionary<float, int> counts)
    {
        var frequent = counts.Where(c => c.Value >= layout.MinRunLength).ToList();
        if (frequent.Count > layout.MaxRunsPerList)
            frequent = frequent.OrderByDescending(c => c.Value).ThenByDescending(c => c.Key).Take(layout.MaxRunsPerList).ToList();
        var levels = frequent.Select(c => c.Key).ToArray();
        Array.Sort(levels, static (a, b) => b.CompareTo(a));
        return levels;
    }
}

/// <summary>
/// When a level of a list gets its own run: at least <see cref="MinRunLength"/> postings have it, and it is among the
/// <see cref="MaxRunsPerList"/> most frequent; the rest go to the list's tail. A run saves per-posting work but costs a
/// contribution and two binary searches per query, so short runs do not pay.
/// </summary>
internal readonly record struct RunLayout(int MinRunLength = 48, int MaxRunsPerList = 48)
{
    public static readonly RunLayout Default = new(MinRunLength: 48, MaxRunsPerList: 48);
}

/// <summary>A view of one appendable delta list: the first <see cref="Count"/> entries, sorted by ordinal.</summary>
internal readonly struct DeltaList(int[] ords, float[] levels, int count)
{
    public static readonly DeltaList Empty = new([], [], 0);
    public readonly int[] Ords = ords;
    public readonly float[] Levels = levels;
    public readonly int Count = count;

    public ReadOnlySpan<int> OrdSpan => Ords.AsSpan(0, Count);
    public ReadOnlySpan<float> LevelSpan => Levels.AsSpan(0, Count);
}

/// <summary>
/// Profiles written since the last compaction, with ordinals after the base's (in write order, not id order).
/// Immutable: a write publishes a new view over arrays that only ever grow past what older views can see.
/// </summary>
internal sealed class DeltaSegment(int first, int count, string[] ids, string?[] externalIds, DeltaList[] lists, long postings)
{
    public readonly int First = first;
    public readonly int Count = count;
    public readonly string[] Ids = ids;
    public readonly string?[] ExternalIds = externalIds;
    public readonly DeltaList[] Lists = lists;
    public readonly long Postings = postings;

    public static DeltaSegment Empty(int first, int listCount)
    {
        var lists = new DeltaList[listCount];
        Array.Fill(lists, DeltaList.Empty);
        return new DeltaSegment(first, 0, [], [], lists, 0);
    }
}

/// <summary>Dead ordinals (removed or replaced profiles), as a copy-on-write bitmap in chunks of 4096.</summary>
internal sealed class DeadSet
{
    private const int ChunkShift = 12;
    private const int WordsPerChunk = 1 << (ChunkShift - 6);
    public static readonly DeadSet None = new([], 0);

    private readonly ulong[]?[] _chunks;
    public int Count { get; }

    private DeadSet(ulong[]?[] chunks, int count)
    {
        _chunks = chunks;
        Count = count;
    }

    public bool Contains(int ordinal)
    {
        var c = ordinal >> ChunkShift;
        if ((uint)c >= (uint)_chunks.Length) return false;
        var chunk = _chunks[c];
        return chunk is not null && (chunk[(ordinal >> 6) & (WordsPerChunk - 1)] & (1UL << ordinal)) != 0;
    }

    public DeadSet With(int ordinal)
    {
        if (Contains(ordinal)) return this;
        var c = ordinal >> ChunkShift;
        var chunks = new ulong[]?[Math.Max(_chunks.Length, c + 1)];
        Array.Copy(_chunks, chunks, _chunks.Length);
        var chunk = chunks[c] is { } had ? (ulong[])had.Clone() : new ulong[WordsPerChunk];
        chunk[(ordinal >> 6) & (WordsPerChunk - 1)] |= 1UL << ordinal;
        chunks[c] = chunk;
        return new DeadSet(chunks, Count + 1);
    }

    public long EstimatedBytes() => _chunks.LongLength * 8 + _chunks.Count(c => c is not null) * (long)(WordsPerChunk * 8 + 24);

    internal int CountSlow() => _chunks.Sum(c => c?.Sum(w => BitOperations.PopCount(w)) ?? 0);
}

/// <summary>One consistent version of the index; queries read exactly one of these from start to end.</summary>
internal sealed class IndexState(BaseSegment @base, DeltaSegment delta, DeadSet dead)
{
    public readonly BaseSegment Base = @base;
    public readonly DeltaSegment Delta = delta;
    public readonly DeadSet Dead = dead;

    public int TotalOrdinals => Base.Count + Delta.Count;
    public int Live => TotalOrdinals - Dead.Count;

    public string IdOf(int ordinal) => ordinal < Base.Count ? Base.Ids[ordinal] : Delta.Ids[ordinal - Base.Count];
    public string? ExternalIdOf(int ordinal) =>
        ordinal < Base.Count ? Base.ExternalIds[ordinal] : Delta.ExternalIds[ordinal - Base.Count];

    /// <summary>Orders two ordinals by profile id (base ordinals are already in id order).</summary>
    public int CompareIds(int a, int b)
    {
        if (a < Base.Count && b < Base.Count) return a.CompareTo(b);
        return string.CompareOrdinal(IdOf(a), IdOf(b));
    }
}
