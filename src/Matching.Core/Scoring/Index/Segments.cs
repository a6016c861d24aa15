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
internal sealed class DeltaSegment(int first, int count, string[] ids, string?[] externalIds, byte[][] vectors,
    AttributeRow[] attributes, DeltaList[] lists, long postings)
{
    public readonly int First = first;
    public readonly int Count = count;
    public readonly string[] Ids = ids;
    public readonly string?[] ExternalIds = externalIds;
    /// <summary>Each profile's vector in <see cref="VectorCodec"/> form.</summary>
    public readonly byte[][] Vectors = vectors;
    /// <summary>Each profile's attributes, encoded.</summary>
    public readonly AttributeRow[] Attributes = attributes;
    public readonly DeltaList[] Lists = lists;
    public readonly long Postings = postings;

    public static DeltaSegment Empty(int first, int listCount)
    {
        var lists = new DeltaList[listCount];
        Array.Fill(lists, DeltaList.Empty);
        return new DeltaSegment(first, 0, [], [], [], [], lists, 0);
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

    /// <summary>The dead bits of ordinals [ordinal, ordinal + 64), for an ordinal that is a multiple of 64.</summary>
    public ulong Word(int ordinal)
    {
        var c = ordinal >> ChunkShift;
        if ((uint)c >= (uint)_chunks.Length) return 0;
        var chunk = _chunks[c];
        return chunk is null ? 0 : chunk[(ordinal >> 6) & (WordsPerChunk - 1)];
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

    /// <summary>Every dead ordinal, ascending.</summary>
    public IEnumerable<int> Ordinals()
    {
        for (var c = 0; c < _chunks.Length; c++)
        {
            if (_chunks[c] is not { } chunk) continue;
            for (var w = 0; w < chunk.Length; w++)
                for (var word = chunk[w]; word != 0; word &= word - 1)
                    yield return (c << ChunkShift) + (w << 6) + BitOperations.TrailingZeroCount(word);
        }
    }

    public long EstimatedBytes() => _chunks.LongLength * 8 + _chunks.Count(c => c is not null) * (long)(WordsPerChunk * 8 + 24);

    internal int CountSlow() => _chunks.Sum(c => c?.Sum(w => BitOperations.PopCount(w)) ?? 0);
}

/// <summary>One consistent version of the index; queries read exactly one of these from start to end.</summary>
internal sealed class IndexState(BaseSegment @base, DeltaSegment delta, DeadSet dead, AttributeVocabulary vocabulary)
{
    public readonly BaseSegment Base = @base;
    public readonly DeltaSegment Delta = delta;
    public readonly DeadSet Dead = dead;
    /// <summary>The strings behind the attribute ids of both segments (append-only, shared by the versions of one load).</summary>
    public readonly AttributeVocabulary Vocabulary = vocabulary;

    public int TotalOrdinals => Base.Count + Delta.Count;
    public int Live => TotalOrdinals - Dead.Count;

    public string IdOf(int ordinal) => ordinal < Base.Count ? Base.Ids[ordinal] : Delta.Ids[ordinal - Base.Count];
    public string? ExternalIdOf(int ordinal) =>
        ordinal < Base.Count ? Base.ExternalIds[ordinal] : Delta.ExternalIds[ordinal - Base.Count];

    /// <summary>The profile's vector as this state indexed it (<see cref="VectorCodec"/> form).</summary>
    public ReadOnlySpan<byte> VectorOf(int ordinal) =>
        ordinal < Base.Count ? Base.Vectors[ordinal] : Delta.Vectors[ordinal - Base.Count];

    /// <summary>The profile's attributes as this state indexed them.</summary>
    public AttributeRow AttributesOf(int ordinal) =>
        ordinal < Base.Count ? Base.Attributes.RowOf(ordinal) : Delta.Attributes[ordinal - Base.Count];

    /// <summary>Orders two ordinals by profile id (base ordinals are already in id order).</summary>
    public int CompareIds(int a, int b)
    {
        if (a < Base.Count && b < Base.Count) return a.CompareTo(b);
        return string.CompareOrdinal(IdOf(a), IdOf(b));
    }
}
