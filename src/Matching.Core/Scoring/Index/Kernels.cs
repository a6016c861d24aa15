using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Matching.Core.Scoring.Index;

/// <summary>
/// The loops a query spends its time in: one base-run container (16-bit offsets or a bitmap of the chunk) applied to
/// the chunk's accumulators. Not inlined: as separate methods they keep their arrays in registers.
/// </summary>
/// <remarks>
/// <c>Add</c>: a requirement without parent/related lists. For one with them, its own lists come first — <c>AddMark</c>
/// (a dense run no parent/related option can beat: its bitmap is OR-ed into <c>dominant</c>, which those lists skip) or
/// <c>AddRemember</c> (the credit goes into <c>best</c>) — then <c>Raise</c> for the parent/related lists adds only an
/// improvement over what is remembered. See <see cref="Raise"/> for the encoding of <c>best</c>.
/// </remarks>
internal static class Kernels
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void AddArray(ref int acc, ref ushort offsets, int length, int value)
    {
        for (var k = 0; k < length; k++)
        {
            ref var a = ref Unsafe.Add(ref acc, Unsafe.Add(ref offsets, k));
            a = (a + value) | QueryPlan.Touched;
        }
    }

    /// <summary>Bitmap containers, 16 ordinals at a time: a masked add over the lanes whose bits are set.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void AddBitmap(ref int acc, ref ushort bitmap, int length, int value)
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
    public static bool Vectorize = Vector512.IsHardwareAccelerated;

    /// <summary>Lane i holds 1 &lt;&lt; i: ANDed with a broadcast 16-bit word it tells which lanes the word's bits select.</summary>
    private static readonly Vector512<int> LaneBits512 = Vector512.Create(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768);

    /// <summary>
    /// Adds a main run's value and remembers it for the parent/related lists that follow — only for profiles at or above
    /// <paramref name="limit"/>, the only ones those lists will look at.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void AddRememberArray(ref int acc, ref int best, ref ushort offsets, int length, int value, int tag, int limit)
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
    public static void AddRememberBitmap(ref int acc, ref int best, ref ushort bitmap, int length, int value, int tag, int limit)
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

    /// <summary>The bitmap of a dominant own-skill run is its mark: OR it into <c>dominant</c>, 64 profiles at a time.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void AddMarkBitmap(ref int acc, ref ulong dominant, ref ushort bitmap, int length, int value)
    {
        AddBitmap(ref acc, ref bitmap, length, value);
        for (var w = 0; w < length >> 2; w++)
            Unsafe.Add(ref dominant, w) |= Unsafe.ReadUnaligned<ulong>(ref Unsafe.As<ushort, byte>(ref Unsafe.Add(ref bitmap, w << 2)));
    }

    /// <summary>
    /// A parent/related run: raises the credit of each profile that is not marked dominant and whose accumulator is at
    /// least <paramref name="limit"/> (the others cannot reach the top-K).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void RaiseArray(ref int acc, ref int best, ref ulong dominant, ref ushort offsets, int length, int candidate, int tag, int limit)
    {
        for (var k = 0; k < length; k++)
        {
            int p = Unsafe.Add(ref offsets, k);
            // The mark first (a bit of an L1-resident array): a marked profile is either dropped by the filter or already
            // has its own-skill credit (so it is already touched), and its accumulator need not be read at all. Under a
            // filter most are marked.
            if ((Unsafe.Add(ref dominant, p >> 6) & (1UL << p)) != 0) continue;
            ref var a = ref Unsafe.Add(ref acc, p);
            if ((a & ~QueryPlan.Touched) >= limit) Raise(ref acc, ref best, p, candidate, tag);
            else if (a == 0) a = QueryPlan.Touched; // pruned: its value stays low, but it did match something
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void RaiseBitmap(ref int acc, ref int best, ref ulong dominant, ref ushort bitmap, int length, int candidate, int tag, int limit)
    {
        if (!Vectorize)
        {
            for (var w = 0; w < length; w += 4)
            {
                var bits = Unsafe.ReadUnaligned<ulong>(ref Unsafe.As<ushort, byte>(ref Unsafe.Add(ref bitmap, w))) & ~Unsafe.Add(ref dominant, w >> 2);
                while (bits != 0)
                {
                    var p = (w << 4) + BitOperations.TrailingZeroCount(bits);
                    if ((Unsafe.Add(ref acc, p) & ~QueryPlan.Touched) >= limit) Raise(ref acc, ref best, p, candidate, tag);
                    else if (Unsafe.Add(ref acc, p) == 0) Unsafe.Add(ref acc, p) = QueryPlan.Touched;
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
            var bits = Unsafe.Add(ref bitmap, w) & ~(int)(Unsafe.Add(ref dominant, w >> 2) >> ((w & 3) << 4)) & 0xFFFF;
            if (bits == 0) continue; // often: dominant profiles are masked out
            var mask = Vector512.Equals(Vector512.Create(bits) & lanes, lanes);
            ref var at = ref Unsafe.Add(ref acc, w << 4);
            var a = Vector512.LoadUnsafe(ref at);
            // Every profile in the list has matched something, pruned or not (the ranking's size counts it).
            var marked = a | (mask & touched);
            mask &= Vector512.GreaterThanOrEqual(a & keyBits, limits);
            ref var bt = ref Unsafe.Add(ref best, w << 4);
            var e = Vector512.LoadUnsafe(ref bt);
            var gain = Vector512.Max(key - Vector512.Max(e, fresh), Vector512<int>.Zero);
            Vector512.ConditionalSelect(mask, (a + gain) | touched, marked).StoreUnsafe(ref at);
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
    public static void Raise(ref int acc, ref int best, int p, int candidate, int tag)
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
}
