using Matching.Core.Jobs;
using Matching.Core.Profiles;
using Matching.Core.Scoring;
using Matching.Core.Taxonomy;
using static Matching.Core.Tests.Scoring.ScoringFixtures;

namespace Matching.Core.Tests.Scoring;

/// <summary>Filters, facets, paging, similar candidates and co-occurring skills of <see cref="MatchIndex"/> (issue 14).</summary>
public sealed class MatchSearchTests
{
    private static ProfileAttributes At(string country, string city, double? lat = null, double? lon = null, params string[] tags) =>
        new() { Location = new GeoLocation(country, city, lat, lon), Tags = tags };

    [Fact]
    public void Filter_keeps_only_matching_profiles_and_counts_the_whole_ranking()
    {
        var index = new MatchIndex(TestTaxonomy, new MatchIndexOptions(AutoCompact: false));
        index.Upsert("a", null, Vector(("python", 0.9)), At("DE", "Berlin", tags: "senior"));
        index.Upsert("b", null, Vector(("python", 0.8)), At("de", "berlin ", tags: ["junior"]));
        index.Upsert("c", null, Vector(("python", 0.7)), At("FR", "Paris", tags: "senior"));
        index.Upsert("d", null, Vector(("docker", 1)), At("DE", "Berlin", tags: "senior"));

        var outcome = index.Match([Req("python")], new MatchOptions
        {
            Filter = new MatchFilter { Location = new LocationFilter(Countries: ["de"]), Tags = new TagFilter(Any: ["SENIOR", "lead"]) },
            Facets = [MatchFacets.City, MatchFacets.Tags],
        });

        Assert.Equal(["a"], outcome.Hits.Select(h => h.ProfileId));
        Assert.Equal(1, outcome.Matched);
        Assert.Equal([new FacetValue("Berlin", 1)], outcome.Facets![MatchFacets.City]);
        Assert.Equal([new FacetValue("senior", 1)], outcome.Facets[MatchFacets.Tags]);

        var all = index.Match([Req("python")], new MatchOptions { Facets = [MatchFacets.City, MatchFacets.Country] });
        Assert.Equal(3, all.Matched);
        // Two spellings of one city are one value, shown as first indexed.
        Assert.Equal([new FacetValue("Berlin", 2), new FacetValue("Paris", 1)], all.Facets![MatchFacets.City]);
        Assert.Equal([new FacetValue("DE", 2), new FacetValue("FR", 1)], all.Facets[MatchFacets.Country]);
    }

    [Fact]
    public void Radius_is_a_great_circle_distance_with_an_exact_edge()
    {
        // Due north of the centre: the latitude band before the haversine must not cut what lies just inside.
        var index = new MatchIndex(TestTaxonomy, new MatchIndexOptions(AutoCompact: false));
        const double km = 100;
        var inside = 52.0 + km / 111.19492664455873 * 0.99999;
        var outside = 52.0 + km / 111.19492664455873 * 1.00001;
        index.Upsert("in", null, Vector(("python", 1)), At("DE", "X", inside, 13.0));
        index.Upsert("out", null, Vector(("python", 1)), At("DE", "Y", outside, 13.0));
        index.Upsert("none", null, Vector(("python", 1)), At("DE", "Z"));
        Assert.True(GeoLocation.DistanceKm(52.0, 13.0, inside, 13.0) <= km);
        Assert.True(GeoLocation.DistanceKm(52.0, 13.0, outside, 13.0) > km);

        // Many more just inside and just outside, all around the circle, so that the base's vectorised path sees them too.
        var random = new Random(1);
        var expected = new List<string> { "in" };
        for (var i = 0; i < 400; i++)
        {
            var bearing = random.NextDouble() * 2 * Math.PI;
            var distance = km * (1 + (random.Next(2) == 0 ? -1 : 1) * Math.Pow(10, -random.Next(3, 9)));
            var (lat, lon) = Destination(52.0, 13.0, bearing, distance);
            var id = $"r{i:000}";
            index.Upsert(id, null, Vector(("python", 1)), At("DE", "R", lat, lon));
            if (GeoLocation.DistanceKm(52.0, 13.0, lat, lon) <= km) expected.Add(id);
        }
        expected.Sort(StringComparer.Ordinal);
        var options = new MatchOptions(TopK: 1000) { Filter = new MatchFilter { Location = new LocationFilter(Near: new NearPoint(52.0, 13.0, km)) } };
        Assert.InRange(expected.Count, 100, 300);
        Assert.Equal(expected, index.Match([Req("python")], options).Hits.Select(h => h.ProfileId).Order(StringComparer.Ordinal));
        index.Compact();
        Assert.Equal(expected, index.Match([Req("python")], options).Hits.Select(h => h.ProfileId).Order(StringComparer.Ordinal));
    }

    /// <summary>The point at a distance and initial bearing from a start (spherical, the haversine's radius).</summary>
    private static (double Lat, double Lon) Destination(double lat, double lon, double bearing, double km)
    {
        var d = km / 6371.0088;
        var phi = lat * Math.PI / 180;
        var lambda = lon * Math.PI / 180;
        var phi2 = Math.Asin(Math.Sin(phi) * Math.Cos(d) + Math.Cos(phi) * Math.Sin(d) * Math.Cos(bearing));
        var lambda2 = lambda + Math.Atan2(Math.Sin(bearing) * Math.Sin(d) * Math.Cos(phi), Math.Cos(d) - Math.Sin(phi) * Math.Sin(phi2));
        return (phi2 * 180 / Math.PI, lambda2 * 180 / Math.PI);
    }

    [Fact]
    public void Excluded_skills_count_inferred_ones_and_not_level_zero()
    {
        var index = new MatchIndex(TestTaxonomy, new MatchIndexOptions(AutoCompact: false));
        index.Upsert("pg", null, Vector(("postgresql", 0.8), ("python", 0.5)));   // sql inferred
        index.Upsert("py", null, Vector(("python", 0.9)));
        // A recruiter set sql to 0: "has sql" is false, so excluding sql keeps this one.
        index.Upsert("zero", null, SkillVector.Compose(TestTaxonomy,
            [new ProfileSkill("python", 0.6, SkillSource.Mentioned, [])], [new SkillOverride("sql", 0, false)]));
        foreach (var compact in new[] { false, true })
        {
            if (compact) index.Compact();
            var hits = index.Match([Req("python")], new MatchOptions { Filter = new MatchFilter { ExcludeSkills = ["sql"] } }).Hits;
            Assert.Equal(["py", "zero"], hits.Select(h => h.ProfileId));
        }
    }

    [Fact]
    public void Attributes_survive_compaction_reload_and_attribute_only_updates()
    {
        var index = new MatchIndex(TestTaxonomy, new MatchIndexOptions(AutoCompact: false));
        index.Load([new IndexedProfile("a", "x-a", Vector(("python", 1)), new ProfileAttributes { Remote = true, YearsOfExperience = 4 })]);
        index.Upsert("b", "x-b", Vector(("python", 0.5)), new ProfileAttributes { Remote = true, YearsOfExperience = 9 });
        var filter = new MatchOptions { Filter = new MatchFilter { Remote = true, YearsOfExperience = new NumberRange(Min: 5) } };
        Assert.Equal(["b"], index.Match([Req("python")], filter).Hits.Select(h => h.ProfileId));
        index.Compact();
        Assert.Equal(["b"], index.Match([Req("python")], filter).Hits.Select(h => h.ProfileId));

        Assert.True(index.UpdateAttributes("a", new ProfileAttributes { Remote = true, YearsOfExperience = 12 }));
        var hits = index.Match([Req("python")], filter).Hits;
        Assert.Equal(["a", "b"], hits.Select(h => h.ProfileId));
        Assert.Equal(["x-a", "x-b"], hits.Select(h => h.ExternalId));
        Assert.Equal(100m, hits[0].Score); // the skills stayed
        index.Compact();
        Assert.Equal(["a", "b"], index.Match([Req("python")], filter).Hits.Select(h => h.ProfileId));
    }

    [Fact]
    public void Pages_walk_the_whole_ranking_exactly()
    {
        var random = new Random(7);
        var taxonomy = TestTaxonomy;
        var index = new MatchIndex(taxonomy, new MatchIndexOptions(AutoCompact: false));
        var skills = taxonomy.Skills.Select(s => s.Id).ToArray();
        for (var i = 0; i < 3000; i++)
        {
            var vector = Vector(Enumerable.Range(0, random.Next(1, 4)).Select(_ => (skills[random.Next(skills.Length)], random.Next(1, 11) / 10.0)).DistinctBy(s => s.Item1).ToArray());
            index.Upsert($"p{i:x}", null, vector, new ProfileAttributes { Remote = random.Next(3) > 0 });
            if (i == 1400) index.Compact();
        }
        IReadOnlyList<Requirement> job = [Req("python", required: true), Req("sql"), Req("docker", 0.5)];
        var options = new MatchOptions(TopK: 1000) { Filter = new MatchFilter { Remote = true } };
        var top = index.Match(job, options);
        Assert.True(top.Matched > 1000, $"only {top.Matched} in the ranking");

        var walked = new List<MatchHit>();
        MatchCursor? cursor = null;
        do
        {
            var page = index.Match(job, options with { TopK = 50, After = cursor });
            Assert.Equal(top.Matched, page.Matched);
            walked.AddRange(page.Hits);
            cursor = page.Next;
        } while (cursor is not null && walked.Count < 1000);

        Assert.Equal(top.Hits.Select(h => (h.Rank, h.ProfileId, h.Score)), walked.Select(h => (h.Rank, h.ProfileId, h.Score)));
    }

    [Fact]
    public async Task Paging_under_concurrent_writes_never_repeats_or_skips_an_unchanged_profile()
    {
        var random = new Random(11);
        var taxonomy = TestTaxonomy;
        var skills = taxonomy.Skills.Select(s => s.Id).ToArray();
        IReadOnlyList<ProfileSkill> RandomVector(Random r) =>
            Vector(Enumerable.Range(0, r.Next(1, 4)).Select(_ => (skills[r.Next(skills.Length)], r.Next(1, 11) / 10.0)).DistinctBy(s => s.Item1).ToArray());
        var index = new MatchIndex(taxonomy, new MatchIndexOptions(AutoCompact: true));
        // "s…" profiles stay as they are; "v…" ones are rewritten, removed and re-added meanwhile.
        index.Load(Enumerable.Range(0, 3000).Select(i => new IndexedProfile(i % 3 == 0 ? $"v{i}" : $"s{i}", null, RandomVector(random),
            new ProfileAttributes { Tags = [i % 2 == 0 ? "even" : "odd"] })));
        IReadOnlyList<Requirement> job = [Req("python"), Req("sql"), Req("docker", 0.5), Req("pytorch", required: true)];
        var options = new MatchOptions(TopK: 50, Explain: false) { Filter = new MatchFilter { Tags = new TagFilter(None: ["odd"]) } };
        var before = index.Match(job, options with { TopK = 10_000 }).Hits.Where(h => h.ProfileId.StartsWith('s')).Select(h => h.ProfileId).ToList();
        Assert.True(before.Count > 500);

        using var stop = new CancellationTokenSource();
        var written = new int[1];
        var writer = Task.Run(() =>
        {
            var r = new Random(12);
            var writes = 0;
            while (!stop.IsCancellationRequested || writes < 2000)
            {
                var id = $"v{r.Next(0, 4000) / 3 * 3}";
                switch (r.Next(4))
                {
                    case 0: index.Remove(id); break;
                    case 1: index.UpdateAttributes(id, new ProfileAttributes { Tags = [r.Next(2) == 0 ? "even" : "odd"] }); break;
                    default: index.Upsert(id, null, RandomVector(r), new ProfileAttributes { Tags = ["even"] }); break;
                }
                if (++writes % 500 == 0) index.Compact();
                Volatile.Write(ref written[0], writes);
            }
            return writes;
        });
        while (Volatile.Read(ref written[0]) < 50) Thread.Sleep(1);

        var walked = new List<string>();
        MatchCursor? cursor = null;
        do
        {
            var page = index.Match(job, options with { After = cursor });
            walked.AddRange(page.Hits.Select(h => h.ProfileId));
            cursor = page.Next;
            Thread.Sleep(2); // let writes land between pages
        } while (cursor is not null);
        var duringWalk = Volatile.Read(ref written[0]);
        stop.Cancel();
        await writer;
        Assert.True(duringWalk > 100, $"only {duringWalk} writes during the walk");

        // Changed profiles may move between pages (and so show up twice or not at all); unchanged ones never do.
        var unchanged = walked.Where(id => id.StartsWith('s')).ToList();
        Assert.Equal(unchanged.Count, unchanged.Distinct().Count());
        Assert.Equal(before, unchanged);
    }

    [Fact]
    public void Similar_ranks_others_against_the_source_skills_and_never_returns_the_source()
    {
        var random = new Random(3);
        var taxonomy = TestTaxonomy;
        var skills = taxonomy.Skills.Select(s => s.Id).ToArray();
        var profiles = Enumerable.Range(0, 300).Select(i => (Id: $"p{i}", Vector: Vector(Enumerable.Range(0, random.Next(1, 5))
            .Select(_ => (skills[random.Next(skills.Length)], random.Next(1, 11) / 10.0)).DistinctBy(s => s.Item1).ToArray()),
            Attributes: new ProfileAttributes { Remote = random.Next(2) == 0 })).ToList();
        var index = new MatchIndex(taxonomy, new MatchIndexOptions(AutoCompact: false));
        index.Load(profiles.Select(p => new IndexedProfile(p.Id, null, p.Vector, p.Attributes)));

        Assert.Null(index.Similar("nobody", new SimilarOptions()));
        Assert.Null(index.SimilarityRequirements("nobody"));
        foreach (var source in profiles.Take(20))
        {
            var requirements = index.SimilarityRequirements(source.Id)!;
            var expectedRequirements = source.Vector.Where(s => s.Source != SkillSource.Inferred && s.Level > 0)
                .OrderByDescending(s => s.Level).ThenBy(s => s.SkillId, StringComparer.Ordinal)
                .Select(s => new Requirement(s.SkillId, s.Level, false, s.Level));
            Assert.Equal(expectedRequirements, requirements);

            var filter = new MatchFilter { Remote = true };
            var outcome = index.Similar(source.Id, new SimilarOptions(TopK: 400, Filter: filter))!;
            var expected = RankAll(taxonomy, profiles.Where(p => p.Id != source.Id).Select(p => (p.Id, (string?)null, p.Vector, (ProfileAttributes?)p.Attributes)),
                requirements, new MatchOptions { Filter = filter });
            Assert.DoesNotContain(outcome.Hits, h => h.ProfileId == source.Id);
            Assert.Equal(expected.Select(e => $"{e.Hit.Rank} {e.Hit.ProfileId} {e.Hit.Score}"), outcome.Hits.Select(h => $"{h.Rank} {h.ProfileId} {h.Score}"));
            Assert.Equal(expected.Count, outcome.Matched);

            // Paged, with explanations.
            var first = index.Similar(source.Id, new SimilarOptions(TopK: 3, Explain: true))!;
            Assert.All(first.Hits, h => Assert.Equal(h.Score, h.Explanation!.Score));
            if (first.Next is { } next)
            {
                var second = index.Similar(source.Id, new SimilarOptions(TopK: 3) { After = next })!;
                var all = index.Similar(source.Id, new SimilarOptions(TopK: 6))!;
                Assert.Equal(all.Hits.Select(h => h.ProfileId), first.Hits.Concat(second.Hits).Select(h => h.ProfileId));
            }
        }
    }

    [Fact]
    public void Co_occurring_skills_count_profiles_with_both_and_their_lift()
    {
        var random = new Random(5);
        var taxonomy = TestTaxonomy;
        var skills = taxonomy.Skills.Select(s => s.Id).ToArray();
        var vectors = Enumerable.Range(0, 400).Select(_ => Vector(Enumerable.Range(0, random.Next(1, 4))
            .Select(_ => (skills[random.Next(skills.Length)], random.Next(0, 11) / 10.0)).DistinctBy(s => s.Item1).ToArray())).ToList();
        var index = new MatchIndex(taxonomy, new MatchIndexOptions(AutoCompact: false));
        index.Load(vectors.Select((v, i) => new IndexedProfile($"p{i}", null, v)));
        index.Remove("p0");
        index.Upsert("p1", null, Vector(("pytorch", 0.9), ("docker", 0.5)));
        vectors[1] = Vector(("pytorch", 0.9), ("docker", 0.5));
        var live = vectors.Skip(1).Select(v => HasSkill(taxonomy, v)).ToList();

        foreach (var skill in new[] { "pytorch", "python", "docker", "sql" })
        {
            var having = live.Where(s => s.Contains(skill)).ToList();
            var implied = taxonomy.AncestorsOf(taxonomy.OrdinalOf(skill)).ToArray().Select(a => taxonomy[a].Id).Append(skill).ToHashSet();
            var expected = skills.Where(b => !implied.Contains(b))
                .Select(b => (SkillId: b, Together: having.Count(s => s.Contains(b)), Total: live.Count(s => s.Contains(b))))
                .Where(x => x.Together >= 2)
                .Select(x => new SkillCoOccurrence(x.SkillId, x.Together, x.Together / (double)having.Count / (x.Total / (double)live.Count)))
                .OrderByDescending(x => x.Lift).ThenByDescending(x => x.Together).ThenBy(x => x.SkillId, StringComparer.Ordinal)
                .Take(5).ToList();
            var actual = index.CoOccurring(skill, top: 5, minTogether: 2);
            Assert.Equal(expected.Select(e => (e.SkillId, e.Together)), actual.Select(a => (a.SkillId, a.Together)));
            Assert.All(expected.Zip(actual), p => Assert.Equal(p.First.Lift, p.Second.Lift, 12));
        }
        Assert.Empty(index.CoOccurring("not-a-skill"));
    }
}
