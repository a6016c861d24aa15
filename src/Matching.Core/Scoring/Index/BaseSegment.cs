using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Matching.Core.Scoring.Index;

/// <summary>
/// How base segments are laid out. A level of a list gets its own run when at least <see cref="MinRunLength"/> postings
/// have it and it is among the <see cref="MaxRunsPerList"/> most frequent; the rest go to the list's tail. Ordinals are
/// grouped in chunks of 2^<see cref="ChunkBits"/>: a query works chunk by chunk.
/// </summary>
/// <param name="ColumnCodes">How many <see cref="OrderedCodes"/> a numeric attribute column gets (tests use few).</param>
internal readonly record struct RunLayout(int MinRunLength, int MaxRunsPerList, int ChunkBits, int ColumnCodes = OrderedCodes.MaxCodes)
{
    public static readonly RunLayout Default = new(MinRunLength: 48, MaxRunsPerList: 48, ChunkBits: 16);
}

/// <summary>
/// The immutable bulk of the index, built by <see cref="MatchIndexBuilder"/> or by compaction. Profile ordinals follow
/// the profile ids in ordinal string order, so ordinal order is the ranking's tie-break order.
/// </summary>
/// <remarks>
/// <para>Each posting list is runs, then a tail. A run holds the profiles at one frequent level (levels descending): the
/// level is stored once and a query computes its contribution once. The tail holds the postings at rare levels (say a
/// recruiter's 0.8125) as sorted ordinals with a float level each, so odd levels cannot shred a list into tiny runs.</para>
/// <para>A run is stored per chunk of ordinals like a Roaring bitmap: the chunk's offsets as 16-bit values (2 bytes per
/// posting), or, when a sixteenth or more of the chunk is in the run, a bitmap of the chunk. Memory bandwidth is what a
/// query spends, so the fewer bytes per posting the faster.</para>
/// </remarks>
internal sealed class BaseSegment
{
    public static readonly BaseSegment Empty = new SegmentWriter(0, 0, RunLayout.Default).Finish([], [], VectorStore.Empty, AttributeColumns.Empty);

    public readonly int ChunkBits;
    public readonly int Chunks;
    /// <summary>In 16-bit units; an array container is shorter than this, a bitmap container exactly this long.</summary>
    public readonly int BitmapLength;
    public readonly string[] Ids;
    public readonly string?[] ExternalIds;
    /// <summary>Each profile's vector, for explanations.</summary>
    public readonly VectorStore Vectors;
    /// <summary>Each profile's attributes, column by column.</summary>
    public readonly AttributeColumns Attributes;
    /// <summary>Every run's containers.</summary>
    public readonly ushort[] Data;
    public readonly float[] RunLevels;
    public readonly int[] RunCounts;
    /// <summary>Per run, <see cref="Chunks"/> + 1 offsets into <see cref="Data"/>: chunk c is <c>[d[c], d[c + 1])</c>.</summary>
    private readonly int[] _directory;
    /// <summary>Per list + 1: its runs are <c>[ListRuns[l], ListRuns[l + 1])</c>.</summary>
    private readonly int[] _listRuns;
    /// <summary>All tails: sorted ordinals per list, a level each.</summary>
    public readonly int[] TailOrds;
    public readonly float[] TailLevels;
    /// <summary>Per list + 1: its tail is <c>[ListTails[l], ListTails[l + 1])</c>.</summary>
    private readonly int[] _listTails;
    private readonly int[] _listLengths;

    public BaseSegment(int chunkBits, string[] ids, string?[] externalIds, VectorStore vectors, AttributeColumns attributes, ushort[] data, float[] runLevels, int[] runCounts,
        int[] directory, int[] listRuns, int[] tailOrds, float[] tailLevels, int[] listTails)
    {
        ChunkBits = chunkBits;
        Chunks = ChunksFor(ids.Length, chunkBits);
        BitmapLength = BitmapLengthFor(chunkBits);
        Ids = ids;
        ExternalIds = externalIds;
        if (vectors.Count != ids.Length) throw new ArgumentException($"{vectors.Count} vectors for {ids.Length} profiles.", nameof(vectors));
        Vectors = vectors;
        if (attributes.Count != ids.Length) throw new ArgumentException($"{attributes.Count} attribute rows for {ids.Length} profiles.", nameof(attributes));
        Attributes = attributes;
        Data = data;
        RunLevels = runLevels;
        RunCounts = runCounts;
        _directory = directory;
        _listRuns = listRuns;
        TailOrds = tailOrds;
        TailLevels = tailLevels;
        _listTails = listTails;
        _listLengths = new int[listRuns.Length - 1];
        for (var l = 0; l < _listLengths.Length; l++)
        {
            var length = listTails[l + 1] - listTails[l];
            for (var r = listRuns[l]; r < listRuns[l + 1]; r++) length += runCounts[r];
            _listLengths[l] = length;
        }
        Postings = _listLengths.Sum(x => (long)x);
    }

    public static int ChunksFor(int count, int chunkBits) => (int)(((long)count + (1L << chunkBits) - 1) >> chunkBits);
    public static int BitmapLengthFor(int chunkBits) => Math.Max(4, (1 << chunkBits) >> 4);

    public int Count => Ids.Length;
    public int ChunkSize => 1 << ChunkBits;
    public long Postings { get; }

    public (int First, int End) RunsOf(int list) => list < _listLengths.Length ? (_listRuns[list], _listRuns[list + 1]) : (0, 0);

    public (int Start, int End) TailOf(int list) => list < _listLengths.Length ? (_listTails[list], _listTails[list + 1]) : (0, 0);

    public int LengthOf(int list) => list < _listLengths.Length ? _listLengths[list] : 0;

    /// <summary>A run's container for one chunk, as an offset into <see cref="Data"/> and a length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public (int Offset, int Length) Container(int run, int chunk)
    {
        var at = run * (Chunks + 1) + chunk;
        var offset = _directory[at];
        return (offset, _directory[at + 1] - offset);
    }

    public bool RunContains(int run, int ordinal)
    {
        var (offset, length) = Container(run, ordinal >> ChunkBits);
        var low = (ushort)(ordinal & (ChunkSize - 1));
        if (length == BitmapLength) return (Data[offset + (low >> 4)] & (1 << (low & 15))) != 0;
        return Data.AsSpan(offset, length).BinarySearch(low) >= 0;
    }

    /// <summary>Writes a run's ordinals, ascending, into <paramref name="into"/> and returns how many.</summary>
    public int Decode(int run, int[] into)
    {
        var n = 0;
        for (var c = 0; c < Chunks; c++)
        {
            var (offset, length) = Container(run, c);
            var chunkBase = c << ChunkBits;
            if (length == BitmapLength)
            {
                for (var w = 0; w < length; w++)
                {
                    var bits = (uint)Data[offset + w];
                    while (bits != 0)
                    {
                        into[n++] = chunkBase + (w << 4) + BitOperations.TrailingZeroCount(bits);
                        bits &= bits - 1;
                    }
                }
            }
            else
            {
                for (var k = 0; k < length; k++) into[n++] = chunkBase + Data[offset + k];
            }
        }
        return n;
    }

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

    /// <summary>The number of ids that sort at or before <paramref name="id"/> (ordinal order): the first ordinal after it.</summary>
    public int UpperBound(string id)
    {
        int lo = 0, hi = Ids.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (string.CompareOrdinal(Ids[mid], id) <= 0) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    private long _estimatedBytes = -1;

    /// <summary>Arrays and strings held (computed once: it walks every id).</summary>
    public long EstimatedBytes()
    {
        if (_estimatedBytes >= 0) return _estimatedBytes;
        long bytes = Data.LongLength * 2 + RunLevels.LongLength * 8 + _directory.LongLength * 4
                     + TailOrds.LongLength * 4 + TailLevels.LongLength * 4
                     + (_listRuns.LongLength + _listTails.LongLength + _listLengths.LongLength) * 4
                     + Ids.LongLength * 8 + ExternalIds.LongLength * 8 + Vectors.EstimatedBytes() + Attributes.EstimatedBytes();
        foreach (var id in Ids) bytes += StringBytes(id);
        foreach (var id in ExternalIds) bytes += StringBytes(id);
        return _estimatedBytes = bytes;
    }

    internal static long StringBytes(string? s) => s is null ? 0 : (22 + 2L * s.Length + 7) & ~7L;
}

/// <summary>Writes a <see cref="BaseSegment"/> list by list, in list order: each list's runs (levels descending), then its tail.</summary>
internal sealed class SegmentWriter
{
    private readonly int _listCount;
    private readonly int _profileCount;
    private readonly RunLayout _layout;

    private readonly int _chunks;
    private readonly int _bitmapLength;
    private readonly int[] _listRuns;
    private readonly int[] _listTails;
    private readonly List<float> _runLevels = [];
    private readonly List<int> _runCounts = [];
    private readonly Growable<int> _directory = new();
    private readonly Growable<ushort> _data = new();
    private readonly Growable<int> _tailOrds = new();
    private readonly Growable<float> _tailLevels = new();
    private int _nextList;

    public SegmentWriter(int listCount, int profileCount, RunLayout layout)
    {
        // 16-bit offsets need chunks of at most 2^16; the kernels handle bitmaps 64 profiles (one ulong) at a time.
        if (layout.ChunkBits is < 6 or > 16) throw new ArgumentOutOfRangeException(nameof(layout), "ChunkBits must be 6 to 16.");
        _listCount = listCount;
        _profileCount = profileCount;
        _layout = layout;
        _chunks = BaseSegment.ChunksFor(profileCount, layout.ChunkBits);
        _bitmapLength = BaseSegment.BitmapLengthFor(layout.ChunkBits);
        _listRuns = new int[listCount + 1];
        _listTails = new int[listCount + 1];
    }

    public void BeginList(int list)
    {
        if (list != _nextList) throw new InvalidOperationException($"List {list} written out of order (expected {_nextList}).");
        _listRuns[list] = _runLevels.Count;
        _listTails[list] = _tailOrds.Count;
        _nextList++;
    }

    /// <summary>A run: sorted ordinals at one level. Empty runs are dropped.</summary>
    public void Run(float level, ReadOnlySpan<int> ords)
    {
        if (ords.IsEmpty) return;
        _runLevels.Add(level);
        _runCounts.Add(ords.Length);
        var k = 0;
        var mask = (1 << _layout.ChunkBits) - 1;
        for (var c = 0; c < _chunks; c++)
        {
            _directory.Add(_data.Count);
            var start = k;
            while (k < ords.Length && ords[k] >> _layout.ChunkBits == c) k++;
            var n = k - start;
            if (n >= _bitmapLength)
            {
                var bitmap = _data.Append(_bitmapLength);
                bitmap.Clear();
                for (var i = start; i < k; i++)
                {
                    var low = ords[i] & mask;
                    bitmap[low >> 4] |= (ushort)(1 << (low & 15));
                }
            }
            else
            {
                var array = _data.Append(n);
                for (var i = 0; i < n; i++) array[i] = (ushort)(ords[start + i] & mask);
            }
        }
        _directory.Add(_data.Count);
        if (k != ords.Length) throw new InvalidOperationException("A run's ordinals are not sorted or exceed the profile count.");
    }

    public void Tail(ReadOnlySpan<int> ords, ReadOnlySpan<float> levels)
    {
        ords.CopyTo(_tailOrds.Append(ords.Length));
        levels.CopyTo(_tailLevels.Append(levels.Length));
    }

    public BaseSegment Finish(string[] ids, string?[] externalIds, VectorStore vectors, AttributeColumns attributes)
    {
        if (ids.Length != _profileCount) throw new InvalidOperationException($"Expected {_profileCount} profiles, got {ids.Length}.");
        while (_nextList < _listCount) BeginList(_nextList);
        _listRuns[_listCount] = _runLevels.Count;
        _listTails[_listCount] = _tailOrds.Count;
        return new BaseSegment(_layout.ChunkBits, ids, externalIds, vectors, attributes, _data.ToArray(), _runLevels.ToArray(), _runCounts.ToArray(),
            _directory.ToArray(), _listRuns, _tailOrds.ToArray(), _tailLevels.ToArray(), _listTails);
    }

    /// <summary>Which levels of a list get runs (see <see cref="RunLayout"/>), in descending level order.</summary>
    public float[] RunLevelsOf(Dictionary<float, int> counts)
    {
        var frequent = counts.Where(c => c.Value >= _layout.MinRunLength).ToList();
        if (frequent.Count > _layout.MaxRunsPerList)
            frequent = frequent.OrderByDescending(c => c.Value).ThenByDescending(c => c.Key).Take(_layout.MaxRunsPerList).ToList();
        var levels = frequent.Select(c => c.Key).ToArray();
        Array.Sort(levels, static (a, b) => b.CompareTo(a));
        return levels;
    }
}

/// <summary>An append-only array that grows by half (a List without per-item overhead, with span access).</summary>
internal sealed class Growable<T>(int capacity = 16)
{
    private T[] _items = new T[Math.Max(1, capacity)];

    public int Count { get; private set; }

    public void Add(T item)
    {
        if (Count == _items.Length) Grow(Count + 1);
        _items[Count++] = item;
    }

    /// <summary>Appends <paramref name="n"/> items and returns them to fill in.</summary>
    public Span<T> Append(int n)
    {
        if (Count + n > _items.Length) Grow(Count + n);
        var span = _items.AsSpan(Count, n);
        Count += n;
        return span;
    }

    public T[] ToArray() => _items.AsSpan(0, Count).ToArray();

    public ReadOnlySpan<T> AsSpan() => _items.AsSpan(0, Count);

    public void Clear() => Count = 0;

    private void Grow(int needed)
    {
        var capacity = (int)Math.Min(Array.MaxLength, Math.Max(needed, _items.Length + (long)_items.Length / 2));
        Array.Resize(ref _items, capacity);
    }
}
