using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Matching.Core.Scoring.Index;

/// <summary>
/// A numeric column of a base segment (NaN: no value) also kept as one byte per ordinal that preserves order: the
/// column's values are cut into at most <see cref="MaxCodes"/> intervals of about equal population, and code c is the
/// c-th interval (<see cref="None"/>: no value, or a value the column does not code). A range filter then reads 64 codes
/// in one 512-bit load instead of 64 doubles in eight: codes whose interval lies inside the range pass, codes whose
/// interval lies outside fail, and only the (at most two) codes whose interval straddles an end of the range are decided
/// by the exact values. Columns with few distinct values get a code each, and then no code ever straddles.
/// </summary>
internal sealed class OrderedCodes
{
    public const int MaxCodes = 255;
    public const byte None = 255;

    public readonly byte[] Codes;
    private readonly double[] _values;
    /// <summary>Per code, the smallest and the largest value it holds.</summary>
    private readonly double[] _low;
    private readonly double[] _high;

    /// <param name="values">The exact values (kept, not copied: ranges read them for straddling codes).</param>
    /// <param name="coded">Which ordinals' values to code (all but NaN when null); the others get <see cref="None"/>.</param>
    /// <param name="maxCodes">At most <see cref="MaxCodes"/>; tests use few to make codes straddle.</param>
    public OrderedCodes(double[] values, Func<int, bool>? coded = null, int maxCodes = MaxCodes)
    {
        if (maxCodes is < 1 or > MaxCodes) throw new ArgumentOutOfRangeException(nameof(maxCodes));
        _values = values;
        Codes = new byte[values.Length];
        var sorted = new List<double>(values.Length);
        for (var o = 0; o < values.Length; o++)
            if (!double.IsNaN(values[o]) && (coded is null || coded(o))) sorted.Add(values[o]);
        sorted.Sort();

        // Intervals of about n / maxCodes values each, never splitting equal values (−0 and 0 included): the last takes the rest.
        var low = new List<double>();
        var high = new List<double>();
        var target = Math.Max(1, (sorted.Count + maxCodes - 1) / maxCodes);
        for (var k = 0; k < sorted.Count;)
        {
            var end = low.Count == maxCodes - 1 ? sorted.Count : Math.Min(sorted.Count, k + target);
            while (end < sorted.Count && sorted[end] == sorted[end - 1]) end++;
            low.Add(sorted[k]);
            high.Add(sorted[end - 1]);
            k = end;
        }
        _low = low.ToArray();
        _high = high.ToArray();

        Codes.AsSpan().Fill(None);
        for (var o = 0; o < values.Length; o++)
        {
            var v = values[o];
            if (double.IsNaN(v) || (coded is not null && !coded(o))) continue;
            // The last interval whose smallest value is at most v.
            var at = Array.BinarySearch(_low, v);
            if (at < 0) at = ~at - 1;
            else while (at + 1 < _low.Length && _low[at + 1] == v) at++;
            Codes[o] = (byte)at;
        }
    }

    public int CodeCount => _low.Length;

    public long EstimatedBytes() => Codes.LongLength + _low.LongLength * 16;

    /// <summary>The codes of min ≤ v ≤ max, computed once per query.</summary>
    public Range Select(double min, double max)
    {
        var range = new Range(min, max);
        if (double.IsNaN(min) || double.IsNaN(max)) return range;
        for (var c = 0; c < _low.Length; c++)
        {
            if (_high[c] < min || _low[c] > max) continue;
            if (_low[c] >= min && _high[c] <= max)
            {
                if (range.Last < range.First) range.First = (byte)c;
                range.Last = (byte)c;
                continue;
            }
            // Intervals are disjoint and ordered, so only the one holding min and the one holding max can straddle.
            if (range.Straddling++ == 0) range.Straddle1 = (byte)c;
            range.Straddle2 = (byte)c;
        }
        return range;
    }

    /// <summary>
    /// Codes [<see cref="First"/>, <see cref="Last"/>] pass (none when Last &lt; First); <see cref="Straddle1"/> and
    /// <see cref="Straddle2"/> (the same code when only one straddles) are checked against the exact values.
    /// </summary>
    public struct Range(double min, double max)
    {
        public readonly double Min = min;
        public readonly double Max = max;
        public byte First = 1;
        public byte Last;
        public byte Straddle1;
        public byte Straddle2;
        /// <summary>How many codes straddle an end of the range (0, 1 or 2).</summary>
        public int Straddling;
    }

    /// <summary>
    /// <see cref="Mask"/> over a whole chunk: clears bit i of <paramref name="bits"/> (ordinal blockLo + i) unless the
    /// ordinal's value is in the range. One tight loop with the range's vectors built once, skipping words already 0;
    /// a call of <see cref="Mask"/> per word cost about as much as the compares themselves.
    /// </summary>
    public void AndInto(Span<ulong> bits, int blockLo, int blockHi, in Range range)
    {
        var w = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var full = Math.Min(bits.Length, (blockHi - blockLo) >> 6);
            ref var codes = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Codes), blockLo);
            var first = Vector512.Create(range.First);
            var last = Vector512.Create(range.Last);
            var straddle1 = Vector512.Create(range.Straddle1);
            var straddle2 = Vector512.Create(range.Straddle2);
            var straddling = range.Straddling > 0;
            for (; w < full; w++)
            {
                var word = bits[w];
                if (word == 0) continue;
                var v = Vector512.LoadUnsafe(ref codes, (nuint)(w << 6));
                var pass = (Vector512.GreaterThanOrEqual(v, first) & Vector512.LessThanOrEqual(v, last)).ExtractMostSignificantBits() & word;
                if (straddling)
                {
                    var o = blockLo + (w << 6);
                    var straddle = (Vector512.Equals(v, straddle1) | Vector512.Equals(v, straddle2)).ExtractMostSignificantBits() & word;
                    for (; straddle != 0; straddle &= straddle - 1)
                    {
                        var k = BitOperations.TrailingZeroCount(straddle);
                        var value = _values[o + k];
                        if (value >= range.Min && value <= range.Max) pass |= 1UL << k;
                    }
                }
                bits[w] = pass;
            }
        }
        for (; w < bits.Length; w++)
        {
            var o = blockLo + (w << 6);
            if (bits[w] != 0 && o < blockHi) bits[w] = Mask(o, Math.Min(64, blockHi - o), range, bits[w]);
        }
    }

    /// <summary>
    /// Bit k set when ordinal o + k (k &lt; <paramref name="length"/> ≤ 64) is in <paramref name="within"/> and has a
    /// coded value v with min ≤ v ≤ max.
    /// </summary>
    /// <remarks>
    /// Straddling codes are decided by the exact value, a read of a large array that misses the cache more often than
    /// not: only for the profiles still in <paramref name="within"/> (those the filter's earlier parts kept).
    /// </remarks>
    public ulong Mask(int o, int length, in Range range, ulong within = ulong.MaxValue)
    {
        ulong pass = 0, straddle = 0;
        if (length == 64 && Vector512.IsHardwareAccelerated)
        {
            var v = Vector512.LoadUnsafe(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Codes), o));
            pass = (Vector512.GreaterThanOrEqual(v, Vector512.Create(range.First)) & Vector512.LessThanOrEqual(v, Vector512.Create(range.Last)))
                .ExtractMostSignificantBits();
            if (range.Straddling > 0)
                straddle = (Vector512.Equals(v, Vector512.Create(range.Straddle1)) | Vector512.Equals(v, Vector512.Create(range.Straddle2)))
                    .ExtractMostSignificantBits();
        }
        else
        {
            var codes = Codes.AsSpan(o, length);
            for (var k = 0; k < codes.Length; k++)
            {
                var c = codes[k];
                if (c >= range.First && c <= range.Last) pass |= 1UL << k;
                else if (range.Straddling > 0 && (c == range.Straddle1 || c == range.Straddle2)) straddle |= 1UL << k;
            }
        }
        pass &= within;
        for (straddle &= within; straddle != 0; straddle &= straddle - 1)
        {
            var k = BitOperations.TrailingZeroCount(straddle);
            var value = _values[o + k];
            if (value >= range.Min && value <= range.Max) pass |= 1UL << k;
        }
        return pass;
    }
}
