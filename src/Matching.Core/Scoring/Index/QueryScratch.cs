using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Matching.Core.Scoring.Index;

/// <summary>
/// One partition's scratch for one chunk of ordinals, pooled: the accumulators (all zero between chunks), the best
/// credit so far for the current requirement (tagged, so it is cleared only when the tags run out) and the dominant
/// marks. About 520 KB for a 64K chunk: it stays in the core's L2 cache for the whole query.
/// </summary>
internal sealed class BlockScratch(int blockSize)
{
    private static readonly ConcurrentQueue<BlockScratch> Pool = new();
    private static int _pooled;

    // Pinned and 64-byte aligned: the kernels read and write these 16 ints (one cache line) at a time, and a misaligned
    // array splits every access over two lines (measured: a third of the throughput, depending on where the GC put it).
    private readonly AlignedInts _accumulators = new(blockSize);
    private readonly AlignedInts _best = new(blockSize);

    public int BlockSize => blockSize;
    public ref int Accumulators => ref _accumulators.First;
    public ref int Best => ref _best.First;
    /// <summary>
    /// Profiles whose own-skill credit for the current requirement no parent/related option can beat (one bit each):
    /// cheaper to mark than to <see cref="Best"/>-remember, and the parent/related lists skip them.
    /// </summary>
    public readonly ulong[] Dominant = new ulong[Math.Max(1, blockSize / 64)];
    /// <summary>Whether <see cref="Dominant"/> has bits set (it is cleared before the next requirement uses it).</summary>
    public bool DominantInUse;
    /// <summary>
    /// A chunk's filter bitmap, the filter's scratch, the profiles it drops and the ranking's bitmap (facets): pooled
    /// with the rest, since a query would otherwise allocate them per partition (8 KB each for a 64K chunk). Each use
    /// writes or clears the words it reads.
    /// </summary>
    public readonly ulong[] Allowed = new ulong[Math.Max(1, blockSize / 64)];
    public readonly ulong[] Temp = new ulong[Math.Max(1, blockSize / 64)];
    public readonly ulong[] Skip = new ulong[Math.Max(1, blockSize / 64)];
    public readonly ulong[] Ranking = new ulong[Math.Max(1, blockSize / 64)];
    private int _epoch;

    public static BlockScratch Rent(int blockSize)
    {
        while (Pool.TryDequeue(out var scratch))
        {
            Interlocked.Decrement(ref _pooled);
            if (scratch.BlockSize == blockSize) return scratch;
        }
        return new BlockScratch(blockSize);
    }

    /// <summary>Back to the pool; only scratch whose accumulators are all zero again (after a complete query).</summary>
    public void Return()
    {
        if (Interlocked.Increment(ref _pooled) <= 4 * Environment.ProcessorCount) Pool.Enqueue(this);
        else Interlocked.Decrement(ref _pooled);
    }

    /// <summary>
    /// A fresh tag for <see cref="Best"/>, larger than every tag before it: entries carrying an older tag count as
    /// "nothing yet". When the tags run out the array is cleared and they start again.
    /// </summary>
    public int NextTag()
    {
        if (_epoch == QueryPlan.MaxEpoch)
        {
            _best.Clear();
            _epoch = 0;
        }
        return ++_epoch << QueryPlan.EpochShift;
    }
}

/// <summary>An int array on the pinned heap whose usable part starts on a 64-byte boundary.</summary>
internal sealed class AlignedInts
{
    private const int Alignment = 64;
    private readonly int[] _array;
    private readonly int _offset;
    private readonly int _length;

    public AlignedInts(int length)
    {
        _length = length;
        _array = GC.AllocateArray<int>(length + Alignment / sizeof(int), pinned: true);
        var handle = GCHandle.Alloc(_array, GCHandleType.Pinned);
        try
        {
            var address = handle.AddrOfPinnedObject();
            _offset = (int)((Alignment - address % Alignment) % Alignment) / sizeof(int);
        }
        finally
        {
            handle.Free();
        }
    }

    public ref int First => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_array), _offset);

    public void Clear() => Array.Clear(_array, _offset, _length);
}

/// <summary>A bounded heap of the best K (value, ordinal) pairs; its root is the worst kept.</summary>
internal sealed class TopK(int k, IndexState state)
{
    private readonly int[] _values = new int[k];
    private readonly int[] _ordinals = new int[k];

    public int Count { get; private set; }
    public bool Full => Count == k;
    public int WorstValue => _values[0];

    public void Offer(int value, int ordinal)
    {
        if (Count < k)
        {
            var at = Count++;
            while (at > 0)
            {
                var parent = (at - 1) >> 1;
                if (!Worse(value, ordinal, _values[parent], _ordinals[parent])) break;
                _values[at] = _values[parent];
                _ordinals[at] = _ordinals[parent];
                at = parent;
            }
            _values[at] = value;
            _ordinals[at] = ordinal;
            return;
        }
        if (k == 0 || !Worse(_values[0], _ordinals[0], value, ordinal)) return;
        var i = 0;
        while (true)
        {
            var child = 2 * i + 1;
            if (child >= k) break;
            if (child + 1 < k && Worse(_values[child + 1], _ordinals[child + 1], _values[child], _ordinals[child])) child++;
            if (!Worse(_values[child], _ordinals[child], value, ordinal)) break;
            _values[i] = _values[child];
            _ordinals[i] = _ordinals[child];
            i = child;
        }
        _values[i] = value;
        _ordinals[i] = ordinal;
    }

    public void CopyTo(List<(int, int)> into)
    {
        for (var i = 0; i < Count; i++) into.Add((_values[i], _ordinals[i]));
    }

    /// <summary>True when (va, oa) ranks below (vb, ob): a smaller value, or the same value and a later id.</summary>
    private bool Worse(int va, int oa, int vb, int ob) => va != vb ? va < vb : state.CompareIds(oa, ob) > 0;
}
