using Matching.Core.Scoring.Index;

namespace Matching.Core.Tests.Scoring;

/// <summary>
/// <see cref="OrderedCodes"/> must select exactly the coded ordinals whose exact value is within a range, whatever the
/// values (repeated, −0 and 0, infinities, NaN), the number of codes (one code: everything straddles) and the range
/// (empty, inverted, open, NaN ends), 64 ordinals at a time (vectorised), fewer (the tail of a chunk) and a whole block
/// of words at once.
/// </summary>
public sealed class OrderedCodesTests
{
    [Theory]
    [InlineData(1, OrderedCodes.MaxCodes)]
    [InlineData(2, 7)]
    [InlineData(3, 1)]
    [InlineData(4, 2)]
    [InlineData(5, 40)]
    public void Masks_are_exactly_the_coded_values_in_range(int seed, int maxCodes)
    {
        var random = new Random(seed);
        for (var round = 0; round < 60; round++)
        {
            var n = random.Next(0, 400);
            var kind = random.Next(3);
            double[] few = [-3, -0.0, 0, 0.5, 1, 2, 2.5, 7, 1e9, double.PositiveInfinity, double.NegativeInfinity];
            double Value() => random.Next(10) == 0 ? double.NaN : kind switch
            {
                0 => few[random.Next(few.Length)],
                1 => Math.Round(random.NextDouble() * 50, 1),
                _ => (random.NextDouble() - 0.5) * 1e6,
            };
            var values = Enumerable.Range(0, n).Select(_ => Value()).ToArray();
            var excluded = random.Next(3) == 0 ? Enumerable.Range(0, n).Where(_ => random.Next(4) == 0).ToHashSet() : null;
            Func<int, bool>? coded = excluded is null ? null : o => !excluded.Contains(o);
            var codes = new OrderedCodes(values, coded, maxCodes);

            Assert.InRange(codes.CodeCount, 0, maxCodes);
            for (var o = 0; o < n; o++)
            {
                var isCoded = !double.IsNaN(values[o]) && excluded?.Contains(o) != true;
                Assert.Equal(isCoded, codes.Codes[o] != OrderedCodes.None);
            }
            // Order-preserving: a smaller value never has a larger code.
            var order = Enumerable.Range(0, n).Where(o => codes.Codes[o] != OrderedCodes.None).OrderBy(o => values[o]).ToArray();
            for (var k = 1; k < order.Length; k++) Assert.True(codes.Codes[order[k - 1]] <= codes.Codes[order[k]]);

            for (var q = 0; q < 25; q++)
            {
                double End() => random.Next(6) switch
                {
                    0 when n > 0 => values[random.Next(n)],
                    1 => double.NegativeInfinity,
                    2 => double.PositiveInfinity,
                    3 => random.Next(20) == 0 ? double.NaN : -0.0,
                    _ => Value(),
                };
                var (min, max) = (End(), End());
                if (random.Next(4) != 0 && min > max) (min, max) = (max, min);
                var range = codes.Select(min, max);
                for (var o = 0; o < n;)
                {
                    var length = Math.Min(n - o, random.Next(3) == 0 ? random.Next(1, 65) : 64);
                    ulong expected = 0;
                    for (var k = 0; k < length; k++)
                        if (codes.Codes[o + k] != OrderedCodes.None && values[o + k] >= min && values[o + k] <= max) expected |= 1UL << k;
                    Assert.Equal(expected, codes.Mask(o, length, range));
                    // Restricted to the profiles an earlier part of the filter kept: the same bits among those.
                    var within = (ulong)random.NextInt64() ^ (ulong)random.NextInt64() << 32;
                    Assert.Equal(expected & within, codes.Mask(o, length, range, within));
                    o += length;
                }

                // A whole block at once (from any start, the tail of the block shorter than 64): the same as word by word.
                var blockLo = n == 0 ? 0 : random.Next(n);
                var blockHi = random.Next(blockLo, n + 1);
                var bits = new ulong[(blockHi - blockLo + 63) >> 6];
                for (var w = 0; w < bits.Length; w++)
                    bits[w] = random.Next(4) == 0 ? 0 : (ulong)random.NextInt64() ^ (ulong)random.NextInt64() << 32;
                if (((blockHi - blockLo) & 63) != 0) bits[^1] &= (1UL << (blockHi - blockLo)) - 1;
                var wordByWord = bits.Select((word, w) =>
                    codes.Mask(blockLo + (w << 6), Math.Min(64, blockHi - blockLo - (w << 6)), range, word)).ToArray();
                codes.AndInto(bits, blockLo, blockHi, range);
                Assert.Equal(wordByWord, bits);
            }
        }
    }
}
