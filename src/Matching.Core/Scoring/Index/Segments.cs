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
/// the profile ids in ordinal string order, so ordinal order is the ranking's tie-break order. Each posting list is a
/// sequence of runs of equal level (levels descending), each run a sorted array slice of profile ordinals: a run's float
/// level is stored once, and the scan does one addition per posting with a contribution computed once per run.
/// </summary>
internal sealed class BaseSegment
{
    public static readonly BaseSegment Empty = new([], [], [], [], [0], []);

    public readonly string[] Ids;
    public readonly string?[] ExternalIds;
    /// <summary>Every posting, grouped by list, then by run.</summary>
    public readonly int[] Ords;
    public readonly float[] RunLevels;
    /// <summary>Run k is <c>Ords[RunStarts[k]..RunStarts[k + 1]]</c>; one extra entry at the end.</summary>
    public readonly int[] RunStarts;
    /// <summary>List l is runs <c>[ListRuns[l], ListRuns[l + 1])</c>; empty when the segment is <see cref="Empty"/>.</summary>
    private readonly int[] _listRuns;

    public BaseSegment(string[] ids, string?[] externalIds, int[] ords, float[] runLevels, int[] runStarts, int[] listRuns)
    {
        Ids = ids;
        ExternalIds = externalIds;
        Ords = ords;
        RunLevels = runLevels;
        RunStarts = runStarts;
        _listRuns = listRuns;
    }

    public int Count => Ids.Length;
    public long Postings => Ords.Length;

    public (int First, int End) RunsOf(int list) =>
        _listRuns.Length == 0 ? (0, 0) : (_listRuns[list], _listRuns[list + 1]);

    public int LengthOf(int list)
    {
        var (first, end) = RunsOf(list);
        return RunStarts[end] - RunStarts[first];
    }

    public ReadOnlySpan<int> Run(int run) => Ords.AsSpan(RunStarts[run], RunStarts[run + 1] - RunStarts[run]);

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
        long bytes = Ords.LongLength * 4 + RunLevels.LongLength * 4 + RunStarts.LongLength * 4 + _listRuns.LongLength * 4
                     + Ids.LongLength * 8 + ExternalIds.LongLength * 8;
        foreach (var id in Ids) bytes += StringBytes(id);
        foreach (var id in ExternalIds) bytes += StringBytes(id);
        return bytes;
    }

    internal static long StringBytes(string? s) => s is null ? 0 : (22 + 2L * s.Length + 7) & ~7L;
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
