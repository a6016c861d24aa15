using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Matching.Core.Scoring.Index;

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
    private readonly FilterPlan _filter;
    private readonly FacetPlan? _facets;
    /// <summary>Per partition: profiles of the ranking, and those ranked at or before the cursor.</summary>
    private readonly int[] _matched;
    private readonly int[] _before;
    private readonly FacetCounts?[] _facetCounts;
    private readonly int _partitions;
    private readonly int _workers;
    private readonly int _chunkSize;
    private int _next = -1;
    private int _remaining;
    private ManualResetEventSlim? _done;
    private Exception? _error;

    /// <param name="partitions">Ranges of chunks; more than <paramref name="workers"/> so that a thread that is done early takes another.</param>
    /// <param name="workers">Threads working on the query, the caller's included.</param>
    public QueryExecution(QueryPlan plan, IndexState state, int partitions, int workers, FilterPlan filter, FacetPlan? facets)
    {
        _filter = filter;
        _facets = facets;
        _plan = plan;
        _state = state;
        _chunkSize = state.Base.ChunkSize;
        _partitions = Math.Max(1, partitions);
        _workers = Math.Clamp(workers, 1, _partitions);
        // Partitions own whole chunks: [_bounds[j], _bounds[j + 1]) in chunk numbers.
        var chunks = state.Base.Chunks;
        _bounds = new int[_partitions + 1];
        for (var j = 1; j <= _partitions; j++) _bounds[j] = (int)((long)chunks * j / _partitions);
        _tops = new TopK[_partitions];
        _worst = new int[_partitions];
        _matched = new int[_partitions];
        _before = new int[_partitions];
        _facetCounts = new FacetCounts?[_partitions];
    }

    /// <summary>After <see cref="Run"/>: the size of the whole ranking.</summary>
    public int Matched => _matched.Sum();

    /// <summary>After <see cref="Run"/>: how many profiles of the ranking are at or before the cursor.</summary>
    public int Before => _before.Sum();

    /// <summary>After <see cref="Run"/>: every partition's facet counts.</summary>
    public IEnumerable<FacetCounts?> FacetCounts => _facetCounts;

    /// <summary>The best candidates of every partition (each partition's top-K; the caller merges and cuts).</summary>
    public List<(int Value, int Ordinal)> Run()
    {
        if (_workers == 1)
        {
            for (var j = 0; j < _partitions; j++) RunPartition(j);
        }
        else
        {
            _remaining = _partitions;
            _done = new ManualResetEventSlim(false, spinCount: 2000);
            for (var w = 1; w < _workers; w++) ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
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
        var words = Math.Max(1, _chunkSize >> 6);
        var allowed = scratch.Allowed;
        var temp = scratch.Temp;
        var counts = _facets?.NewCounts();
        var ranking = counts is null ? null : scratch.Ranking;
        var tally = new Tally();
        var skip = _filter.IsEmpty ? null : scratch.Skip;

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
            _filter.FillBase(allowed, temp, chunk, blockLo, blockHi);
            if (skip is not null)
                for (var w = 0; w < words; w++) skip[w] = ~allowed[w];
            Accumulate(scratch, segments, cursors, chunk, blockLo, blockHi, KeyThreshold(j, inIdOrder: true), skip);
            if (ranking is not null) Array.Clear(ranking);
            var before = tally.Matched;
            Select(ref scratch.Accumulators, blockLo, blockHi, inIdOrder: true, top, allowed, ranking, ref tally);
            counts?.CountBase(ranking, chunk, blockLo, blockHi, tally.Matched - before);
            if (_plan.TopK > 0 && top.Full) Volatile.Write(ref _worst[j], top.WorstValue);
        }

        if (j == _partitions - 1 && _plan.DeltaSegments.Length > 0)
        {
            var deltaCursors = new int[_plan.DeltaSegments.Length];
            var skills = new int[_state.Delta.Vectors.Length == 0 ? 1 : 4096];
            for (var blockLo = b.Count; blockLo < _state.TotalOrdinals; blockLo += _chunkSize)
            {
                var blockHi = (int)Math.Min(_state.TotalOrdinals, (long)blockLo + _chunkSize);
                Array.Clear(allowed);
                for (var o = blockLo; o < blockHi; o++)
                {
                    if (_state.Dead.Contains(o)) continue;
                    var vector = _state.VectorOf(o);
                    if (skills.Length < vector.Length) skills = new int[vector.Length];
                    if (_filter.RowPasses(o, _state.AttributesOf(o), vector, skills))
                        allowed[(o - blockLo) >> 6] |= 1UL << (o - blockLo);
                }
                if (skip is not null)
                    for (var w = 0; w < words; w++) skip[w] = ~allowed[w];
                Accumulate(scratch, _plan.DeltaSegments, deltaCursors, -1, blockLo, blockHi, KeyThreshold(j, inIdOrder: false), skip);
                if (ranking is not null) Array.Clear(ranking);
                Select(ref scratch.Accumulators, blockLo, blockHi, inIdOrder: false, top, allowed, ranking, ref tally);
                if (ranking is not null)
                    for (var w = 0; w < ranking.Length; w++)
                        for (var word = ranking[w]; word != 0; word &= word - 1)
                            counts!.CountRow(blockLo + (w << 6) + BitOperations.TrailingZeroCount(word));
            }
        }
        _tops[j] = top;
        _matched[j] = tally.Matched;
        _before[j] = tally.Before;
        _facetCounts[j] = counts;
        scratch.Return();
    }

    private struct Tally
    {
        public int Matched;
        public int Before;
    }

    /// <summary>
    /// The smallest accumulator (without the matched bit) that can still enter the overall top-K: below every
    /// partition's K-th best, a profile is out whatever it scores. Base ordinals are in id order, so a profile of
    /// partition j loses ties to the K kept by an earlier partition (hence + 1) and wins them against a later one's.
    /// Capped by <see cref="QueryPlan.PruneCap"/>, so that every profile counted exactly stays exact.
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
        return Math.Min(threshold & ~QueryPlan.Touched, _plan.PruneCap);
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
    private void Accumulate(BlockScratch scratch, Segment[] segments, int[] cursors, int chunk, int blockLo, int blockHi, int threshold,
        ulong[]? skip)
    {
        ref var acc = ref scratch.Accumulators;
        ref var best = ref scratch.Best;
        ref var dominant = ref MemoryMarshal.GetArrayDataReference(scratch.Dominant);
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
            // not the sum. Own-skill lists go first: a credit no parent/related option can beat is marked in
            // Dominant, a lower one remembered in Best; the parent/related lists then add only an improvement.
            var extras = plan.ExtraCount > 0;
            var tag = 0;
            if (extras)
            {
                tag = scratch.NextTag();
                if (skip is not null)
                {
                    // Profiles the filter drops can never rank nor count: parent/related lists skip them like dominant ones.
                    skip.AsSpan(0, scratch.Dominant.Length).CopyTo(scratch.Dominant);
                    scratch.DominantInUse = true;
                }
                else if (scratch.DominantInUse)
                {
                    Array.Clear(scratch.Dominant);
                    scratch.DominantInUse = false;
                }
            }
            var limit = threshold - (_plan.StillToCome[position] + plan.MaxExtraUnits);
            for (var s = first; s < end; s++)
            {
                ref readonly var segment = ref segments[s];
                var kind = !extras ? Kind.Add : s >= mainEnd ? Kind.Raise : Kind.AddRemember;
                if (segment.Run >= 0)
                {
                    var (offset, length) = b.Container(segment.Run, chunk);
                    if (length == 0) continue;
                    ref var container = ref Unsafe.Add(ref data, offset);
                    var value = segment.Value;
                    var candidate = (value & QueryPlan.UnitsMask) + 1;
                    var bitmap = length == bitmapLength;
                    // A dense own-skill run that no parent/related option can beat is marked by OR-ing its bitmap in;
                    // sparse ones remember per profile (only for profiles still in the running).
                    if (kind == Kind.AddRemember && bitmap && (value & QueryPlan.UnitsMask) >= plan.MaxExtraUnits) kind = Kind.AddMark;
                    switch (kind)
                    {
                        case Kind.Add when bitmap: Kernels.AddBitmap(ref acc, ref container, length, value); break;
                        case Kind.Add: Kernels.AddArray(ref acc, ref container, length, value); break;
                        case Kind.AddMark: Kernels.AddMarkBitmap(ref acc, ref dominant, ref container, length, value); break;
                        case Kind.AddRemember when bitmap: Kernels.AddRememberBitmap(ref acc, ref best, ref container, length, value, tag, limit); break;
                        case Kind.AddRemember: Kernels.AddRememberArray(ref acc, ref best, ref container, length, value, tag, limit); break;
                        case Kind.Raise when bitmap: Kernels.RaiseBitmap(ref acc, ref best, ref dominant, ref container, length, candidate, tag, limit); break;
                        default: Kernels.RaiseArray(ref acc, ref best, ref dominant, ref container, length, candidate, tag, limit); break;
                    }
                    if (kind == Kind.AddMark) scratch.DominantInUse = true;
                }
                else
                {
                    cursors[s] = AddLevelsUntil(ref acc, ref best, ref dominant, blockLo, blockHi, segment, cursors[s], plan, kind, tag, limit);
                }
            }
        }
    }

    private enum Kind { Add, AddMark, AddRemember, Raise }

    private static int LowerBound(ReadOnlySpan<int> run, int value)
    {
        var at = run.BinarySearch(value);
        return at >= 0 ? at : ~at;
    }

    /// <summary>Postings with a level each (a tail, a delta list), from position k up to the block's end.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private int AddLevelsUntil(ref int acc, ref int best, ref ulong dominant, int blockLo, int blockHi, in Segment segment, int k,
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
            var units = value & QueryPlan.UnitsMask;
            ref var a = ref Unsafe.Add(ref acc, p);
            switch (kind)
            {
                case Kind.Add:
                    a = (a + value) | QueryPlan.Touched;
                    break;
                case Kind.AddRemember:
                    a = (a + value) | QueryPlan.Touched;
                    if ((a & ~QueryPlan.Touched) >= limit) Unsafe.Add(ref best, p) = tag | (units + 1);
                    break;
                default:
                    if ((a & ~QueryPlan.Touched) >= limit && (Unsafe.Add(ref dominant, p >> 6) & (1UL << p)) == 0)
                        Kernels.Raise(ref acc, ref best, p, units + 1, tag);
                    else if (a == 0) a = QueryPlan.Touched;
                    break;
            }
        }
        return k;
    }

    /// <summary>
    /// Takes every accumulator of the block, zeroing them as it goes: a profile is in the ranking when it matched
    /// something, passes strict and minScore, and its bit in <paramref name="allowed"/> (alive, passes the filter) is
    /// set. Those are counted (and marked in <paramref name="ranking"/> for facets); the ones at or before the cursor are
    /// counted apart, the others offered to the partition's top-K. In a base range ordinals are in id order, so once the
    /// heap is full a later equal value can never enter.
    /// </summary>
    private void Select(ref int acc, int blockLo, int blockHi, bool inIdOrder, TopK top, ulong[] allowed, ulong[]? ranking, ref Tally tally)
    {
        var minAccept = _plan.MinAccept;
        var minUnits = _plan.MinUnits;
        var hasCursor = _plan.HasCursor;
        var cursorKey = _plan.CursorKey;
        var k = _plan.TopK;
        var taker = new Taker(this, top, blockLo, inIdOrder,
            k == 0 ? int.MaxValue : top.Full ? Math.Max(minAccept, inIdOrder ? top.WorstValue + 1 : top.WorstValue) : minAccept);
        var length = blockHi - blockLo;
        var i = 0;
        var matched = 0;
        if (Kernels.Vectorize)
        {
            var accept = Vector512.Create(minAccept);
            var unitsMask = Vector512.Create(QueryPlan.UnitsMask);
            var units = Vector512.Create(minUnits);
            var cursor = Vector512.Create(cursorKey);
            var limit = Vector512.Create(taker.Threshold);
            for (; i + Vector512<int>.Count <= length; i += Vector512<int>.Count)
            {
                ref var group = ref Unsafe.Add(ref acc, i);
                var v = Vector512.LoadUnsafe(ref group);
                if (v == Vector512<int>.Zero) continue;
                var inMask = (uint)Vector512.GreaterThanOrEqual(v, accept).ExtractMostSignificantBits();
                if (minUnits > 0) inMask &= (uint)Vector512.GreaterThanOrEqual(v & unitsMask, units).ExtractMostSignificantBits();
                inMask &= (uint)(allowed[i >> 6] >> (i & 63)) & 0xFFFF;
                if (inMask != 0)
                {
                    matched += BitOperations.PopCount(inMask);
                    if (ranking is not null) ranking[i >> 6] |= (ulong)inMask << (i & 63);
                    var heap = inMask & (uint)Vector512.GreaterThanOrEqual(v, limit).ExtractMostSignificantBits();
                    var high = hasCursor ? inMask & (uint)Vector512.GreaterThanOrEqual(v, cursor).ExtractMostSignificantBits() : 0;
                    if ((heap | high) != 0 && taker.Take(ref group, i, heap, high)) limit = Vector512.Create(taker.Threshold);
                }
                Vector512<int>.Zero.StoreUnsafe(ref group);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var accept = Vector256.Create(minAccept);
            var unitsMask = Vector256.Create(QueryPlan.UnitsMask);
            var units = Vector256.Create(minUnits);
            var cursor = Vector256.Create(cursorKey);
            var limit = Vector256.Create(taker.Threshold);
            for (; i + Vector256<int>.Count <= length; i += Vector256<int>.Count)
            {
                ref var group = ref Unsafe.Add(ref acc, i);
                var v = Vector256.LoadUnsafe(ref group);
                if (v == Vector256<int>.Zero) continue;
                var inMask = (uint)Vector256.GreaterThanOrEqual(v, accept).ExtractMostSignificantBits();
                if (minUnits > 0) inMask &= (uint)Vector256.GreaterThanOrEqual(v & unitsMask, units).ExtractMostSignificantBits();
                inMask &= (uint)(allowed[i >> 6] >> (i & 63)) & 0xFF;
                if (inMask != 0)
                {
                    matched += BitOperations.PopCount(inMask);
                    if (ranking is not null) ranking[i >> 6] |= (ulong)inMask << (i & 63);
                    var heap = inMask & (uint)Vector256.GreaterThanOrEqual(v, limit).ExtractMostSignificantBits();
                    var high = hasCursor ? inMask & (uint)Vector256.GreaterThanOrEqual(v, cursor).ExtractMostSignificantBits() : 0;
                    if ((heap | high) != 0 && taker.Take(ref group, i, heap, high)) limit = Vector256.Create(taker.Threshold);
                }
                Vector256<int>.Zero.StoreUnsafe(ref group);
            }
        }
        for (; i < length; i++)
        {
            ref var a = ref Unsafe.Add(ref acc, i);
            var v = a;
            if (v == 0) continue;
            if (v >= minAccept && (v & QueryPlan.UnitsMask) >= minUnits && (allowed[i >> 6] & (1UL << i)) != 0)
            {
                matched++;
                if (ranking is not null) ranking[i >> 6] |= 1UL << i;
                taker.Take(ref a, i, v >= taker.Threshold ? 1u : 0, hasCursor && v >= cursorKey ? 1u : 0);
            }
            a = 0;
        }
        tally.Matched += matched;
        tally.Before += taker.Before;
    }

    /// <summary>What <see cref="Select"/> does with the lanes of one group that are in the ranking.</summary>
    private struct Taker(QueryExecution query, TopK top, int blockLo, bool inIdOrder, int threshold)
    {
        public int Threshold = threshold;
        public int Before;

        /// <summary>
        /// Lanes of the ranking in a group starting at block offset <paramref name="at"/> (<paramref name="group"/> is its
        /// first accumulator): <paramref name="heap"/> those at or above the heap's threshold, <paramref name="high"/> those
        /// at or above the cursor's value. True when the threshold rose.
        /// </summary>
        public bool Take(ref int group, int at, uint heap, uint high)
        {
            var plan = query._plan;
            while (high != 0)
            {
                var lane = BitOperations.TrailingZeroCount(high);
                high &= high - 1;
                var ordinal = blockLo + at + lane;
                var value = Unsafe.Add(ref group, lane);
                if (value > plan.CursorKey
                    || (inIdOrder ? ordinal < plan.CursorBaseBound : string.CompareOrdinal(query._state.IdOf(ordinal), plan.CursorId) <= 0))
                {
                    Before++;
                    heap &= ~(1u << lane);
                }
            }
            var raised = false;
            while (heap != 0)
            {
                var lane = BitOperations.TrailingZeroCount(heap);
                heap &= heap - 1;
                var value = Unsafe.Add(ref group, lane);
                if (value < Threshold) continue;
                top.Offer(value, blockLo + at + lane);
                if (!top.Full) continue;
                Threshold = Math.Max(plan.MinAccept, inIdOrder ? top.WorstValue + 1 : top.WorstValue);
                raised = true;
            }
            return raised;
        }
    }
}
