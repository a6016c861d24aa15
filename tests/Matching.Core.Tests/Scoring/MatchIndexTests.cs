using Matching.Core.Profiles;
using Matching.Core.Scoring;
using static Matching.Core.Tests.Scoring.ScoringFixtures;

namespace Matching.Core.Tests.Scoring;

public sealed class MatchIndexTests
{
    private static readonly MatchOptions Top20 = new();

    [Fact]
    public void Required_skill_gates_ranking()
    {
        // "strong" scores higher overall but lacks the required pytorch: it ranks below the weaker candidate who has it.
        var index = Index(
            ("strong", Vector(("docker", 1), ("sql", 1), ("python", 1))),
            ("weak", Vector(("pytorch", 0.5))));

        var outcome = index.Match([Req("pytorch", required: true), Req("docker"), Req("sql"), Req("python")], Top20);

        Assert.Equal(["weak", "strong"], outcome.Hits.Select(h => h.ProfileId));
        Assert.True(outcome.Hits[1].Score > outcome.Hits[0].Score);
        Assert.Empty(outcome.Hits[0].MissingRequired);
        Assert.Equal(["pytorch"], outcome.Hits[1].MissingRequired);
    }

    [Fact]
    public void Strict_drops_candidates_missing_required()
    {
        var index = Index(
            ("has-it", Vector(("postgresql", 0.8))),
            ("too-weak", Vector(("postgresql", 0.3))),
            ("relative-only", Vector(("mysql", 1))));

        var outcome = index.Match([Req("postgresql", required: true, minLevel: 0.5)], new MatchOptions(Strict: true));

        Assert.Equal(["has-it"], outcome.Hits.Select(h => h.ProfileId));
        Assert.Equal(3, outcome.Considered);
    }

    [Fact]
    public void Child_skill_gets_partial_credit()
    {
        var index = Index(("dba", Vector(("postgresql", 1))), ("generalist", Vector(("sql", 1))));

        var hits = index.Match([Req("sql")], Top20).Hits;

        Assert.Equal([("generalist", 100.0000m), ("dba", 90.0000m)], hits.Select(h => (h.ProfileId, h.Score)));
    }

    [Fact]
    public void Parent_skill_gets_reduced_credit()
    {
        var index = Index(("generalist", Vector(("sql", 1))));

        Assert.Equal(40.0000m, Assert.Single(index.Match([Req("postgresql")], Top20).Hits).Score);
    }

    [Fact]
    public void Related_skill_gets_reduced_credit()
    {
        var index = Index(("pg", Vector(("postgresql", 1))), ("my", Vector(("mysql", 1))));

        var hits = index.Match([Req("mysql")], Top20).Hits;

        Assert.Equal([("my", 100.0000m), ("pg", 50.0000m)], hits.Select(h => (h.ProfileId, h.Score)));
    }

    [Fact]
    public void Best_option_counts_once_per_requirement()
    {
        // pytorch stated, plus tensorflow (related) and deep-learning stated (a parent): credit is the best one, not the sum.
        var index = Index(("p", Vector(("pytorch", 0.25), ("tensorflow", 1), ("deep-learning", 1))));

        var hit = Assert.Single(index.Match([Req("pytorch", minLevel: 1)], Top20).Hits);

        Assert.Equal(50.0000m, hit.Score);
    }

    [Fact]
    public void MinLevel_scales_credit()
    {
        var index = Index(("half", Vector(("docker", 0.4))), ("full", Vector(("docker", 0.8))));

        var hits = index.Match([Req("docker", minLevel: 0.8)], Top20).Hits;

        Assert.Equal([("full", 85.0000m), ("half", 42.5000m)], hits.Select(h => (h.ProfileId, h.Score)));
    }

    [Fact]
    public void Deeper_candidate_ranks_first_for_a_required_skill()
    {
        // Both meet the minimum of 0.5; under scorer-1 they tied at 100 and "a-shallow" came first by id.
        var index = Index(("a-shallow", Vector(("pytorch", 0.55))), ("b-deep", Vector(("pytorch", 0.95))));
        index.Upsert("a-pending", null, Vector(("pytorch", 0.75))); // and a pending write ranks by depth too

        var hits = index.Match([Req("pytorch", required: true)], new MatchOptions(Explain: true)).Hits;

        Assert.Equal([("b-deep", 98.5000m), ("a-pending", 92.5000m), ("a-shallow", 86.5000m)], hits.Select(h => (h.ProfileId, h.Score)));
        Assert.All(hits, h => Assert.Empty(h.MissingRequired));
        Assert.Equal([13.5000m, 7.5000m, 1.5000m], hits.Select(h => h.Explanation!.Breakdown[0].DepthContribution));
    }

    [Fact]
    public void Equal_vectors_tie_and_break_by_id_but_any_depth_breaks_the_tie()
    {
        var index = Index(("b", Vector(("docker", 0.7), ("sql", 0.6))), ("a", Vector(("docker", 0.7), ("sql", 0.6))),
            ("c", Vector(("docker", 0.7), ("sql", 0.65))));

        var hits = index.Match([Req("docker", required: true), Req("sql", 0.5)], Top20).Hits;

        Assert.Equal(["c", "a", "b"], hits.Select(h => h.ProfileId));
        Assert.Equal(hits[1].Score, hits[2].Score);
        Assert.True(hits[0].Score > hits[1].Score);
    }

    [Fact]
    public void Contributions_add_up_to_score()
    {
        var vector = Vector(("python", 0.6), ("postgresql", 0.45), ("pytorch", 0.7));
        var requirements = new[] { Req("python", 1, minLevel: 0.75), Req("sql", 0.3, minLevel: 0.6), Req("mysql", 0.7, minLevel: 0.9), Req("tensorflow", 0.55) };
        var index = Index(("p", vector));

        var hit = Assert.Single(index.Match(requirements, Top20).Hits);
        var explained = Scorer.Score(TestTaxonomy, vector, requirements);

        Assert.Equal(hit.Score, explained.Breakdown.Sum(b => b.Contribution));
        Assert.Equal(explained.Score.ToString(), hit.Score.ToString());
        // Each contribution splits into what meeting minLevel earned and what depth above it earned.
        var python = explained.Breakdown[0];
        Assert.Equal((0m, python.Contribution), (python.DepthContribution, python.Contribution - python.DepthContribution));
        var tensorflow = explained.Breakdown[3]; // pytorch at 0.7 against 0.5, related: 0.5 × (0.85 + 0.15 × 0.4)
        Assert.Equal((0.455, 0.03), (Math.Round(tensorflow.Credit, 6), Math.Round(tensorflow.DepthCredit, 6)));
        Assert.Equal(ScoringRules.Contribution(0.55, ScoringRules.RelatedFactor * ScoringRules.MeetShare, ScoringRules.TotalWeight(requirements)), tensorflow.Contribution - tensorflow.DepthContribution);
    }

    [Fact]
    public void Ties_break_by_profile_id()
    {
        // Ordinal order: "B" < "a10" < "a9" < "b".
        var index = Index(("b", Vector(("docker", 1))), ("a9", Vector(("docker", 1))), ("B", Vector(("docker", 1))), ("a10", Vector(("docker", 1))));
        index.Upsert("a0", null, Vector(("docker", 1))); // a pending write ties with the bulk-loaded ones too

        var hits = index.Match([Req("docker")], Top20).Hits;

        Assert.Equal(["B", "a0", "a10", "a9", "b"], hits.Select(h => h.ProfileId));
        Assert.Equal([1, 2, 3, 4, 5], hits.Select(h => h.Rank));
    }

    [Fact]
    public void TopK_keeps_the_best_in_order()
    {
        var index = Index(Enumerable.Range(0, 50).Select(i => ($"p{i:D2}", Vector(("docker", i / 50.0)))).ToArray());

        var hits = index.Match([Req("docker", minLevel: 1)], new MatchOptions(TopK: 3)).Hits;

        Assert.Equal(["p49", "p48", "p47"], hits.Select(h => h.ProfileId));
        Assert.Equal(98.0000m, hits[0].Score);
    }

    [Fact]
    public void MinScore_drops_lower_scores()
    {
        var index = Index(("a", Vector(("docker", 0.5))), ("b", Vector(("docker", 0.25))));

        var hits = index.Match([Req("docker", minLevel: 1)], new MatchOptions(MinScore: 50)).Hits;

        Assert.Equal(["a"], hits.Select(h => h.ProfileId));
    }

    [Fact]
    public void Profiles_matching_nothing_are_not_results()
    {
        var index = Index(("docker-only", Vector(("docker", 1))), ("py", Vector(("python", 1))));

        var outcome = index.Match([Req("python")], Top20);

        Assert.Equal(["py"], outcome.Hits.Select(h => h.ProfileId));
        Assert.Equal(2, outcome.Considered);
    }

    [Fact]
    public void Zero_score_matches_are_results()
    {
        var index = Index(("a", Vector(("docker", 1))));

        var hit = Assert.Single(index.Match([Req("docker", weight: 0)], Top20).Hits);

        Assert.Equal(0m, hit.Score);
    }

    [Fact]
    public void Upsert_replaces_the_previous_version()
    {
        var index = Index(("a", Vector(("docker", 1))), ("b", Vector(("docker", 0.5))));

        index.Upsert("a", "new-ext", Vector(("python", 1)));

        var hits = index.Match([Req("docker", minLevel: 1)], Top20).Hits;
        Assert.Equal(["b"], hits.Select(h => h.ProfileId));
        var py = Assert.Single(index.Match([Req("python")], Top20).Hits);
        Assert.Equal(("a", "new-ext"), (py.ProfileId, py.ExternalId));
        Assert.Equal(2, index.Count);
    }

    [Fact]
    public void Removed_profiles_are_not_matched()
    {
        var index = Index(("a", Vector(("docker", 1))), ("b", Vector(("docker", 0.5))));
        index.Upsert("c", null, Vector(("docker", 0.7)));

        Assert.True(index.Remove("a"));
        Assert.True(index.Remove("c"));
        Assert.False(index.Remove("a"));

        var outcome = index.Match([Req("docker")], Top20);
        Assert.Equal(["b"], outcome.Hits.Select(h => h.ProfileId));
        Assert.Equal(1, outcome.Considered);
    }

    [Fact]
    public void Compaction_keeps_every_answer()
    {
        var index = Index(("a", Vector(("docker", 1))), ("b", Vector(("sql", 0.5))), ("c", Vector(("mysql", 0.9))));
        index.Upsert("d", "x", Vector(("postgresql", 0.75)));
        index.Upsert("b", null, Vector(("postgresql", 0.6), ("docker", 0.2)));
        index.Remove("a");
        var requirements = new[] { Req("sql", required: true), Req("docker") };
        var before = index.Match(requirements, Top20);

        index.Compact();

        var after = index.Match(requirements, Top20);
        Assert.Equal(Describe(before), Describe(after));
        Assert.Equal(0, index.Stats.Pending);
        Assert.Equal(0, index.Stats.Dead);
        Assert.Equal(3, index.Count);
    }

    [Fact]
    public async Task Writes_are_visible_to_the_next_query_and_queries_never_see_half_a_write()
    {
        var index = Index(("seed", Vector(("docker", 1))));
        index.Upsert("flip", null, Vector(("docker", 1)));
        using var stop = new CancellationTokenSource();
        var failures = 0;
        var readers = Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                // "flip" always has exactly one of docker/python: never both, never neither.
                var hits = index.Match([Req("docker"), Req("python")], Top20).Hits.Where(h => h.ProfileId == "flip").ToList();
                if (hits.Count != 1 || hits[0].Score != 50.0000m) Interlocked.Increment(ref failures);
            }
        })).ToArray();

        for (var i = 0; i < 2000; i++)
        {
            index.Upsert("flip", null, Vector((i % 2 == 0 ? "python" : "docker", 1)));
            if (i % 500 == 0) index.Compact();
        }
        stop.Cancel();
        await Task.WhenAll(readers);

        Assert.Equal(0, failures);
        Assert.Equal(2, index.Count);
    }

    [Fact]
    public async Task Background_compaction_keeps_every_answer_exact()
    {
        // Enough writes to trigger automatic compaction (16,384 pending), with queries running meanwhile.
        var index = new MatchIndex(TestTaxonomy, new MatchIndexOptions(AutoCompact: true));
        var random = new Random(3);
        var skills = TestTaxonomy.Skills.Select(s => s.Id).ToArray();
        var live = new Dictionary<string, IReadOnlyList<ProfileSkill>>(StringComparer.Ordinal);
        var requirements = new[] { Req("sql", required: true), Req("pytorch", 0.5), Req("docker", 0.3, minLevel: 0.75) };
        using var stop = new CancellationTokenSource();
        var reader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested) index.Match(requirements, new MatchOptions(TopK: 5));
        });
        for (var i = 0; i < 40_000; i++)
        {
            var id = $"p{random.Next(25_000)}";
            if (random.Next(10) == 0 && live.Remove(id))
            {
                index.Remove(id);
                continue;
            }
            var vector = Vector(Enumerable.Range(0, random.Next(1, 4)).Select(_ => (skills[random.Next(skills.Length)], random.Next(1, 5) / 4.0)).ToArray());
            index.Upsert(id, null, vector);
            live[id] = vector;
        }
        stop.Cancel();
        await reader;
        for (var wait = 0; wait < 200 && index.Stats.Pending > 16_384; wait++) await Task.Delay(50);

        Assert.True(index.Stats.Pending <= 16_384, "a background compaction should have folded the writes in");
        Assert.Equal(live.Count, index.Count);
        foreach (var options in new[] { new MatchOptions(TopK: 50), new MatchOptions(TopK: 10, Strict: true), new MatchOptions(TopK: 1000, MinScore: 60) })
        {
            var expected = RankOneByOne(TestTaxonomy, live.Select(p => (p.Key, (string?)null, p.Value)), requirements, options);
            Assert.Equal(expected, index.Match(requirements, options).Hits, HitComparer.Instance);
        }
    }

    [Fact]
    public void Bulk_load_keeps_the_last_version_of_a_repeated_id()
    {
        var builder = new MatchIndexBuilder(TestTaxonomy);
        builder.Add("z", null, Vector(("docker", 1)));
        builder.Add("a", "old", Vector(("docker", 1)));
        builder.Add("a", "new", Vector(("python", 1)));
        var index = new MatchIndex(TestTaxonomy);
        index.Load(builder);

        Assert.Equal(2, index.Count);
        Assert.Equal(["z"], index.Match([Req("docker")], Top20).Hits.Select(h => h.ProfileId));
        Assert.Equal("new", Assert.Single(index.Match([Req("python")], Top20).Hits).ExternalId);
    }

    [Fact]
    public void Bulk_load_from_stored_rows_equals_load_from_profiles()
    {
        var vector = Vector(("pytorch", 0.8), ("postgresql", 0.45));
        var fromRows = new MatchIndex(TestTaxonomy);
        var builder = new MatchIndexBuilder(TestTaxonomy);
        builder.Add("p", null, vector.Select(s => new IndexedSkill(s.SkillId, s.Level, s.Source)).ToArray().AsSpan());
        fromRows.Load(builder);
        var fromProfiles = Index(("p", vector));
        var requirements = new[] { Req("sql", 0.5), Req("deep-learning"), Req("mysql", 0.2, true) };

        Assert.Equal(fromProfiles.Match(requirements, Top20).Hits.Single().Score, fromRows.Match(requirements, Top20).Hits.Single().Score);
    }

    [Fact]
    public void Empty_index_and_empty_requirements_return_nothing()
    {
        Assert.Empty(new MatchIndex(TestTaxonomy).Match([Req("docker")], Top20).Hits);
        var outcome = Index(("a", Vector(("docker", 1)))).Match([], Top20);
        Assert.Empty(outcome.Hits);
        Assert.Equal(1, outcome.Considered);
    }

    private sealed class HitComparer : IEqualityComparer<MatchHit>
    {
        public static readonly HitComparer Instance = new();

        public bool Equals(MatchHit? x, MatchHit? y) =>
            x is not null && y is not null && x.Rank == y.Rank && x.ProfileId == y.ProfileId && x.ExternalId == y.ExternalId
            && x.Score == y.Score && x.MissingRequired.SequenceEqual(y.MissingRequired);

        public int GetHashCode(MatchHit obj) => obj.ProfileId.GetHashCode(StringComparison.Ordinal);
    }

    private static string[] Describe(MatchOutcome outcome) =>
        outcome.Hits.Select(h => $"{h.Rank} {h.ProfileId} {h.ExternalId} {h.Score} [{string.Join(",", h.MissingRequired)}]").Prepend($"considered {outcome.Considered}").ToArray();
}
