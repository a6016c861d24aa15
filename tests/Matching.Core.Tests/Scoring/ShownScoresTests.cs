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

    [Theory]
    [InlineData(96.67, 96.665)]
    [InlineData(100, 99.995)]
    [InlineData(0, -0.005)]
    [InlineData(50.001, 50.005)]
    public void Min_score_filters_by_the_shown_score(double minShown, double lowestExact) =>
        Assert.Equal(lowestExact, ShownScores.LowestExactFor(minShown), 10);
}
