using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Matching.Core.Scoring.Index;

/// <summary>
/// One partition's scratch for one block of ordinals, pooled: the accumulators (all zero between blocks) and the
/// "best option so far" of the current requirement (epoch-tagged, so it is cleared only when the epochs run out).
/// Small enough to stay in the core's L2 cache for the whole query.
/// </summary>
internal sealed class BlockScratch(int blockSize)
{
    private static readonly ConcurrentBag<BlockScratch> Pool = [];

    public readonly int[] Accumulators = new int[blockSize];
    public readonly int[] Best = new int[blockSize];
    private int _epoch;

    public static BlockScratch Rent(int blockSize)
    {
        while (Pool.TryTake(out var scratch))
            if (scratch.Accumulators.Length == blockSize) return scratch;
        return new BlockScratch(blockSize);
    }

    /// <summary>Back to the pool; only scratch whose accumulators are all zero again (after a complete query).</summary>
    public void Return()
    {
        if (Pool.Count < 4 * Environment.ProcessorCount) Pool.Add(this);
    }

    /// <summary>
    /// A fresh tag for <see cref="Best"/>, larger than every tag before it: entries carrying an older tag count as
    /// "nothing yet". When the tags run out the array is cleared and they start again.
    /// </summary>
    public int NextTag()
    {
        if (_epoch == QueryPlan.MaxEpoch)
        {
            Array.Clear(Best);
            _epoch = 0;
        }
        return ++_epoch << QueryPlan.EpochShift;
    }
}

/// <summary>
/// Runs one query over one <see cref="IndexState"/>. The ordinal range is cut into partitions (one per core when the
/// query is big enough), and each partition walks its range block by block: every list of the query adds into the
/// block's accumulators, which are then offered to the partition's top-K and cleared. Partitions are claimed from a
/// counter, so the calling thread does all the work when the thread pool is busy.
/// </summary>
internal sealed class QueryExecution : IThreadPoolWorkItem
{
    private readonly QueryPlan _plan;
    private readonly IndexState _state;
    private readonly int[] _bounds;
    private readonly TopK[] _tops;
    /// <summary>Each partition's K-th best accumulator once its heap is full (0 before): any partition may prune with it.</summary>
    private readonly int[] _worst;
    private readonly int _partitions;
    private readonly int _chunkSize;
    private int _next = -1;
    private int _remaining;
    private ManualResetEventSlim? _done;
    private Exception? _error;

    public QueryExecution(QueryPlan plan, IndexState state, int partitions)
    {
        _plan = plan;
        _state = state;
        _chunkSize = state.Base.ChunkSize;
        _partitions = Math.Max(1, partitions);
        // Partitions own whole chunks: [_bounds[j], _bounds[j + 1]) in chunk numbers.
        var chunks = state.Base.Chunks;
        _bounds = new int[_partitions + 1];
        for (var j = 1; j <= _partitions; j++) _bounds[j] = (int)((long)chunks * j / _partitions);
        _tops = new TopK[_partitions];
        _worst = new int[_partitions];
    }

    /// <summary>The best candidates of every partition (each partition's top-K; the caller merges and cuts).</summary>
    public List<(int Value, int Ordinal)> Run()
    {
        if (_partitions == 1)
        {
            RunPartition(0);
        }
        else
        {
            _remaining = _partitions;
            _done = new ManualResetEventSlim(false, spinCount: 2000);
            for (var j = 1; j < _partitions; j++) ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
            Execute();
            _done.Wait();
            _done.Dispose();
            if (_error is not null) throw new InvalidOperationException("A match partition failed.", _error);
        }
        var all = new List<(int, int)>(_tops.Sum(t => t.Count));
        foreach (var top in _tops) top.CopyTo(all);
        return all;
    }

    public void Execute()
    {
        int j;
        while ((j = Interlocked.Increment(ref _next)) < _partitions)
        {
            try
            {
                RunPartition(j);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _error, e, null);
            }
            finally
            {
                if (Interlocked.Decrement(ref _remaining) == 0) _done!.Set();
            }
        }
    }

    private void RunPartition(int j)
    {
        var b = _state.Base;
        int firstChunk = _bounds[j], endChunk = _bounds[j + 1];
        var lo = Math.Min(b.Count, firstChunk * _chunkSize);
        var scratch = BlockScratch.Rent(_chunkSize);
        var top = new TopK(_plan.TopK, _state);

        // Tails are walked with a cursor each; runs are looked up per chunk.
        var segments = _plan.Segments;
        var cursors = new int[segments.Length];
        for (var s = 0; s < segments.Length; s++)
        {
            ref readonly var segment = ref segments[s];
            if (segment.Run < 0)
                cursors[s] = segment.Start + LowerBound(segment.Ords.AsSpan(segment.Start, segment.End - segment.Start), lo);
        }
        for (var chunk = firstChunk; chunk < endChunk; chunk++)
        {
            var blockLo = chunk * _chunkSize;
            var blockHi = (int)Math.Min(b.Count, (long)blockLo + _chunkSize);
            Accumulate(scratch, segments, cursors, chunk, blockLo, blockHi, KeyThreshold(j, inIdOrder: true));
            Select(scratch.Accumulators, blockLo, blockHi, inIdOrder: true, top);
            if (top.Full) Volatile.Write(ref _worst[j], top.WorstValue);
        }

        if (j == _partitions - 1 && _plan.DeltaSegments.Length > 0)
        {
            var deltaCursors = new int[_plan.DeltaSegments.Length];
            for (var blockLo = b.Count; blockLo < _state.TotalOrdinals; blockLo += _chunkSize)
            {
                var blockHi = (int)Math.Min(_state.TotalOrdinals, (long)blockLo + _chunkSize);
                Accumulate(scratch, _plan.DeltaSegments, deltaCursors, -1, blockLo, blockHi, KeyThreshold(j, inIdOrder: false));
                Select(scratch.Accumulators, blockLo, blockHi, inIdOrder: false, top);
            }
        }
        _tops[j] = top;
        scratch.Return();
    }

    /// <summary>
    /// The smallest accumulator (without the matched bit) that can still enter the overall top-K: below every
    /// partition's K-th best, a profile is out whatever it scores. Base ordinals are in id order, so a profile of
    /// partition j loses ties to the K kept by an earlier partition (hence + 1) and wins them against a later one's.
    /// </summary>
    private int KeyThreshold(int j, bool inIdOrder)
    {
        var threshold = _plan.MinAccept;
        for (var k = 0; k < _partitions; k++)
        {
            var worst = Volatile.Read(ref _worst[k]);
            if (worst == 0) continue;
            threshold = Math.Max(threshold, inIdOrder && k <= j ? worst + 1 : worst);
        }
        return threshold & ~QueryPlan.Touched;
    }

    /// <summary>
    /// Every list of the query adds its postings with ordinals in [blockLo, blockHi) — base chunk <paramref name="chunk"/>,
    /// or a stretch of the delta when it is -1 — to the block's accumulators.
    /// </summary>
    /// <remarks>
    /// Parent and related options are applied only to profiles that can still reach <paramref name="threshold"/>: their
    /// accumulator so far, plus the best such option, plus the most every later requirement could add. The others could
    /// not enter the top-K even with full credit, so their accumulators may stay low: they are never ranked.
    /// </remarks>
    private void Accumulate(BlockScratch scratch, Segment[] segments, int[] cursors, int chunk, int blockLo, int blockHi, int threshold)
    {
        ref var acc = ref MemoryMarshal.GetArrayDataReference(scratch.Accumulators);
        ref var best = ref MemoryMarshal.GetArrayDataReference(scratch.Best);
        var b = _state.Base;
        ref var data = ref MemoryMarshal.GetArrayDataReference(b.Data);
        var bitmapLength = b.BitmapLength;
        var plans = _plan.Plans;
        var order = _plan.Order;
        var delta = chunk < 0;
        for (var position = 0; position < order.Length; position++)
        {
            ref readonly var plan = ref plans[order[position]];
            var (first, mainEnd, end) = delta
                ? (plan.FirstDeltaSegment, plan.MainDeltaSegmentEnd, plan.DeltaSegmentEnd)
                : (plan.FirstSegment, plan.MainSegmentEnd, plan.SegmentEnd);
            if (first == end) continue;

            // With parent/related lists a profile can appear in several lists of one requirement: it earns the best,
            // not the sum. Own-skill lists go first and remember what they added; the others add only an improvement.
            var remember = plan.ExtraCount > 0;
            var tag = remember ? scratch.NextTag() : 0;
            var limit = threshold - (_plan.StillToCome[position] + plan.MaxExtraUnits);
            for (var s = first; s < end; s++)
            {
                ref readonly var segment = ref segments[s];
                var kind = !remember ? Kind.Add : s < mainEnd ? Kind.AddRemember : Kind.Raise;
                if (segment.Run >= 0)
                {
                    var (offset, length) = b.Container(segment.Run, chunk);
                    if (length == 0) continue;
                    ref var container = ref Unsafe.Add(ref data, offset);
                    var value = segment.Value;
                    var candidate = (value & QueryPlan.UnitsMask) + 1;
                    switch (kind)
                    {
                        case Kind.Add when length == bitmapLength: AddBitmap(ref acc, ref container, length, value); break;
                        case Kind.Add: AddArray(ref acc, ref container, length, value); break;
                        case Kind.AddRemember when length == bitmapLength: AddRememberBitmap(ref acc, ref best, ref container, length, value, tag, limit); break;
                        case Kind.AddRemember: AddRememberArray(ref acc, ref best, ref container, length, value, tag, limit); break;
                        case Kind.Raise when length == bitmapLength: RaiseBitmap(ref acc, ref best, ref container, length, candidate, tag, limit); break;
                        case Kind.Raise when limit > 0: RaiseArrayAbove(ref acc, ref best, ref container, length, candidate, tag, limit); break;
                        default: RaiseArray(ref acc, ref best, ref container, length, candidate, tag); break;
                    }
                }
                else
                {
                    cursors[s] = AddLevelsUntil(ref acc, ref best, blockLo, blockHi, segment, cursors[s], plan, kind, tag, limit);
                }
            }
        }
    }

    private enum Kind { Add, AddRemember, Raise }

    private static int LowerBound(ReadOnlySpan<int> run, int value)
    {
        var at = run.BinarySearch(value);
        return at >= 0 ? at : ~at;
    }

    // The loops below are not inlined: as separate methods they keep their arrays in registers. Array containers hold
    // 16-bit offsets into the chunk; bitmap containers one bit per ordinal of the chunk.

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddArray(ref int acc, ref ushort offsets, int length, int value)
    {
        for (var k = 0; k < length; k++)
        {
            ref var a = ref Unsafe.Add(ref acc, Unsafe.Add(ref offsets, k));
            a = (a + value) | QueryPlan.Touched;
        }
    }

    /// <summary>Bitmap containers, 16 ordinals at a time: a masked add over the lanes whose bits are set.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddBitmap(ref int acc, ref ushort bitmap, int length, int value)
    {
        if (!Vectorize)
        {
            for (var w = 0; w < length; w += 4)
            {
                var bits = Unsafe.ReadUnaligned<ulong>(ref Unsafe.As<ushort, byte>(ref Unsafe.Add(ref bitmap, w)));
                while (bits != 0)
                {
                    ref var a = ref Unsafe.Add(ref acc, (w << 4) + BitOperations.TrailingZeroCount(bits));
                    a = (a + value) | QueryPlan.Touched;
                    bits &= bits - 1;
                }
            }
            return;
        }
        var add = Vector512.Create(value);
        var touched = Vector512.Create(QueryPlan.Touched);
        var lanes = LaneBits512;
        for (var w = 0; w < length; w++)
        {
            int bits = Unsafe.Add(ref bitmap, w); // no test for 0: in a bitmap that dense it is a coin toss for the predictor
            var mask = Vector512.Equals(Vector512.Create(bits) & lanes, lanes);
            ref var at = ref Unsafe.Add(ref acc, w << 4);
            var a = Vector512.LoadUnsafe(ref at);
            Vector512.ConditionalSelect(mask, (a + add) | touched, a).StoreUnsafe(ref at);
        }
    }

    /// <summary>Whether 512-bit vectors are used (tests turn it off to check that the other loops give the same).</summary>
    internal static bool Vectorize = Vector512.IsHardwareAccelerated;

    /// <summary>Lane i holds 1 &lt;&lt; i: ANDed with a broadcast 16-bit word it tells which lanes the word's bits select.</summary>
    private static readonly Vector512<int> LaneBits512 = Vector512.Create(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768);

    /// <summary>
    /// Adds a main run's value and remembers it for the parent/related lists that follow — only for profiles at or above
    /// <paramref name="limit"/>, the only ones those lists will look at.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddRememberArray(ref int acc, ref int best, ref ushort offsets, int length, int value, int tag, int limit)
    {
        var remembered = tag | ((value & QueryPlan.UnitsMask) + 1);
        for (var k = 0; k < length; k++)
        {
            int p = Unsafe.Add(ref offsets, k);
            ref var a = ref Unsafe.Add(ref acc, p);
            var sum = (a + value) | QueryPlan.Touched;
            a = sum;
            if ((sum & ~QueryPlan.Touched) >= limit) Unsafe.Add(ref best, p) = remembered;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddRememberBitmap(ref int acc, ref int best, ref ushort bitmap, int length, int value, int tag, int limit)
    {
        var remembered = tag | ((value & QueryPlan.UnitsMask) + 1);
        if (!Vectorize)
        {
            for (var w = 0; w < length; w += 4)
            {
                var bits = Unsafe.ReadUnaligned<ulong>(ref Unsafe.As<ushort, byte>(ref Unsafe.Add(ref bitmap, w)));
                while (bits != 0)
                {
                    var p = (w << 4) + BitOperations.TrailingZeroCount(bits);
                    ref var a = ref Unsafe.Add(ref acc, p);
                    var sum = (a + value) | QueryPlan.Touched;
                    a = sum;
                    if ((sum & ~QueryPlan.Touched) >= limit) Unsafe.Add(ref best, p) = remembered;
                    bits &= bits - 1;
                }
            }
            return;
        }
        var add = Vector512.Create(value);
        var touched = Vector512.Create(QueryPlan.Touched);
        var remember = Vector512.Create(remembered);
        var keyBits = Vector512.Create(~QueryPlan.Touched);
        var limits = Vector512.Create(limit);
        var lanes = LaneBits512;
        for (var w = 0; w < length; w++)
        {
            int bits = Unsafe.Add(ref bitmap, w); // no test for 0: in a bitmap that dense it is a coin toss for the predictor
            var mask = Vector512.Equals(Vector512.Create(bits) & lanes, lanes);
            ref var at = ref Unsafe.Add(ref acc, w << 4);
            var a = Vector512.LoadUnsafe(ref at);
            var sum = Vector512.ConditionalSelect(mask, (a + add) | touched, a);
            sum.StoreUnsafe(ref at);
            mask &= Vector512.GreaterThanOrEqual(sum & keyBits, limits);
            if (mask == Vector512<int>.Zero) continue;
            ref var bt = ref Unsafe.Add(ref best, w << 4);
            Vector512.ConditionalSelect(mask, remember, Vector512.LoadUnsafe(ref bt)).StoreUnsafe(ref bt);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void RaiseArray(ref int acc, ref int best, ref ushort offsets, int length, int candidate, int tag)
    {
        for (var k = 0; k < length; k++) Raise(ref acc, ref best, Unsafe.Add(ref offsets, k), candidate, tag);
    }

    /// <summary><see cref="RaiseArray"/> for the profiles whose accumulator is at least <paramref name="limit"/> only.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void RaiseArrayAbove(ref int acc, ref int best, ref ushort offsets, int length, int candidate, int tag, int limit)
    {
        for (var k = 0; k < length; k++)
        {
            int p = Unsafe.Add(ref offsets, k);
            if ((Unsafe.Add(ref acc, p) & ~QueryPlan.Touched) >= limit) Raise(ref acc, ref best, p, candidate, tag);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void RaiseBitmap(ref int acc, ref int best, ref ushort bitmap, int length, int candidate, int tag, int limit)
    {
        if (!Vectorize)
        {
            for (var w = 0; w < length; w += 4)
            {
                var bits = Unsafe.ReadUnaligned<ulong>(ref Unsafe.As<ushort, byte>(ref Unsafe.Add(ref bitmap, w)));
                while (bits != 0)
                {
                    var p = (w << 4) + BitOperations.TrailingZeroCount(bits);
                    if ((Unsafe.Add(ref acc, p) & ~QueryPlan.Touched) >= limit) Raise(ref acc, ref best, p, candidate, tag);
                    bits &= bits - 1;
                }
            }
            return;
        }
        var key = Vector512.Create(tag | candidate);
        var fresh = Vector512.Create(tag + 1);
        var touched = Vector512.Create(QueryPlan.Touched);
        var keyBits = Vector512.Create(~QueryPlan.Touched);
        var limits = Vector512.Create(limit);
        var lanes = LaneBits512;
        for (var w = 0; w < length; w++)
        {
            int bits = Unsafe.Add(ref bitmap, w); // no test for 0: in a bitmap that dense it is a coin toss for the predictor
            var mask = Vector512.Equals(Vector512.Create(bits) & lanes, lanes);
            ref var at = ref Unsafe.Add(ref acc, w << 4);
            var a = Vector512.LoadUnsafe(ref at);
            mask &= Vector512.GreaterThanOrEqual(a & keyBits, limits);
            ref var bt = ref Unsafe.Add(ref best, w << 4);
            var e = Vector512.LoadUnsafe(ref bt);
            var gain = Vector512.Max(key - Vector512.Max(e, fresh), Vector512<int>.Zero);
            Vector512.ConditionalSelect(mask, (a + gain) | touched, a).StoreUnsafe(ref at);
            Vector512.ConditionalSelect(mask, Vector512.Max(e, key), e).StoreUnsafe(ref bt);
        }
    }

    /// <summary>Raises a profile's credit for the current requirement to <paramref name="candidate"/> − 1 units if that is better.</summary>
    /// <remarks>
    /// <see cref="BlockScratch.Best"/> holds tag | (credit units + 1) for profiles that have a credit for the current
    /// requirement. Tags only grow (and the array is cleared when they wrap), so an entry left by an earlier requirement
    /// is smaller than tag + 1 and counts as "no credit yet": the gain is max(0, tag|candidate − max(entry, tag + 1)).
    /// Branch-free, since whether an option improves is data, not a pattern. A profile that gains nothing already has a
    /// credit for this requirement, so it is already marked as matched.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Raise(ref int acc, ref int best, int p, int candidate, int tag)
    {
        var key = tag | candidate;
        ref var b = ref Unsafe.Add(ref best, p);
        var e = b;
        ref var a = ref Unsafe.Add(ref acc, p);
        a = (a + Max(key - Max(e, tag + 1), 0)) | QueryPlan.Touched;
        b = Max(e, key);
    }

    /// <summary>max without a branch (the JIT compiles <see cref="Math.Max(int, int)"/> to one); a − b must not overflow.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Max(int a, int b)
    {
        var d = a - b;
        return a - (d & (d >> 31));
    }

    /// <summary>Postings with a level each (a tail, a delta list), from position k up to the block's end.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private int AddLevelsUntil(ref int acc, ref int best, int blockLo, int blockHi, in Segment segment, int k,
        in RequirementPlan plan, Kind kind, int tag, int limit)
    {
        ref readonly var scan = ref _plan.Scans[segment.Scan];
        var ords = segment.Ords!;
        var levels = segment.Levels!;
        var memo = scan.LevelValues!;
        for (; k < segment.End; k++)
        {
            var p = ords[k];
            if (p >= blockHi) break;
            p -= blockLo;
            var value = memo.Get(plan, scan, levels[k], _plan.TotalWeight);
            switch (kind)
            {
                case Kind.Add:
                    ref var a = ref Unsafe.Add(ref acc, p);
                    a = (a + value) | QueryPlan.Touched;
                    break;
                case Kind.AddRemember:
                    ref var m = ref Unsafe.Add(ref acc, p);
                    m = (m + value) | QueryPlan.Touched;
                    if ((m & ~QueryPlan.Touched) >= limit) Unsafe.Add(ref best, p) = tag | ((value & QueryPlan.UnitsMask) + 1);
                    break;
                default:
                    if ((Unsafe.Add(ref acc, p) & ~QueryPlan.Touched) >= limit) Raise(ref acc, ref best, p, (value & QueryPlan.UnitsMask) + 1, tag);
                    break;
            }
        }
        return k;
    }

    /// <summary>
    /// Offers every accumulator of the block that could rank to the partition's top-K, zeroing them as it goes.
    /// In a base range ordinals are in id order, so once the heap is full a later equal value can never enter.
    /// </summary>
    private void Select(int[] accumulators, int blockLo, int blockHi, bool inIdOrder, TopK top)
    {
        ref var acc = ref MemoryMarshal.GetArrayDataReference(accumulators);
        var minAccept = _plan.MinAccept;
        var minUnits = _plan.MinUnits;
        var dead = _state.Dead;
        var threshold = top.Full ? Math.Max(minAccept, inIdOrder ? top.WorstValue + 1 : top.WorstValue) : minAccept;
        var length = blockHi - blockLo;
        var i = 0;
        if (Vectorize)
        {
            var limit = Vector512.Create(threshold);
            for (; i + Vector512<int>.Count <= length; i += Vector512<int>.Count)
            {
                var v = Vector512.LoadUnsafe(ref acc, (nuint)i);
                if (v == Vector512<int>.Zero) continue;
                Vector512<int>.Zero.StoreUnsafe(ref acc, (nuint)i);
                var mask = Vector512.GreaterThanOrEqual(v, limit).ExtractMostSignificantBits();
                while (mask != 0)
                {
                    var lane = BitOperations.TrailingZeroCount(mask);
                    mask &= mask - 1;
                    if (Consider(blockLo + i + lane, v.GetElement(lane)))
                        limit = Vector512.Create(threshold);
                }
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var limit = Vector256.Create(threshold);
            for (; i + Vector256<int>.Count <= length; i += Vector256<int>.Count)
            {
                var v = Vector256.LoadUnsafe(ref acc, (nuint)i);
                if (v == Vector256<int>.Zero) continue;
                Vector256<int>.Zero.StoreUnsafe(ref acc, (nuint)i);
                var mask = Vector256.GreaterThanOrEqual(v, limit).ExtractMostSignificantBits();
                while (mask != 0)
                {
                    var lane = BitOperations.TrailingZeroCount(mask);
                    mask &= mask - 1;
                    if (Consider(blockLo + i + lane, v.GetElement(lane)))
                        limit = Vector256.Create(threshold);
                }
            }
        }
        for (; i < length; i++)
        {
            ref var a = ref Unsafe.Add(ref acc, i);
            var v = a;
            if (v == 0) continue;
            a = 0;
            if (v >= threshold) Consider(blockLo + i, v);
        }

        bool Consider(int ordinal, int value)
        {
            if (value < threshold || (value & QueryPlan.UnitsMask) < minUnits || dead.Contains(ordinal)) return false;
            top.Offer(value, ordinal);
            if (!top.Full) return false;
            threshold = Math.Max(minAccept, inIdOrder ? top.WorstValue + 1 : top.WorstValue);
            return true;
        }
    }
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
