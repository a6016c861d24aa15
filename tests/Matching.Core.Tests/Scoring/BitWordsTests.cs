using Matching.Core.Scoring.Index;

namespace Matching.Core.Tests.Scoring;

/// <summary><see cref="BitWords"/> must combine bitmaps exactly as word-by-word scalar operations do, vector part and tail alike.</summary>
public sealed class BitWordsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Combines_word_by_word_over_the_shorter_span(int which)
    {
        var op = (BitWords.Op)which;
        var random = new Random(which + 1);
        for (var round = 0; round < 200; round++)
        {
            var into = Enumerable.Range(0, random.Next(0, 40)).Select(_ => (ulong)random.NextInt64() ^ (ulong)random.Next() << 63).ToArray();
            var other = Enumerable.Range(0, random.Next(0, 40)).Select(_ => (ulong)random.NextInt64() ^ (ulong)random.Next() << 63).ToArray();
            var expected = into.Select((x, w) => w >= other.Length ? x : op switch
            {
                BitWords.Op.Or => x | other[w],
                BitWords.Op.And => x & other[w],
                _ => x & ~other[w],
            }).ToArray();
            BitWords.Apply(op, into, other);
            Assert.Equal(expected, into);
        }
    }
}
