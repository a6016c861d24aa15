using Matching.Core.Jobs;
using Matching.Core.Profiles;
using Matching.Core.Scoring;
using Matching.Core.Scoring.Index;
using Matching.Core.Taxonomy;
using Xunit.Abstractions;

namespace Matching.Core.Tests.Scoring;

/// <summary>
/// The index must return exactly what scoring every profile one by one with <see cref="Scorer"/> and ranking returns:
/// same ids, order, scores (to the decimal scale), external ids and missing required skills — over random taxonomies,
/// profiles, jobs and options, through bulk loads, upserts, removals and compactions.
/// </summary>
public sealed class MatchIndexPropertyTests(ITestOutputHelper output)
{
    // Levels on both sides of every minimum, at it, and just below 1 (depth above the minimum earns credit up to level 1).
    private static readonly double[] Levels = [0, 0.1, 0.25, 0.3, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.99, 1.0];
    private static readonly double[] MinLevels = [0, 0.25, 0.3, 0.5, 0.55, 0.6, 0.625, 0.7, 0.75, 0.9, 0.95, 1.0];
    private static readonly double[] Weights = [0, 0.1, 0.3, 1.0 / 3, 0.5, 0.7, 1];

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(3, 3)]
    [InlineData(4, 2)]
    [InlineData(5, 1)]
    [InlineData(6, 4)]
    [InlineData(7, 1)]
    [InlineData(8, 2)]
    [InlineData(9, 1, false)]
    [InlineData(10, 3, false)]
    public void Index_ranks_exactly_as_scoring_one_by_one(int seed, int partitions, bool vectorize = true)
    {
        if (!vectorize) Kernels.Vectorize = false; // both loops give identical results, so other tests are unaffected
        var random = new Random(seed);
        var queries = 0;
        for (var round = 0; round < 6; round++)
        {
            var taxonomy = RandomTaxonomy(random);
            // Small chunks and run thresholds so that small lists still have runs, tails, array and bitmap containers.
            // Few codes for numeric columns, so that range filters decide straddling codes by exact values.
            var layout = new RunLayout(MinRunLength: random.Next(1, 6), MaxRunsPerList: random.Next(1, 8), ChunkBits: random.Next(6, 8),
                ColumnCodes: random.Next(3) == 0 ? OrderedCodes.MaxCodes : random.Next(1, 4));
            var index = new MatchIndex(taxonomy, new MatchIndexOptions(AutoCompact: false) { ForcedPartitions = partitions, Layout = layout });
            var live = new Dictionary<string, LiveProfile>(StringComparer.Ordinal);

            var initial = random.Next(0, 120);
            var builder = new MatchIndexBuilder(taxonomy);
            for (var i = 0; i < initial; i++)
            {
                var (id, ext, vector) = RandomProfile(random, taxonomy);
                var attributes = RandomAttributes(random);
                if (random.Next(2) == 0) builder.Add(id, ext, vector, attributes);
                else builder.Add(new IndexedProfile(id, ext, vector, attributes));
                live[id] = new LiveProfile(ext, vector, attributes);
            }
            index.Load(builder);
            queries += Check(random, taxonomy, index, live, 8);

            for (var batch = 0; batch < 6; batch++)
            {
                for (var w = random.Next(1, 25); w > 0; w--)
                {
                    var roll = random.NextDouble();
                    if (roll < 0.25 && live.Count > 0)
                    {
                        var id = live.Keys.ElementAt(random.Next(live.Count));
                        Assert.True(index.Remove(id));
                        live.Remove(id);
                    }
                    else if (roll < 0.45 && live.Count > 0)
                    {
                        var id = live.Keys.ElementAt(random.Next(live.Count));
                        var (_, ext, vector) = RandomProfile(random, taxonomy);
                        var attributes = RandomAttributes(random);
                        index.Upsert(id, ext, vector, attributes);
                        live[id] = new LiveProfile(ext, vector, attributes);
                    }
                    else if (roll < 0.6 && live.Count > 0)
                    {
                        // Only the attributes change: skills and external id stay.
                        var id = live.Keys.ElementAt(random.Next(live.Count));
                        var attributes = RandomAttributes(random) ?? ProfileAttributes.None;
                        Assert.True(index.UpdateAttributes(id, attributes));
                        live[id] = live[id] with { Attributes = attributes };
                    }
                    else
                    {
                        var (id, ext, vector) = RandomProfile(random, taxonomy);
                        var attributes = RandomAttributes(random);
                        index.Upsert(id, ext, vector, attributes);
                        live[id] = new LiveProfile(ext, vector, attributes);
                    }
                }
                Assert.False(index.Remove("never-there"));
                Assert.False(index.UpdateAttributes("never-there", ProfileAttributes.None));
                if (random.Next(3) == 0) index.Compact();
                Assert.Equal(live.Count, index.Count);
                queries += Check(random, taxonomy, index, live, 6);
            }
        }
        Kernels.Vectorize = System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated;
        output.WriteLine($"{queries} queries compared");
    }

    [Fact]
    public void Many_queries_on_one_index_stay_exact()
    {
        // Enough requirements with parent/related lists to wrap the per-query scratch epochs several times.
        var random = new Random(99);
        var taxonomy = RandomTaxonomy(random);
        while (taxonomy.Count < 20) taxonomy = RandomTaxonomy(random);
        var index = new MatchIndex(taxonomy, new MatchIndexOptions(Parallelism: 1, AutoCompact: false));
        var live = new Dictionary<string, LiveProfile>(StringComparer.Ordinal);
        for (var i = 0; i < 80; i++)
        {
            var (id, ext, vector) = RandomProfile(random, taxonomy);
            var attributes = RandomAttributes(random);
            index.Upsert(id, ext, vector, attributes);
            live[id] = new LiveProfile(ext, vector, attributes);
        }
        Check(random, taxonomy, index, live, 600);
    }

    [Fact]
    public void Index_agrees_with_the_scorer_on_untidy_vectors()
    {
        // Vectors not built by SkillVector: repeated skills, unknown ids, out-of-range levels, inferred without Via.
        var random = new Random(42);
        for (var round = 0; round < 20; round++)
        {
            var taxonomy = RandomTaxonomy(random);
            var index = new MatchIndex(taxonomy, new MatchIndexOptions(AutoCompact: false));
            var live = new Dictionary<string, LiveProfile>(StringComparer.Ordinal);
            for (var i = 0; i < 60; i++)
            {
                var vector = new List<ProfileSkill>();
                for (var k = random.Next(0, 12); k > 0; k--)
                {
                    var skill = random.Next(10) == 0 ? "not-in-taxonomy" : taxonomy[random.Next(taxonomy.Count)].Id;
                    var level = random.Next(6) switch { 0 => -0.5, 1 => 1.7, 2 => random.NextDouble(), _ => Levels[random.Next(Levels.Length)] };
                    var source = (SkillSource)random.Next(3);
                    vector.Add(new ProfileSkill(skill, level, source, [], Via: source == SkillSource.Inferred && random.Next(2) == 0 ? null : skill));
                }
                var id = $"u{random.Next(1000)}";
                var attributes = RandomAttributes(random);
                if (random.Next(2) == 0) index.Upsert(id, null, vector, attributes);
                else
                    index.Load(live.Select(p => new IndexedProfile(p.Key, p.Value.Ext, p.Value.Vector, p.Value.Attributes))
                        .Append(new IndexedProfile(id, null, vector, attributes)));
                live[id] = new LiveProfile(null, vector, attributes);
            }
            Check(random, taxonomy, index, live, 10);
        }
    }

    private static int Check(Random random, SkillTaxonomy taxonomy, MatchIndex index, Dictionary<string, LiveProfile> live, int queries)
    {
        for (var q = 0; q < queries; q++)
        {
            var requirements = RandomRequirements(random, taxonomy);
            var options = new MatchOptions(
                TopK: random.Next(4) == 0 ? 1000 : random.Next(0, 15),
                MinScore: random.Next(3) == 0 ? Math.Round(random.NextDouble() * 80, random.Next(5)) : null,
                Strict: random.Next(3) == 0,
                Explain: random.Next(2) == 0)
            {
                Filter = random.Next(3) == 0 ? null : RandomFilter(random, taxonomy),
                Facets = random.Next(2) == 0 ? null : RandomFacets(random),
                FacetSize = random.Next(3) == 0 ? 100 : random.Next(0, 6),
            };
            var profiles = live.Select(p => (p.Key, p.Value.Ext, p.Value.Vector, p.Value.Attributes)).ToList();
            var ranking = ScoringFixtures.RankAll(taxonomy, profiles, requirements, options);

            // A cursor: at a hit of the ranking, or anywhere (a position no profile has).
            var start = 0;
            switch (random.Next(4))
            {
                case 0 when ranking.Count > 0:
                    start = random.Next(ranking.Count + 1);
                    if (start > 0) options = options with { After = ranking[start - 1].Cursor };
                    break;
                case 1:
                    var after = new MatchCursor(random.Next(4), random.Next(0, 1_000_001), RandomProfile(random, taxonomy).Id);
                    options = options with { After = after };
                    start = ranking.Count(r => MatchCursor.Compare(r.Cursor, after) <= 0);
                    break;
            }
            var expected = ranking.Skip(start).Take(options.TopK).Select(r => r.Hit).ToList();

            var actual = index.Match(requirements, options);

            Assert.Equal(live.Count, actual.Considered);
            Assert.Equal(Describe(expected), Describe(actual.Hits));
            Assert.Equal(ranking.Count, actual.Matched);
            var more = start + expected.Count < ranking.Count && expected.Count > 0;
            Assert.Equal(more ? ranking[start + expected.Count - 1].Cursor : null, actual.Next);
            if (options.Facets is { } facets)
            {
                var inRanking = ranking.Select(r => live[r.Hit.ProfileId]).Select(p => (p.Vector, p.Attributes)).ToList();
                Assert.NotNull(actual.Facets);
                Assert.Equal(facets.Distinct().Order(StringComparer.Ordinal), actual.Facets!.Keys.Order(StringComparer.Ordinal));
                foreach (var name in facets.Distinct())
                    Assert.Equal(ScoringFixtures.NaiveFacet(taxonomy, name, inRanking, options.FacetSize), actual.Facets[name]);
            }
            else Assert.Null(actual.Facets);
            foreach (var hit in actual.Hits)
            {
                if (!options.Explain)
                {
                    Assert.Null(hit.Explanation);
                    continue;
                }
                // The explanation the index gives is the one-profile scorer's on the stored vector, point for point.
                var explanation = Assert.IsType<ProfileScore>(hit.Explanation);
                Assert.Equal(hit.Score, explanation.Score);
                Assert.Equal(hit.MissingRequired, explanation.MissingRequired);
                var scored = Scorer.Score(taxonomy, live[hit.ProfileId].Vector, requirements);
                Assert.Equal(Explain(scored), Explain(explanation));
                Assert.Equal(hit.Score, explanation.Breakdown.Sum(b => b.Contribution));
                Assert.All(explanation.Breakdown, b => Assert.InRange(b.DepthContribution, 0m, b.Contribution));
            }
        }
        return queries;
    }

    private static string[] Explain(ProfileScore score) =>
        score.Breakdown.Select(b =>
            $"{b.Requirement} {b.MatchedSkill} {b.Relation} {b.Level:R} {b.Credit:R} {b.DepthCredit:R} {b.Contribution} {b.DepthContribution}").ToArray();

    private static string[] Describe(IEnumerable<MatchHit> hits) =>
        hits.Select(h => $"{h.Rank} {h.ProfileId} ({h.ExternalId}) {h.Score} [{string.Join(",", h.MissingRequired)}]").ToArray();

    /// <summary>A random DAG of skills: up to three parents among earlier skills, and random related links.</summary>
    private static SkillTaxonomy RandomTaxonomy(Random random)
    {
        var count = random.Next(3, 40);
        var ids = Enumerable.Range(0, count).Select(i => $"s{i}").ToArray();
        var skills = new List<(string, string[], string[])>();
        for (var i = 0; i < count; i++)
        {
            var parents = i == 0 ? [] : Enumerable.Range(0, random.Next(0, 4)).Select(_ => ids[random.Next(i)]).Distinct().ToArray();
            var related = Enumerable.Range(0, random.Next(0, 3)).Select(_ => ids[random.Next(count)]).Where(r => r != ids[i]).Distinct().ToArray();
            skills.Add((ids[i], parents, related));
        }
        return ScoringFixtures.Build(skills.ToArray());
    }

    private static (string Id, string? Ext, IReadOnlyList<ProfileSkill> Vector) RandomProfile(Random random, SkillTaxonomy taxonomy)
    {
        // Ids whose ordinal order differs from any numeric or culture order.
        var id = random.Next(4) switch
        {
            0 => $"p{random.Next(300)}",
            1 => $"P-{random.Next(300):X}",
            2 => $"{(char)('a' + random.Next(26))}{random.Next(50)}",
            _ => Guid.NewGuid().ToString("N")[..random.Next(1, 9)],
        };
        var mentioned = new List<ProfileSkill>();
        for (var k = random.Next(0, 8); k > 0; k--)
        {
            var skill = taxonomy[random.Next(taxonomy.Count)].Id;
            var level = random.Next(5) == 0 ? Math.Round(random.NextDouble(), random.Next(1, 6)) : Levels[random.Next(Levels.Length)];
            mentioned.Add(new ProfileSkill(skill, level, SkillSource.Mentioned, []));
        }
        var overrides = Enumerable.Range(0, random.Next(0, 3))
            .Select(_ => new SkillOverride(taxonomy[random.Next(taxonomy.Count)].Id, random.Next(4) == 0 ? null : Levels[random.Next(Levels.Length)], random.Next(4) == 0))
            .ToList();
        return (id, random.Next(3) == 0 ? null : "x" + id, SkillVector.Compose(taxonomy, mentioned, overrides));
    }

    private static List<Requirement> RandomRequirements(Random random, SkillTaxonomy taxonomy)
    {
        var count = random.Next(6) switch { 0 => 0, 1 => random.Next(9, 31), _ => random.Next(1, 9) };
        var requirements = new List<Requirement>();
        for (var i = 0; i < count; i++)
        {
            var skill = random.Next(20) == 0 ? "unknown-skill" : taxonomy[random.Next(taxonomy.Count)].Id;
            var weight = random.Next(5) == 0 ? random.NextDouble() : Weights[random.Next(Weights.Length)];
            var minLevel = random.Next(8) switch
            {
                0 => random.NextDouble(),
                1 => random.Next(2), // 0: every level earns depth; 1: none does
                _ => MinLevels[random.Next(MinLevels.Length)],
            };
            requirements.Add(new Requirement(skill, weight, random.Next(3) == 0, minLevel));
        }
        return requirements;
    }

    internal sealed record LiveProfile(string? Ext, IReadOnlyList<ProfileSkill> Vector, ProfileAttributes? Attributes);

    // Cities with coordinates (and one without): filters name them in other spellings; radius filters centre on them.
    private static readonly (string City, string Country, double Lat, double Lon)[] Places =
    [
        ("Berlin", "de", 52.52, 13.405), ("Potsdam", "DE", 52.39, 13.064), ("Paris", "fr", 48.857, 2.352),
        ("Moscow", "ru", 55.756, 37.617), ("Kazan", "RU", 55.796, 49.106), ("Anchorage", "us", 61.218, -149.9),
        ("Fiji", "fj", -17.7, 178.0), ("Suva", "FJ", -18.14, -178.44),
    ];
    private static readonly string[] LanguageCodes = ["en", "de", "ru", "fr"];
    private static readonly string[] TagPool = ["java", "Senior", " remote-ok", "lead", "intern"];
    private static readonly string[] Grades = ["Senior", "senior ", "Junior", "Mid"];
    private static readonly double[] Numbers = [1, 2.5, 3, 10, -0.0, 0];
    private static readonly string[] Currencies = ["EUR", "eur", "USD", "RUB"];
    private static readonly decimal[] Amounts = [1000m, 4000.5m, 50000m, 60000m, 25m, 48000m];

    internal static ProfileAttributes? RandomAttributes(Random random)
    {
        if (random.Next(6) == 0) return null;
        T? Maybe<T>(Func<T> make) where T : class => random.Next(3) == 0 ? null : make();
        bool? MaybeBool() => random.Next(3) switch { 0 => null, 1 => true, _ => false };
        var place = Places[random.Next(Places.Length)];
        var custom = new Dictionary<string, CustomValue>(StringComparer.Ordinal);
        if (random.Next(2) == 0) custom["grade"] = random.Next(8) == 0 ? CustomValue.Of(3) : CustomValue.Of(Grades[random.Next(Grades.Length)]);
        if (random.Next(2) == 0) custom["score"] = CustomValue.Of(Numbers[random.Next(Numbers.Length)]);
        if (random.Next(2) == 0) custom["since"] = CustomValue.Of(new DateOnly(2025, 1, 1).AddDays(random.Next(0, 40)));
        return new ProfileAttributes
        {
            Location = Maybe(() => new GeoLocation(
                random.Next(5) == 0 ? null : place.Country,
                random.Next(5) == 0 ? null : place.City,
                random.Next(3) == 0 ? null : place.Lat + (random.NextDouble() - 0.5) * random.Next(0, 3),
                random.Next(4) == 0 ? null : place.Lon + (random.NextDouble() - 0.5) * random.Next(0, 3))),
            Remote = MaybeBool(),
            Relocation = MaybeBool(),
            Languages = Enumerable.Range(0, random.Next(0, 4))
                .Select(_ => new SpokenLanguage(random.Next(5) == 0 ? LanguageCodes[random.Next(4)].ToUpperInvariant() : LanguageCodes[random.Next(4)],
                    (LanguageLevel)random.Next(7)))
                .ToList(),
            YearsOfExperience = random.Next(3) == 0 ? null : new[] { 0, 1.5, 3, 5, 7.25, 10, 20 }[random.Next(7)],
            Salary = Maybe(() => new SalaryExpectation(Amounts[random.Next(Amounts.Length)], Currencies[random.Next(Currencies.Length)],
                (SalaryPeriod)random.Next(3))),
            AvailableFrom = random.Next(3) == 0 ? null : new DateOnly(2026, 1, 1).AddDays(random.Next(0, 60)),
            Tags = Enumerable.Range(0, random.Next(0, 4)).Select(_ => TagPool[random.Next(TagPool.Length)]).ToList(),
            Custom = custom,
        };
    }

    internal static MatchFilter RandomFilter(Random random, SkillTaxonomy taxonomy)
    {
        bool Part() => random.Next(4) == 0;
        string Spell(string s) => random.Next(3) switch { 0 => s.ToUpperInvariant(), 1 => $" {s.ToLowerInvariant()} ", _ => s };
        List<string> Some(IEnumerable<string> pool, string unknown) =>
            pool.Append(unknown).Where(_ => random.Next(3) == 0).Select(Spell).ToList();
        CustomValue RandomValue() => random.Next(3) switch
        {
            0 => CustomValue.Of(Grades[random.Next(Grades.Length)]),
            1 => CustomValue.Of(Numbers[random.Next(Numbers.Length)]),
            _ => CustomValue.Of(new DateOnly(2025, 1, 1).AddDays(random.Next(-5, 45))),
        };
        var place = Places[random.Next(Places.Length)];
        return new MatchFilter
        {
            Location = Part() || Part()
                ? new LocationFilter(
                    random.Next(2) == 0 ? Some(Places.Select(p => p.Country).Distinct(), "xx") : null,
                    random.Next(2) == 0 ? Some(Places.Select(p => p.City), "Atlantis") : null,
                    random.Next(2) == 0 ? new NearPoint(place.Lat, place.Lon, new[] { 0, 5, 50, 150, 700, 3000, 25000 }[random.Next(7)]) : null)
                : null,
            Remote = Part() ? random.Next(2) == 0 : null,
            Relocation = Part() ? random.Next(2) == 0 : null,
            Languages = Part()
                ? Enumerable.Range(0, random.Next(1, 3)).Select(_ => new LanguageRequirement(
                    random.Next(6) == 0 ? "zz" : Spell(LanguageCodes[random.Next(4)]),
                    random.Next(3) == 0 ? null : (LanguageLevel)random.Next(7))).ToList()
                : null,
            YearsOfExperience = Part() ? new NumberRange(random.Next(2) == 0 ? null : random.Next(0, 12), random.Next(2) == 0 ? null : random.Next(2, 25)) : null,
            Salary = Part() ? new SalaryFilter(Amounts[random.Next(Amounts.Length)] * random.Next(1, 3), Spell(Currencies[random.Next(Currencies.Length)]),
                (SalaryPeriod)random.Next(3)) : null,
            AvailableBy = Part() ? new DateOnly(2026, 1, 1).AddDays(random.Next(-5, 70)) : null,
            Tags = Part() || Part()
                ? new TagFilter(
                    random.Next(2) == 0 ? Some(TagPool, "nope") : null,
                    random.Next(2) == 0 ? Some(TagPool, "nope") : null,
                    random.Next(2) == 0 ? Some(TagPool, "nope") : null)
                : null,
            ExcludeSkills = Part()
                ? Enumerable.Range(0, random.Next(1, 3)).Select(_ => random.Next(8) == 0 ? "unknown-skill" : taxonomy[random.Next(taxonomy.Count)].Id).ToList()
                : null,
            Custom = Part()
                ? new Dictionary<string, CustomCondition>
                {
                    [new[] { "grade", "score", "since", "nokey" }[random.Next(4)]] = random.Next(4) switch
                    {
                        0 => new CustomCondition(Eq: RandomValue()),
                        1 => new CustomCondition(In: Enumerable.Range(0, random.Next(1, 4)).Select(_ => RandomValue()).ToList()),
                        2 => new CustomCondition(Min: RandomValue()),
                        _ => new CustomCondition(Min: random.Next(2) == 0 ? RandomValue() : null, Max: RandomValue()),
                    },
                }
                : null,
        };
    }

    private static List<string> RandomFacets(Random random) =>
        MatchFacets.Names.Concat(["custom.grade", "custom.score", "custom.since", "custom.nokey"])
            .Where(_ => random.Next(3) == 0).ToList();
}
