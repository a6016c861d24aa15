using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Matching.Core.Scoring.Index;

/// <summary>
/// Per-query scratch, pooled: one accumulator per profile ordinal (left all zero after a query) and the "best option so
/// far" array used by requirements with parent/related lists (epoch-tagged, cleared only when the epochs run out).
/// </summary>
internal sealed class QueryBuffers(int capacity)
{
    public readonly int[] Accumulators = new int[capacity];
    private int[]? _best;
    private int _epoch;

    public int Capacity => Accumulators.Length;

    /// <summary>Allocated on first use by a query with parent/related lists; empty until then.</summary>
    public int[] Best => _best ?? [];

    public void EnsureBest() => _best ??= new int[Accumulators.Length];

    /// <summary>Reserves <paramref name="count"/> consecutive epochs and returns the first.</summary>
    public int ReserveEpochs(int count)
    {
        if (_epoch + count > QueryPlan.MaxEpoch)
        {
            if (_best is not null) Array.Clear(_best);
            _epoch = 0;
        }
        var first = _epoch + 1;
        _epoch += count;
        return first;
    }
}

/// <summary>
/// Runs one query over one <see cref="IndexState"/>: the ordinal range is cut into partitions (one per core when the
/// query is big enough), each accumulates its own slice of the accumulators and keeps its own top-K; the caller merges.
/// Partitions are claimed from a counter, so the calling thread does all the work when the pool is busy.
/// </summary>
internal sealed class QueryExecution : IThreadPoolWorkItem
{
    private readonly QueryPlan _plan;
    private readonly IndexState _state;
    private readonly QueryBuffers _buffers;
    private readonly int[] _bounds;
    private readonly int[] _epochs;
    private readonly TopK[] _tops;
    private readonly int _partitions;
    private int _next = -1;
    private int _remaining;
    private ManualResetEventSlim? _done;
    private Exception? _error;

    private readonly int _blockSize;

    public QueryExecution(QueryPlan plan, IndexState state, QueryBuffers buffers, int partitions, int blockSize)
    {
        _blockSize = blockSize;
        _plan = plan;
        _state = state;
        _buffers = buffers;
        var baseCount = state.Base.Count;
        _partitions = Math.Max(1, partitions);
        _bounds = new int[_partitions + 1];
        for (var j = 1; j < _partitions; j++) _bounds[j] = (int)((long)baseCount * j / _partitions) & ~15;
        _bounds[_partitions] = baseCount;
        _tops = new TopK[_partitions];

        _epochs = new int[plan.Plans.Length];
        if (plan.RequirementsWithExtras > 0)
        {
            buffers.EnsureBest();
            var epoch = buffers.ReserveEpochs(plan.RequirementsWithExtras);
            for (var i = 0; i < plan.Plans.Length; i++)
                if (plan.Plans[i].ExtraCount > 0) _epochs[i] = epoch++ << QueryPlan.EpochShift;
        }
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
        int lo = _bounds[j], hi = _bounds[j + 1];
        var last = j == _partitions - 1;
        var b = _state.Base;
        ref var acc = ref MemoryMarshal.GetArrayDataReference(_buffers.Accumulators);
        ref var best = ref MemoryMarshal.GetArrayDataReference(_buffers.Best);
        ref var ords = ref MemoryMarshal.GetArrayDataReference(b.Ords);
        var plans = _plan.Plans;
        var segments = _plan.Segments;

        // Each segment's position inside [lo, hi): ordinals are sorted within a run or a tail.
        var cursors = new int[segments.Length];
        for (var s = 0; s < segments.Length; s++)
        {
            ref readonly var segment = ref segments[s];
            cursors[s] = lo == 0 ? segment.Start : segment.Start + LowerBound(b.Ords.AsSpan(segment.Start, segment.End - segment.Start), lo);
        }

        // Block by block, so that the block's accumulators stay in the core's cache while every list adds to them, and
        // are ranked and cleared while still there.
        var top = new TopK(_plan.TopK, _state);
        for (var blockLo = lo; blockLo < hi; blockLo += _blockSize)
        {
            var blockHi = (int)Math.Min(hi, (long)blockLo + _blockSize);
            for (var i = 0; i < plans.Length; i++)
            {
                ref readonly var plan = ref plans[i];
                if (plan.ExtraCount == 0)
                {
                    for (var s = plan.FirstSegment; s < plan.SegmentEnd; s++)
                    {
                        ref readonly var segment = ref segments[s];
                        cursors[s] = segment.Value >= 0
                            ? AddUntil(ref acc, ref ords, cursors[s], segment.End, blockHi, segment.Value)
                            : AddLevelsUntil(ref acc, ref ords, cursors[s], segment, blockHi, plan);
                    }
                    continue;
                }

                // With parent/related lists a profile can appear in several lists of one requirement: it earns the best,
                // not the sum. Own-skill lists go first and remember what they added; the others add only an improvement.
                var tag = _epochs[i];
                for (var s = plan.FirstSegment; s < plan.MainSegmentEnd; s++)
                {
                    ref readonly var segment = ref segments[s];
                    cursors[s] = segment.Value >= 0
                        ? AddRememberUntil(ref acc, ref best, ref ords, cursors[s], segment.End, blockHi, segment.Value, tag)
                        : AddLevelsRememberUntil(ref acc, ref best, ref ords, cursors[s], segment, blockHi, plan, tag);
                }
                for (var s = plan.MainSegmentEnd; s < plan.SegmentEnd; s++)
                {
                    ref readonly var segment = ref segments[s];
                    cursors[s] = segment.Value >= 0
                        ? RaiseUntil(ref acc, ref best, ref ords, cursors[s], segment.End, blockHi, (segment.Value & QueryPlan.UnitsMask) + 1, tag)
                        : RaiseLevelsUntil(ref acc, ref best, ref ords, cursors[s], segment, blockHi, plan, tag);
                }
            }
            Select(ref acc, blockLo, blockHi, inIdOrder: true, top);
        }

        if (last && _state.Delta.Count > 0)
        {
            for (var i = 0; i < plans.Length; i++)
            {
                ref readonly var plan = ref plans[i];
                var mainEnd = plan.FirstScan + plan.MainCount;
                var end = mainEnd + plan.ExtraCount;
                for (var s = plan.FirstScan; s < end; s++)
                {
                    ref readonly var scan = ref _plan.Scans[s];
                    var delta = scan.Delta;
                    if (delta.Count == 0) continue;
                    if (plan.ExtraCount == 0) AddLevels(ref acc, plan, scan, delta.OrdSpan, delta.LevelSpan);
                    else if (s < mainEnd) AddLevelsRemember(ref acc, ref best, plan, scan, delta.OrdSpan, delta.LevelSpan, _epochs[i]);
                    else RaiseLevels(ref acc, ref best, plan, scan, delta.OrdSpan, delta.LevelSpan, _epochs[i]);
                }
            }
            Select(ref acc, b.Count, _state.TotalOrdinals, inIdOrder: false, top);
        }
        _tops[j] = top;
    }

    private static int LowerBound(ReadOnlySpan<int> run, int value)
    {
        var at = run.BinarySearch(value);
        return at >= 0 ? at : ~at;
    }

    private static int AddUntil(ref int acc, ref int ords, int k, int end, int hi, int value)
    {
        for (; k < end; k++)
        {
            var p = Unsafe.Add(ref ords, k);
            if (p >= hi) break;
            ref var a = ref Unsafe.Add(ref acc, p);
            a = (a + value) | QueryPlan.Touched;
        }
        return k;
    }

    private static int AddRememberUntil(ref int acc, ref int best, ref int ords, int k, int end, int hi, int value, int tag)
    {
        var remembered = tag | ((value & QueryPlan.UnitsMask) + 1);
        for (; k < end; k++)
        {
            var p = Unsafe.Add(ref ords, k);
            if (p >= hi) break;
            ref var a = ref Unsafe.Add(ref acc, p);
            a = (a + value) | QueryPlan.Touched;
            Unsafe.Add(ref best, p) = remembered;
        }
        return k;
    }

    private static int RaiseUntil(ref int acc, ref int best, ref int ords, int k, int end, int hi, int candidate, int tag)
    {
        for (; k < end; k++)
        {
            var p = Unsafe.Add(ref ords, k);
            if (p >= hi) break;
            Raise(ref acc, ref best, p, candidate, tag);
        }
        return k;
    }

    /// <summary>Raises a profile's credit for the current requirement to <paramref name="candidate"/> − 1 units if that is better.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Raise(ref int acc, ref int best, int p, int candidate, int tag)
    {
        ref var b = ref Unsafe.Add(ref best, p);
        var e = b;
        var current = (e ^ tag) <= QueryPlan.EpochMask ? e & QueryPlan.EpochMask : 0;
        if (candidate > current)
        {
            ref var a = ref Unsafe.Add(ref acc, p);
            a = (a + candidate - Math.Max(current, 1)) | QueryPlan.Touched;
            b = tag | candidate;
        }
    }

    private int AddLevelsUntil(ref int acc, ref int ords, int k, in Segment segment, int hi, in RequirementPlan plan)
    {
        ref readonly var scan = ref _plan.Scans[segment.Scan];
        var levels = _state.Base.TailLevels;
        for (; k < segment.End; k++)
        {
            var p = Unsafe.Add(ref ords, k);
            if (p >= hi) break;
            ref var a = ref Unsafe.Add(ref acc, p);
            a = (a + scan.LevelValues!.Get(plan, scan, levels[k + segment.LevelOffset], _plan.TotalWeight)) | QueryPlan.Touched;
        }
        return k;
    }

    private int AddLevelsRememberUntil(ref int acc, ref int best, ref int ords, int k, in Segment segment, int hi, in RequirementPlan plan, int tag)
    {
        ref readonly var scan = ref _plan.Scans[segment.Scan];
        var levels = _state.Base.TailLevels;
        for (; k < segment.End; k++)
        {
            var p = Unsafe.Add(ref ords, k);
            if (p >= hi) break;
            var value = scan.LevelValues!.Get(plan, scan, levels[k + segment.LevelOffset], _plan.TotalWeight);
            ref var a = ref Unsafe.Add(ref acc, p);
            a = (a + value) | QueryPlan.Touched;
            Unsafe.Add(ref best, p) = tag | ((value & QueryPlan.UnitsMask) + 1);
        }
        return k;
    }

    private int RaiseLevelsUntil(ref int acc, ref int best, ref int ords, int k, in Segment segment, int hi, in RequirementPlan plan, int tag)
    {
        ref readonly var scan = ref _plan.Scans[segment.Scan];
        var levels = _state.Base.TailLevels;
        for (; k < segment.End; k++)
        {
            var p = Unsafe.Add(ref ords, k);
            if (p >= hi) break;
            var value = scan.LevelValues!.Get(plan, scan, levels[k + segment.LevelOffset], _plan.TotalWeight);
            Raise(ref acc, ref best, p, (value & QueryPlan.UnitsMask) + 1, tag);
        }
        return k;
    }

    private void AddLevels(ref int acc, in RequirementPlan plan, in Scan scan, ReadOnlySpan<int> ords, ReadOnlySpan<float> levels)
    {
        for (var k = 0; k < ords.Length; k++)
        {
            ref var a = ref Unsafe.Add(ref acc, ords[k]);
            a = (a + scan.LevelValues!.Get(plan, scan, levels[k], _plan.TotalWeight)) | QueryPlan.Touched;
        }
    }

    private void AddLevelsRemember(ref int acc, ref int best, in RequirementPlan plan, in Scan scan,
        ReadOnlySpan<int> ords, ReadOnlySpan<float> levels, int tag)
    {
        for (var k = 0; k < ords.Length; k++)
        {
            var value = scan.LevelValues!.Get(plan, scan, levels[k], _plan.TotalWeight);
            ref var a = ref Unsafe.Add(ref acc, ords[k]);
            a = (a + value) | QueryPlan.Touched;
            Unsafe.Add(ref best, ords[k]) = tag | ((value & QueryPlan.UnitsMask) + 1);
        }
    }

    private void RaiseLevels(ref int acc, ref int best, in RequirementPlan plan, in Scan scan,
        ReadOnlySpan<int> ords, ReadOnlySpan<float> levels, int tag)
    {
        for (var k = 0; k < ords.Length; k++)
        {
            var value = scan.LevelValues!.Get(plan, scan, levels[k], _plan.TotalWeight);
            Raise(ref acc, ref best, ords[k], (value & QueryPlan.UnitsMask) + 1, tag);
        }
    }

    /// <summary>
    /// Offers every accumulator in [lo, hi) that could rank to the partition's top-K, zeroing the accumulators as it goes.
    /// In a base range ordinals are in id order, so once the heap is full a later equal value can never enter.
    /// </summary>
    private void Select(ref int acc, int lo, int hi, bool inIdOrder, TopK top)
    {
        var minAccept = _plan.MinAccept;
        var minUnits = _plan.MinUnits;
        var dead = _state.Dead;
        var threshold = minAccept;
        var i = lo;
        if (Vector256.IsHardwareAccelerated)
        {
            var limit = Vector256.Create(threshold);
            for (; i + Vector256<int>.Count <= hi; i += Vector256<int>.Count)
            {
                var v = Vector256.LoadUnsafe(ref acc, (nuint)i);
                if (v == Vector256<int>.Zero) continue;
                Vector256<int>.Zero.StoreUnsafe(ref acc, (nuint)i);
                var mask = Vector256.GreaterThanOrEqual(v, limit).ExtractMostSignificantBits();
                while (mask != 0)
                {
                    var lane = BitOperations.TrailingZeroCount(mask);
                    mask &= mask - 1;
                    if (Consider(i + lane, v.GetElement(lane)))
                        limit = Vector256.Create(threshold);
                }
            }
        }
        for (; i < hi; i++)
        {
            ref var a = ref Unsafe.Add(ref acc, i);
            var v = a;
            if (v == 0) continue;
            a = 0;
            if (v >= threshold) Consider(i, v);
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
