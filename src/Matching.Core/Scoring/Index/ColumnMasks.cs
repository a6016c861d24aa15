using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Matching.Core.Scoring.Index;

/// <summary>
/// One 64-bit word of a filter bitmap from 64 consecutive entries of a column: bit k set when entry k passes. Vectorised
/// (512 or 256 bits at a time) where the hardware allows; the scalar loops are the definition.
/// </summary>
internal static class ColumnMasks
{
    /// <summary>
    /// min(|v − centre|, 360 − |v − centre|) ≤ band: longitudes within a band around a centre, across the antimeridian.
    /// A difference above 360 (a longitude outside ±180) always passes: the exact check decides.
    /// </summary>
    public static ulong WrappedWithin(ReadOnlySpan<double> values, double centre, double band)
    {
        if (values.Length == 64 && Vector512.IsHardwareAccelerated)
        {
            ref var first = ref MemoryMarshal.GetReference(values);
            var c = Vector512.Create(centre);
            var b = Vector512.Create(band);
            var full = Vector512.Create(360.0);
            ulong mask = 0;
            for (var k = 0; k < 64; k += 8)
            {
                var d = Vector512.Abs(Vector512.LoadUnsafe(ref Unsafe.Add(ref first, k)) - c);
                mask |= Vector512.LessThanOrEqual(Vector512.Min(d, full - d), b).ExtractMostSignificantBits() << k;
            }
            return mask;
        }
        ulong m = 0;
        for (var k = 0; k < values.Length; k++)
        {
            var d = Math.Abs(values[k] - centre);
            if (Math.Min(d, 360 - d) <= band) m |= 1UL << k;
        }
        return m;
    }

    /// <summary>
    /// Squared chord lengths from a centre, for unit vectors stored as 16-bit fixed point (<see cref="AttributeColumns.UnitScale"/>):
    /// <c>Inside</c> below <paramref name="inside"/>, <c>Outside</c> above <paramref name="outside"/>, both in units² of
    /// that scale. Single precision: the caller's margins cover the rounding.
    /// </summary>
    public static (ulong Inside, ulong Outside) Chord(ReadOnlySpan<short> x, ReadOnlySpan<short> y, ReadOnlySpan<short> z,
        (float X, float Y, float Z) centre, float inside, float outside)
    {
        ulong i = 0, o = 0;
        if (x.Length == 64 && Vector512.IsHardwareAccelerated)
        {
            ref var fx = ref MemoryMarshal.GetReference(x);
            ref var fy = ref MemoryMarshal.GetReference(y);
            ref var fz = ref MemoryMarshal.GetReference(z);
            var c = (X: Vector512.Create(centre.X), Y: Vector512.Create(centre.Y), Z: Vector512.Create(centre.Z));
            var lo = Vector512.Create(inside);
            var hi = Vector512.Create(outside);
            for (var k = 0; k < 64; k += 32)
            {
                // 32 profiles a load, widened to two groups of 16.
                var (xl, xh) = Vector512.Widen(Vector512.LoadUnsafe(ref fx, (nuint)k));
                var (yl, yh) = Vector512.Widen(Vector512.LoadUnsafe(ref fy, (nuint)k));
                var (zl, zh) = Vector512.Widen(Vector512.LoadUnsafe(ref fz, (nuint)k));
                var dl = Squared(xl, yl, zl, c);
                var dh = Squared(xh, yh, zh, c);
                i |= (Vector512.LessThan(dl, lo).ExtractMostSignificantBits() | Vector512.LessThan(dh, lo).ExtractMostSignificantBits() << 16) << k;
                o |= (Vector512.GreaterThan(dl, hi).ExtractMostSignificantBits() | Vector512.GreaterThan(dh, hi).ExtractMostSignificantBits() << 16) << k;
            }
            return (i, o);
        }
        for (var k = 0; k < x.Length; k++)
        {
            var (dx, dy, dz) = (x[k] - centre.X, y[k] - centre.Y, z[k] - centre.Z);
            var d = dx * dx + dy * dy + dz * dz;
            if (d < inside) i |= 1UL << k;
            if (d > outside) o |= 1UL << k;
        }
        return (i, o);
    }

    private static Vector512<float> Squared(Vector512<int> x, Vector512<int> y, Vector512<int> z,
        (Vector512<float> X, Vector512<float> Y, Vector512<float> Z) c)
    {
        var dx = Vector512.ConvertToSingle(x) - c.X;
        var dy = Vector512.ConvertToSingle(y) - c.Y;
        var dz = Vector512.ConvertToSingle(z) - c.Z;
        return dx * dx + dy * dy + dz * dz;
    }

    /// <summary>v ≤ max.</summary>
    public static ulong AtMost(ReadOnlySpan<int> values, int max)
    {
        if (values.Length == 64)
        {
            ref var first = ref MemoryMarshal.GetReference(values);
            if (Vector512.IsHardwareAccelerated)
            {
                var hi = Vector512.Create(max);
                ulong mask = 0;
                for (var k = 0; k < 64; k += 16)
                    mask |= Vector512.LessThanOrEqual(Vector512.LoadUnsafe(ref Unsafe.Add(ref first, k)), hi).ExtractMostSignificantBits() << k;
                return mask;
            }
            if (Vector256.IsHardwareAccelerated)
            {
                var hi = Vector256.Create(max);
                ulong mask = 0;
                for (var k = 0; k < 64; k += 8)
                    mask |= (ulong)Vector256.LessThanOrEqual(Vector256.LoadUnsafe(ref Unsafe.Add(ref first, k)), hi).ExtractMostSignificantBits() << k;
                return mask;
            }
        }
        ulong m = 0;
        for (var k = 0; k < values.Length; k++)
            if (values[k] <= max) m |= 1UL << k;
        return m;
    }

    /// <summary>v == value.</summary>
    public static ulong EqualTo(ReadOnlySpan<int> values, int value)
    {
        if (values.Length == 64)
        {
            ref var first = ref MemoryMarshal.GetReference(values);
            if (Vector512.IsHardwareAccelerated)
            {
                var x = Vector512.Create(value);
                ulong mask = 0;
                for (var k = 0; k < 64; k += 16)
                    mask |= Vector512.Equals(Vector512.LoadUnsafe(ref Unsafe.Add(ref first, k)), x).ExtractMostSignificantBits() << k;
                return mask;
            }
            if (Vector256.IsHardwareAccelerated)
            {
                var x = Vector256.Create(value);
                ulong mask = 0;
                for (var k = 0; k < 64; k += 8)
                    mask |= (ulong)Vector256.Equals(Vector256.LoadUnsafe(ref Unsafe.Add(ref first, k)), x).ExtractMostSignificantBits() << k;
                return mask;
            }
        }
        ulong m = 0;
        for (var k = 0; k < values.Length; k++)
            if (values[k] == value) m |= 1UL << k;
        return m;
    }

    /// <summary>(v &amp; and) == value; with <paramref name="negate"/>, != value.</summary>
    public static ulong MaskedEquals(ReadOnlySpan<byte> values, byte and, byte value, bool negate = false)
    {
        ulong m = 0;
        if (values.Length == 64 && Vector512.IsHardwareAccelerated)
        {
            var v = Vector512.LoadUnsafe(ref MemoryMarshal.GetReference(values));
            m = Vector512.Equals(v & Vector512.Create(and), Vector512.Create(value)).ExtractMostSignificantBits();
        }
        else if (values.Length == 64 && Vector256.IsHardwareAccelerated)
        {
            ref var first = ref MemoryMarshal.GetReference(values);
            var a = Vector256.Create(and);
            var x = Vector256.Create(value);
            m = Vector256.Equals(Vector256.LoadUnsafe(ref first) & a, x).ExtractMostSignificantBits()
                | (ulong)Vector256.Equals(Vector256.LoadUnsafe(ref Unsafe.Add(ref first, 32)) & a, x).ExtractMostSignificantBits() << 32;
        }
        else
        {
            for (var k = 0; k < values.Length; k++)
                if ((values[k] & and) == value) m |= 1UL << k;
        }
        if (negate) m = ~m;
        return values.Length == 64 ? m : m & ((1UL << values.Length) - 1);
    }
}

/// <summary>Bitmaps combined word by word, 8 words (512 profiles) a vector where the hardware allows.</summary>
internal static class BitWords
{
    public enum Op { Or, And, AndNot }

    /// <summary><paramref name="into"/>[w] = <paramref name="into"/>[w] op <paramref name="other"/>[w], over the shorter of the two.</summary>
    public static void Apply(Op op, Span<ulong> into, ReadOnlySpan<ulong> other)
    {
        var n = Math.Min(into.Length, other.Length);
        var w = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            ref var a = ref MemoryMarshal.GetReference(into);
            ref var b = ref MemoryMarshal.GetReference(other);
            for (; w + 8 <= n; w += 8)
            {
                var x = Vector512.LoadUnsafe(ref a, (nuint)w);
                var y = Vector512.LoadUnsafe(ref b, (nuint)w);
                (op switch { Op.Or => x | y, Op.And => x & y, _ => Vector512.AndNot(x, y) }).StoreUnsafe(ref a, (nuint)w);
            }
        }
        for (; w < n; w++)
            into[w] = op switch { Op.Or => into[w] | other[w], Op.And => into[w] & other[w], _ => into[w] & ~other[w] };
    }
}
