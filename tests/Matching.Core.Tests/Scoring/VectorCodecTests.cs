using Matching.Core.Profiles;
using Matching.Core.Scoring;
using Matching.Core.Scoring.Index;
using Matching.Core.Taxonomy;

namespace Matching.Core.Tests.Scoring;

/// <summary>The index keeps each profile's vector as bytes for explanations; what it gives back must be what was stored.</summary>
public sealed class VectorCodecTests
{
    private static readonly SkillTaxonomy Taxonomy = ScoringFixtures.Build(
        Enumerable.Range(0, 20_000).Select(i => ($"s{i}", Array.Empty<string>(), Array.Empty<string>())).ToArray());

    [Theory]
    [InlineData(0.7)]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(0.0001)]
    [InlineData(0.8125)]
    [InlineData(0.01)]
    [InlineData(0.99)]
    [InlineData(0.9999)]
    [InlineData(0.123456789)]
    [InlineData(1.0 / 3)]
    [InlineData(-0.5)]
    [InlineData(1.7)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(0.30000000000000004)]
    public void Levels_come_back_bit_for_bit(double level)
    {
        var decoded = RoundTrip([new VectorEntry(5, level, SkillSource.Mentioned, -1)]);

        var skill = Assert.Single(decoded);
        Assert.Equal(BitConverter.DoubleToInt64Bits(level), BitConverter.DoubleToInt64Bits(skill.Level));
    }

    [Fact]
    public void Negative_zero_stays_negative_zero()
    {
        var skill = Assert.Single(RoundTrip([new VectorEntry(5, -0.0, SkillSource.Mentioned, -1)]));
        Assert.True(double.IsNegative(skill.Level) && skill.Level == 0);
    }

    [Fact]
    public void Sources_vias_and_far_apart_ordinals_come_back()
    {
        VectorEntry[] entries =
        [
            new(0, 0.5, SkillSource.Mentioned, -1),
            new(1, 0.25, SkillSource.Manual, -1),
            new(130, 0.9, SkillSource.Inferred, 19_999),
            new(17_000, 0.4, SkillSource.Inferred, -1),
            new(19_999, 0.9, SkillSource.Mentioned, -1),
        ];

        var decoded = RoundTrip(entries);

        Assert.Equal(
            ["s0 0.5 Mentioned -", "s1 0.25 Manual -", "s130 0.9 Inferred s19999", "s17000 0.4 Inferred -", "s19999 0.9 Mentioned -"],
            decoded.Select(s => $"{s.SkillId} {s.Level} {s.Source} {s.Via ?? "-"}"));
        Assert.All(decoded, s => Assert.Empty(s.Evidence));
    }

    [Fact]
    public void An_empty_vector_is_empty()
    {
        Assert.Empty(RoundTrip([]));
    }

    [Fact]
    public void A_typical_vector_takes_a_few_bytes_per_skill()
    {
        var random = new Random(3);
        var ordinals = Enumerable.Range(0, 400).OrderBy(_ => random.Next()).Take(35).Order().ToArray();
        var entries = ordinals.Select((o, i) => new VectorEntry(o, new[] { 0.3, 0.5, 0.7, 0.9 }[i % 4],
            i % 3 == 0 ? SkillSource.Inferred : SkillSource.Mentioned, i % 3 == 0 ? ordinals[^1] : -1)).ToArray();
        var bytes = new Growable<byte>();

        VectorCodec.Encode(entries, bytes);

        Assert.InRange(bytes.Count, 35 * 2, 35 * 4);
    }

    private static List<ProfileSkill> RoundTrip(VectorEntry[] entries)
    {
        var bytes = new Growable<byte>();
        VectorCodec.Encode(entries, bytes);
        var decoded = new Dictionary<int, ScoredSkill>();
        VectorCodec.DecodeInto(bytes.AsSpan(), Taxonomy, null, decoded);
        return decoded.OrderBy(e => e.Key).Select(e => new ProfileSkill(e.Value.SkillId, e.Value.Level, e.Value.Source, e.Value.Evidence, null, e.Value.Via)).ToList();
    }
}
