using Matching.Core.Jobs;
using Matching.Core.Profiles;
using Matching.Core.Scoring;
using static Matching.Core.Tests.Scoring.ScoringFixtures;

namespace Matching.Core.Tests.Scoring;

public sealed class ScorerTests
{
    [Fact]
    public void Exact_skill_above_min_level_earns_the_meeting_share_plus_depth_with_its_evidence()
    {
        // 0.75 against 0.5 goes half way from the minimum to 1: 0.85 + 0.15 × 0.5.
        var score = Scorer.Score(TestTaxonomy, Vector(("python", 0.75)), [Req("python", minLevel: 0.5)]);

        var b = Assert.Single(score.Breakdown);
        Assert.Equal(("python", Relation.Exact, 0.75, 0.925), (b.MatchedSkill, b.Relation, b.Level, b.Credit));
        Assert.Equal(0.075, b.DepthCredit, 12);
        Assert.Equal((92.5000m, 7.5000m), (b.Contribution, b.DepthContribution));
        Assert.Equal("I use python", Assert.Single(b.Evidence).Quote);
        Assert.Equal(92.5000m, score.Score);
        Assert.Empty(score.MissingRequired);
    }

    [Fact]
    public void Only_a_full_level_earns_full_credit()
    {
        var score = Scorer.Score(TestTaxonomy, Vector(("python", 1.0)), [Req("python", minLevel: 0.5)]);

        Assert.Equal((1.0, 100.0000m, 15.0000m), (score.Breakdown[0].Credit, score.Score, score.Breakdown[0].DepthContribution));
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.7)]
    [InlineData(0.3)]
    [InlineData(0.625)]
    public void A_level_exactly_at_min_level_earns_the_meeting_share_and_no_depth(double minLevel)
    {
        var score = Scorer.Score(TestTaxonomy, Vector(("docker", minLevel)), [Req("docker", required: true, minLevel: minLevel)]);

        var b = Assert.Single(score.Breakdown);
        Assert.Equal(ScoringRules.MeetShare, b.Credit);
        Assert.Equal((0.0, 85.0000m, 0m), (b.DepthCredit, b.Contribution, b.DepthContribution));
        Assert.Empty(score.MissingRequired);
    }

    [Fact]
    public void Deeper_level_in_a_required_skill_scores_higher()
    {
        // Both meet the minimum; the deeper one is credited for how far beyond it they go.
        Requirement[] job = [Req("python", required: true, minLevel: 0.5)];
        var deep = Scorer.Score(TestTaxonomy, Vector(("python", 0.95)), job);
        var shallow = Scorer.Score(TestTaxonomy, Vector(("python", 0.55)), job);

        Assert.Equal((98.5000m, 86.5000m), (deep.Score, shallow.Score));
        Assert.Equal((13.5000m, 1.5000m), (deep.Breakdown[0].DepthContribution, shallow.Breakdown[0].DepthContribution));
        Assert.Empty(deep.MissingRequired);
        Assert.Empty(shallow.MissingRequired);
    }

    [Fact]
    public void Below_min_level_credit_keeps_its_order_and_has_no_depth()
    {
        // Below the minimum credit is still proportional to the level (scorer-1's L/m), scaled by the meeting share.
        Requirement[] job = [Req("docker", minLevel: 0.8)];
        var scores = new[] { 0.1, 0.2, 0.4, 0.6, 0.79 }.Select(l => Scorer.Score(TestTaxonomy, Vector(("docker", l)), job).Breakdown[0]).ToList();

        Assert.Equal(scores.OrderBy(b => b.Level), scores.OrderBy(b => b.Credit));
        Assert.All(scores, b => Assert.Equal(ScoringRules.MeetShare * b.Level / 0.8, b.Credit, 6));
        Assert.All(scores, b => Assert.Equal((0.0, 0m), (b.DepthCredit, b.DepthContribution)));
        Assert.True(scores[^1].Credit < ScoringRules.MeetShare);
    }

    [Fact]
    public void Child_skill_gets_partial_credit()
    {
        // sql is inferred from postgresql: the requirement is met through the child, with the child's evidence.
        var score = Scorer.Score(TestTaxonomy, Vector(("postgresql", 0.8)), [Req("sql", required: true)]);

        var b = Assert.Single(score.Breakdown);
        Assert.Equal(("postgresql", Relation.Child, 0.8), (b.MatchedSkill, b.Relation, b.Level));
        Assert.Equal(0.9 * (0.85 + 0.15 * 0.3 / 0.5), b.Credit, 6); // 0.8 against 0.5, times the child factor
        Assert.Equal("I use postgresql", Assert.Single(b.Evidence).Quote);
        Assert.Equal(84.6000m, score.Score);
        Assert.Empty(score.MissingRequired); // a child at minLevel satisfies a required skill
    }

    [Fact]
    public void Parent_skill_gets_reduced_credit_and_does_not_satisfy_a_required_one()
    {
        var score = Scorer.Score(TestTaxonomy, Vector(("sql", 1.0)), [Req("postgresql", required: true)]);

        var b = Assert.Single(score.Breakdown);
        Assert.Equal(("sql", Relation.Parent), (b.MatchedSkill, b.Relation));
        Assert.Equal(0.4, b.Credit, 12);
        Assert.Equal(40.0000m, score.Score);
        Assert.Equal(["postgresql"], score.MissingRequired);
    }

    [Fact]
    public void A_broader_skill_further_up_than_the_parent_earns_nothing()
    {
        // machine-learning is pytorch's grandparent: stating it says too little about PyTorch to earn credit.
        var score = Scorer.Score(TestTaxonomy, Vector(("machine-learning", 1.0)), [Req("pytorch")]);

        var b = Assert.Single(score.Breakdown);
        Assert.Equal((null, Relation.None, 0.0), (b.MatchedSkill, b.Relation, b.Credit));
        Assert.Equal(0m, score.Score);
    }

    [Fact]
    public void Related_skill_gets_reduced_credit()
    {
        var score = Scorer.Score(TestTaxonomy, Vector(("postgresql", 1.0)), [Req("mysql", required: true)]);

        var b = Assert.Single(score.Breakdown);
        Assert.Equal(("postgresql", Relation.Related), (b.MatchedSkill, b.Relation));
        Assert.Equal(0.5, b.Credit, 12);
        Assert.Equal(50.0000m, score.Score);
        Assert.Equal(["mysql"], score.MissingRequired);
    }

    [Fact]
    public void Inferred_skills_give_no_parent_or_related_credit()
    {
        // pytorch implies python and deep-learning (inferred); neither is a stated ancestor of pandas or tensorflow's relative.
        var score = Scorer.Score(TestTaxonomy, Vector(("pytorch", 1.0)), [Req("pandas"), Req("sql")]);

        Assert.All(score.Breakdown, b => Assert.Equal(Relation.None, b.Relation));
        Assert.Equal(0m, score.Score);
        Assert.False(score.MatchedAnything);
    }

    [Theory]
    [InlineData(0.4, 0.8, 0.425)]   // half way to the minimum: half the meeting share
    [InlineData(0.8, 0.4, 0.95)]    // 0.85 + 0.15 × 0.4/0.6
    [InlineData(0.25, 1.0, 0.25)]   // minLevel 1 leaves no depth: credit is the level
    [InlineData(1.0, 1.0, 1.0)]
    [InlineData(0.9, 0.0, 0.985)]   // minLevel 0: 0.85 + 0.15 × level
    [InlineData(0.1, 0.0, 0.865)]
    public void MinLevel_scales_credit_below_it_and_depth_adds_above_it(double level, double minLevel, double expectedCredit)
    {
        var score = Scorer.Score(TestTaxonomy, Vector(("docker", level)), [Req("docker", minLevel: minLevel)]);

        Assert.Equal(expectedCredit, Assert.Single(score.Breakdown).Credit, 6);
    }

    [Fact]
    public void A_level_meets_an_equal_min_level_even_when_it_is_not_a_float()
    {
        var score = Scorer.Score(TestTaxonomy, Vector(("docker", 0.7)), [Req("docker", required: true, minLevel: 0.7)]);

        Assert.Empty(score.MissingRequired);
        Assert.Equal(ScoringRules.MeetShare, score.Breakdown[0].Credit);
    }

    [Fact]
    public void Required_skill_below_min_level_is_missing()
    {
        var score = Scorer.Score(TestTaxonomy, Vector(("docker", 0.25)), [Req("docker", required: true, minLevel: 0.75)]);

        Assert.Equal(["docker"], score.MissingRequired);
        Assert.Equal(28.3333m, score.Score); // 0.85 × 0.25/0.75
    }

    [Fact]
    public void Best_option_wins_even_over_the_exact_skill()
    {
        // postgresql at 0.25 against minLevel 1 earns 0.25; the related mysql at 1.0 earns 0.5.
        var score = Scorer.Score(TestTaxonomy, Vector(("postgresql", 0.25), ("mysql", 1.0)), [Req("postgresql", required: true, minLevel: 1)]);

        var b = Assert.Single(score.Breakdown);
        Assert.Equal(("mysql", Relation.Related, 0.5), (b.MatchedSkill, b.Relation, b.Credit));
        Assert.Equal(["postgresql"], score.MissingRequired); // credit from a relative never satisfies
    }

    [Fact]
    public void Equal_credit_prefers_the_closer_relation()
    {
        // Against minLevel 1, parent a at 0.9375 earns 0.4 × 0.9375 and related c at 0.75 earns 0.5 × 0.75: the same double.
        var taxonomy = Build(("a", [], []), ("b", ["a"], ["c", "d"]), ("c", [], []), ("d", [], []));
        var score = Scorer.Score(taxonomy, Vector(taxonomy, ("c", 0.75), ("a", 0.9375)), [Req("b", minLevel: 1)]);

        var b = Assert.Single(score.Breakdown);
        Assert.Equal(ScoringRules.Credit(ScoringRules.RelatedFactor, 0.75f, 1f), b.Credit);
        Assert.Equal(("a", Relation.Parent, 0.375), (b.MatchedSkill, b.Relation, b.Credit));
    }

    [Fact]
    public void Equal_credit_and_relation_prefer_the_smaller_skill_id()
    {
        var taxonomy = Build(("a", [], []), ("b", ["a"], ["c", "d"]), ("c", [], []), ("d", [], []));
        var score = Scorer.Score(taxonomy, Vector(taxonomy, ("d", 1), ("c", 1)), [Req("b")]);

        Assert.Equal(("c", Relation.Related), (score.Breakdown[0].MatchedSkill, score.Breakdown[0].Relation));
    }

    [Fact]
    public void Contributions_add_up_to_score()
    {
        var requirements = new[]
        {
            Req("python", 1, minLevel: 0.75), Req("sql", 0.3, minLevel: 0.6), Req("mysql", 0.7, minLevel: 0.9),
            Req("tensorflow", 0.55, minLevel: 0.35), Req("docker", 0.1),
        };
        var score = Scorer.Score(TestTaxonomy, Vector(("python", 0.6), ("postgresql", 0.45), ("pytorch", 0.7)), requirements);

        Assert.Equal(score.Score, score.Breakdown.Sum(b => b.Contribution));
        Assert.All(score.Breakdown, b => Assert.Equal(4, b.Contribution.Scale));
        Assert.All(score.Breakdown, b => Assert.InRange(b.DepthContribution, 0m, b.Contribution));
        Assert.Equal(4, score.Score.Scale);
        Assert.Equal(5, score.Breakdown.Count);
        Assert.Equal(Relation.None, score.Breakdown[4].Relation);
        Assert.Equal(0m, score.Breakdown[4].Contribution);
    }

    [Fact]
    public void Thirds_round_per_contribution()
    {
        var score = Scorer.Score(TestTaxonomy, Vector(("python", 1), ("sql", 1), ("docker", 1)), [Req("python"), Req("sql"), Req("docker")]);

        Assert.All(score.Breakdown, b => Assert.Equal(33.3333m, b.Contribution));
        Assert.Equal(99.9999m, score.Score);
    }

    [Fact]
    public void Zero_total_weight_scores_zero_but_still_explains()
    {
        var score = Scorer.Score(TestTaxonomy, Vector(("python", 1)), [Req("python", weight: 0, required: true)]);

        Assert.Equal(0m, score.Score);
        Assert.Equal(Relation.Exact, score.Breakdown[0].Relation);
        Assert.True(score.MatchedAnything);
        Assert.Empty(score.MissingRequired);
    }

    [Fact]
    public void Unknown_requirement_skill_matches_nothing_and_is_missing_when_required()
    {
        var score = Scorer.Score(TestTaxonomy, Vector(("python", 1)), [Req("cobol", required: true), Req("python")]);

        Assert.Equal((Relation.None, (string?)null, 0.0), (score.Breakdown[0].Relation, score.Breakdown[0].MatchedSkill, score.Breakdown[0].Level));
        Assert.Equal(["cobol"], score.MissingRequired);
        Assert.Equal(50.0000m, score.Score);
    }

    [Fact]
    public void Manual_skill_counts_as_stated()
    {
        var vector = SkillVector.Compose(TestTaxonomy, [], [new SkillOverride("sql", 0.9, false)]);
        var score = Scorer.Score(TestTaxonomy, vector, [Req("mysql")]);

        Assert.Equal(("sql", Relation.Parent), (score.Breakdown[0].MatchedSkill, score.Breakdown[0].Relation));
    }

    [Fact]
    public void Out_of_range_requirement_values_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Scorer.Score(TestTaxonomy, [], [Req("python", weight: -1)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Scorer.Score(TestTaxonomy, [], [Req("python", minLevel: double.NaN)]));
        Assert.Throws<ArgumentException>(() => Scorer.Score(TestTaxonomy, [], Enumerable.Repeat(Req("python"), 101).ToList()));
    }
}
