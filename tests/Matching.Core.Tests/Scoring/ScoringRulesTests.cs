using Matching.Core.Scoring;

namespace Matching.Core.Tests.Scoring;

public sealed class ScoringRulesTests
{
    [Fact]
    public void Fast_contribution_rounding_equals_decimal_rounding()
    {
        var random = new Random(2024);
        double[] weights = [0, 0.1, 0.2, 0.3, 1.0 / 3, 0.5, 0.7, 0.8, 1];
        for (var i = 0; i < 2_000_000; i++)
        {
            var weight = i % 2 == 0 ? weights[random.Next(weights.Length)] : random.NextDouble();
            var total = weight + random.Next(0, 30) * (i % 3 == 0 ? 1 : random.NextDouble());
            var level = ScoringRules.Quantize(i % 4 == 0 ? random.Next(0, 10_001) / 10_000.0 : random.NextDouble());
            var minLevel = ScoringRules.Quantize(i % 5 == 0 ? random.NextDouble() : random.Next(0, 21) / 20.0);
            var factor = ScoringRules.FactorOf((Relation)random.Next(4));
            var credit = ScoringRules.Credit(factor, level, minLevel);
            Assert.Equal(Exact(weight, credit, total), ScoringRules.ContributionUnits(weight, credit, total));
        }
    }

    [Theory]
    [InlineData(0.00005)]
    [InlineData(0.00015)]
    [InlineData(12.34565)]
    [InlineData(12.34575)]
    [InlineData(99.99995)]
    [InlineData(33.33335)]
    public void Halves_round_as_decimal_rounding_does(double points)
    {
        // x = 100·w·1/Σw with Σw = 100 and w = points: exactly the double nearest to a half of a ten-thousandth.
        for (var k = -3; k <= 3; k++)
        {
            var w = BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(points) + k);
            Assert.Equal(Exact(w, 1, 100), ScoringRules.ContributionUnits(w, 1, 100));
        }
    }

    [Fact]
    public void Contribution_has_four_decimals()
    {
        Assert.Equal("33.3333", ScoringRules.Contribution(1, 1, 3).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("100.0000", ScoringRules.Contribution(1, 1, 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0m, ScoringRules.Contribution(1, 1, 0));
    }

    [Theory]
    [InlineData(0.7, 0.7, 0.85)]
    [InlineData(0.35, 0.7, 0.425)]
    [InlineData(-1, 0.5, 0)]
    [InlineData(3, 0.5, 1)]
    public void Credit_uses_quantised_levels(double level, double minLevel, double expected)
    {
        Assert.Equal(expected, ScoringRules.Credit(1, ScoringRules.Quantize(level), ScoringRules.Quantize(minLevel)), 6);
    }

    [Fact]
    public void Credit_grows_with_the_level_without_jumps_and_is_full_only_at_level_one()
    {
        float[] minLevels = [0f, 0.1f, 0.25f, ScoringRules.Quantize(0.3), 0.5f, ScoringRules.Quantize(0.7), 0.75f, ScoringRules.Quantize(0.99), 1f];
        foreach (var factor in new[] { ScoringRules.ExactFactor, ScoringRules.ChildFactor, ScoringRules.ParentFactor, ScoringRules.RelatedFactor })
        foreach (var m in minLevels)
        {
            var previous = -1.0;
            for (var step = 0; step <= 100_000; step++)
            {
                var level = step / 100_000f;
                var credit = ScoringRules.Credit(factor, level, m);
                Assert.True(credit >= previous, $"credit falls at level {level} against {m}");
                if (m < 1f && step > 0) Assert.True(credit - previous < factor * 2e-4, $"credit jumps at level {level} against {m}");
                Assert.InRange(ScoringRules.MetCredit(factor, level, m), 0, credit);
                previous = credit;
            }
            Assert.Equal(factor, ScoringRules.Credit(factor, 1f, m)); // exactly: the index bounds pruning by it
            Assert.True(ScoringRules.Credit(factor, BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(1f) - 1), m) < factor);
            if (m is > 0f and < 1f)
            {
                Assert.Equal(factor * ScoringRules.MeetShare, ScoringRules.Credit(factor, m, m));
                var justBelow = BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(m) - 1);
                Assert.Equal(factor * ScoringRules.MeetShare, ScoringRules.Credit(factor, justBelow, m), 6);
            }
        }
    }

    [Fact]
    public void MinScore_compares_at_four_decimals()
    {
        Assert.True(ScoringRules.MeetsMinScore(50.0000m, 50));
        Assert.False(ScoringRules.MeetsMinScore(49.9999m, 49.99995));
        Assert.True(ScoringRules.MeetsMinScore(50.0000m, 49.99995));
        Assert.True(ScoringRules.MeetsMinScore(0m, null));
    }

    private static int Exact(double weight, double credit, double total) =>
        total > 0 ? ScoringRules.ExactContributionUnits(100.0 * weight * credit / total) : 0;
}
