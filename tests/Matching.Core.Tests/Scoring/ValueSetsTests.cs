using Matching.Core.Scoring.Index;

namespace Matching.Core.Tests.Scoring;

/// <summary>
/// <see cref="ValueSets.CountIn"/> (facets' AND + popcount) must count exactly the members of a value in a chunk whose
/// bit is set, whether the chunk's container is a bitmap or an array of offsets (gathered eight at a time where the
/// hardware can, the rest one by one), whatever its length.
/// </summary>
public sealed class ValueSetsTests
{
    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 12)]
    [InlineData(3, 16)]
    public void CountIn_counts_the_members_whose_bit_is_set(int seed, int chunkBits)
    {
        var random = new Random(seed);
        var chunkSize = 1 << chunkBits;
        var profiles = chunkSize * 3 - random.Next(chunkSize / 2);
        // Values from empty to dense: lengths around the gather's width, and past the bitmap threshold.
        var members = new List<int>?[40];
        for (var v = 1; v < members.Length; v++)
        {
            var density = v < 20 ? v / (double)chunkSize : random.NextDouble() * (v < 30 ? 0.05 : 0.5);
            members[v] = Enumerable.Range(0, profiles).Where(_ => random.NextDouble() < density).ToList();
        }
        var sets = new ValueSets(chunkBits, profiles, members);
        for (var round = 0; round < 5; round++)
        {
            for (var chunk = 0; chunk < sets.Chunks; chunk++)
            {
                var lo = chunk * chunkSize;
                var bits = new ulong[chunkSize / 64];
                var fill = random.NextDouble();
                for (var w = 0; w < bits.Length; w++)
                    for (var b = 0; b < 64; b++)
                        if (random.NextDouble() < fill) bits[w] |= 1UL << b;
                for (var v = 0; v < members.Length; v++)
                {
                    var expected = members[v]?.Count(o => o >= lo && o < lo + chunkSize && (bits[(o - lo) >> 6] >> (o - lo) & 1) != 0) ?? 0;
                    Assert.Equal(expected, sets.CountIn(v, chunk, bits));
                }
            }
        }
    }
}
