using Matching.Core.Scoring;

namespace Matching.Core.Tests.Scoring;

/// <summary>Shown scores are the exact ones rounded to two decimals, and shown contributions still add up to them.</summary>
public sealed class ShownScoresTests
{
    private static ProfileScore Score(params decimal[] contributions) =>
        new(contributions.Sum(), [], contributions.Select((c, i) =>
            new RequirementScore($"r{i}", null, Relation.Exact, 1, 1, 0, c, 0m, [])).ToList());

    [Theory]
    [InlineData(96.6666, 96.67)]
    [InlineData(96.6650, 96.67)]
    [InlineData(96.6649, 96.66)]
    [InlineData(100.0000, 100.00)]
    [InlineData(0.0049, 0.00)]
    public void Scores_are_rounded_half_away_from_zero_not_cut(double exact, double shown)
    {
        var rounded = ShownScores.Round((decimal)exact);
        Assert.Equal((decimal)shown, rounded);
        Assert.Equal(2, rounded.Scale);
    }

    [Fact]
    public void The_missing_hundredth_goes_to_the_largest_remainder()
    {
        var shown = ShownScores.Of(Score(33.3333m, 33.3333m, 0m));
        Assert.Equal(66.67m, shown.Score);
        Assert.Equal([33.34m, 33.33m, 0.00m], shown.Contributions);

        var uneven = ShownScores.Of(Score(10.1249m, 20.1280m, 30.0051m));
        Assert.Equal(60.26m, uneven.Score);
        Assert.Equal([10.12m, 20.13m, 30.01m], uneven.Contributions);
    }

    [Fact]
    public void Over_random_breakdowns_contributions_add_up_to_the_shown_score_and_stay_within_a_hundredth()
    {
        var random = new Random(20261206);
        for (var run = 0; run < 20_000; run++)
        {
            var n = random.Next(1, 12);
            var units = new long[n];
            var budget = 1_000_000L;
            for (var i = 0; i < n && budget > 0; i++)
            {
                units[i] = random.Next(4) == 0 ? 0 : random.NextInt64(0, budget + 1);
                budget -= units[i];
            }
            var contributions = units.Select(u => u / 10_000m).ToArray();
            var score = Score(contributions);
            var shown = ShownScores.Of(score);

            Assert.Equal(ShownScores.Round(score.Score), shown.Score);
            Assert.Equal(shown.Score, shown.Contributions.Sum());
            for (var i = 0; i < n; i++)
            {
                Assert.True(Math.Abs(shown.Contributions[i] - contributions[i]) < 0.01m, $"{contributions[i]} shown as {shown.Contributions[i]}");
                Assert.True(shown.DepthContributions[i] >= 0 && shown.DepthContributions[i] <= shown.Contributions[i]);
            }
        }
    }

    [Fact]
    public void Contributions_of_any_scale_are_shown_as_decimal_arithmetic_rounds_them()
    {
        // The reference: contributions to units and depths to cents by decimal rounding, half away from zero.
        static long Units(decimal d) => (long)Math.Round(d * 10_000m, 0, MidpointRounding.AwayFromZero);
        static decimal Cents(decimal d) => Math.Round(d, 2, MidpointRounding.AwayFromZero);
        var random = new Random(20261207);
        for (var run = 0; run < 20_000; run++)
        {
            var n = random.Next(1, 10);
            var breakdown = Enumerable.Range(0, n).Select(i =>
            {
                var scale = random.Next(0, 7);
                var contribution = Math.Round((decimal)(random.NextDouble() * 30), scale);
                var depth = random.Next(5) switch
                {
                    0 => 0m,
                    1 => -Math.Round((decimal)random.NextDouble(), random.Next(0, 7)),
                    2 => contribution + 0.005m,
                    _ => Math.Round(contribution * (decimal)random.NextDouble(), random.Next(0, 7)),
                };
                return new RequirementScore($"r{i}", null, Relation.Exact, 1, 1, 0, contribution, depth, []);
            }).ToList();
            var shown = ShownScores.Of(new ProfileScore(breakdown.Sum(b => b.Contribution), [], breakdown));

            var total = breakdown.Sum(b => Units(b.Contribution));
            Assert.Equal(Math.Round(total / 10_000m, 2, MidpointRounding.AwayFromZero), shown.Score);
            for (var i = 0; i < n; i++)
            {
                Assert.True(Math.Abs(shown.Contributions[i] * 10_000m - Units(breakdown[i].Contribution)) < 100m);
                var depth = Cents(breakdown[i].DepthContribution);
                var expected = depth > shown.Contributions[i] ? shown.Contributions[i] : depth < 0 ? 0.00m : depth;
                Assert.Equal(expected, shown.DepthContributions[i]);
                Assert.Equal(2, shown.DepthContributions[i].Scale);
            }
        }
    }

    [Theory]
    [InlineData(96.67, 96.665)]
    [InlineData(100, 99.995)]
    [InlineData(0, -0.005)]
    [InlineData(50.001, 50.005)]
    public void Min_score_filters_by_the_shown_score(double minShown, double lowestExact) =>
        Assert.Equal(lowestExact, ShownScores.LowestExactFor(minShown), 10);
}
