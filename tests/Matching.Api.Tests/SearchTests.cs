using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Matching.Api.Tests;

/// <summary>
/// Search beyond skills (issue 14) through HTTP: /match filters, facets and cursor paging, similar candidates, skill gaps,
/// jobs' default filters in /match, the nightly lists and reverse matches. On SQLite and on PostgreSQL.
/// </summary>
public abstract class SearchTests(ApiFactory factory)
{
    protected ApiFactory Factory { get; } = factory;

    /// <summary>A tag only this test's profiles carry, so a filter on it isolates them from other tests' profiles.</summary>
    private static string NewTag() => "t" + Guid.NewGuid().ToString("N")[..12];

    private static async Task<string> IngestAsync(HttpClient client, string text, object attributes)
    {
        var response = await client.PostJsonAsync("/profiles", new { questionnaire = new { format = "text", content = text }, attributes });
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
        return body.GetProperty("id").GetString()!;
    }

    private static async Task<JsonElement> MatchAsync(HttpClient client, object body)
    {
        var response = await client.PostJsonAsync("/match", body);
        var json = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, json.ToString());
        return json;
    }

    private static List<string> Ids(JsonElement match) =>
        match.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("profileId").GetString()!).ToList();

    private static async Task DeclareAsync(HttpClient admin, string key, string type) =>
        Assert.True((await admin.PutAsJsonAsync($"/custom-fields/{key}", new { type }, Json.Options)).IsSuccessStatusCode);

    private static readonly object[] Python = [new { skill = "python" }];

    [Fact]
    public async Task Filters_keep_exactly_the_candidates_that_pass_and_facets_count_them()
    {
        using var client = Factory.Client();
        await DeclareAsync(client, "grade", "string");
        await DeclareAsync(client, "rate", "number");
        var tag = NewTag();
        var berlin = await IngestAsync(client, "Python и Django каждый день, PostgreSQL.", new
        {
            location = new { country = "DE", city = "Berlin", lat = 52.52, lon = 13.405 },
            remote = true, yearsOfExperience = 7, languages = new[] { new { code = "en", level = "C1" } },
            salary = new { amount = 6000, currency = "EUR", period = "month" }, availableFrom = "2026-01-15",
            tags = new[] { tag, "senior" }, custom = new Dictionary<string, object> { ["grade"] = "Senior", ["rate"] = 80 },
        });
        var potsdam = await IngestAsync(client, "Python и FastAPI, немного Docker.", new
        {
            location = new { country = "DE", city = "Potsdam", lat = 52.39, lon = 13.06 },
            remote = false, yearsOfExperience = 3, languages = new[] { new { code = "en", level = "B1" } },
            tags = new[] { tag }, custom = new Dictionary<string, object> { ["grade"] = "middle", ["rate"] = 50 },
        });
        var moscow = await IngestAsync(client, "Python и Django, PostgreSQL, Kubernetes.", new
        {
            location = new { country = "RU", city = "Москва", lat = 55.75, lon = 37.62 },
            remote = true, yearsOfExperience = 10, tags = new[] { tag, "senior" },
        });
        var tags = new { any = new[] { tag } };

        Assert.Equal(new[] { berlin, moscow, potsdam }.Order(), Ids(await MatchAsync(client, new { requirements = Python, filter = new { tags } })).Order());
        Assert.Equal(new[] { berlin, potsdam }.Order(), Ids(await MatchAsync(client, new
        {
            requirements = Python, filter = new { tags, location = new { countries = new[] { "de" } } },
        })).Order());
        // 30 km around Berlin: Potsdam is about 27 km away, Moscow far.
        Assert.Equal(new[] { berlin, potsdam }.Order(), Ids(await MatchAsync(client, new
        {
            requirements = Python, filter = new { tags, location = new { near = new { lat = 52.52, lon = 13.405, km = 30 } } },
        })).Order());
        Assert.Equal([berlin], Ids(await MatchAsync(client, new
        {
            requirements = Python, filter = new { tags, location = new { near = new { lat = 52.52, lon = 13.405, km = 10 } } },
        })));
        Assert.Equal(new[] { berlin, moscow }.Order(), Ids(await MatchAsync(client, new
        {
            requirements = Python, filter = new { tags = new { all = new[] { tag, "SENIOR" } }, yearsOfExperience = new { min = 5 }, remote = true },
        })).Order());
        Assert.Equal([berlin], Ids(await MatchAsync(client, new
        {
            requirements = Python,
            filter = new
            {
                tags, languages = new[] { new { code = "en", minLevel = "B2" } },
                salary = new { max = 80000, currency = "eur" }, availableBy = "2026-02-01",
                custom = new Dictionary<string, object> { ["grade"] = new { eq = "senior" }, ["rate"] = new { min = 60, max = 100 } },
            },
        })));
        // Excluding Kubernetes drops Moscow; excluding SQL drops the PostgreSQL users (a child implies its parent).
        Assert.Equal(new[] { berlin, potsdam }.Order(), Ids(await MatchAsync(client, new
        {
            requirements = Python, filter = new { tags, excludeSkills = new[] { "Kubernetes" } },
        })).Order());
        Assert.Equal([potsdam], Ids(await MatchAsync(client, new { requirements = Python, filter = new { tags, excludeSkills = new[] { "sql" } } })));

        var faceted = await MatchAsync(client, new
        {
            requirements = Python, filter = new { tags }, facets = new[] { "location.country", "remote", "tags", "custom.grade", "skills" },
        });
        Assert.Equal(3, faceted.GetProperty("matched").GetInt32());
        var facets = faceted.GetProperty("facets");
        var countries = facets.GetProperty("location.country").EnumerateArray()
            .ToDictionary(v => v.GetProperty("value").GetString()!, v => v.GetProperty("count").GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["DE"] = 2, ["RU"] = 1 }, countries);
        Assert.Contains(facets.GetProperty("tags").EnumerateArray(), v => v.GetProperty("value").GetString() == "senior" && v.GetProperty("count").GetInt32() == 2);
        Assert.Contains(facets.GetProperty("skills").EnumerateArray(), v => v.GetProperty("value").GetString() == "python" && v.GetProperty("count").GetInt32() == 3);
        Assert.Equal(2, facets.GetProperty("custom.grade").GetArrayLength());
    }

    [Fact]
    public async Task Bad_filters_are_400_with_the_field_path_and_unknown_excluded_skills_422()
    {
        using var client = Factory.Client();
        await DeclareAsync(client, "level_code", "string");

        async Task<List<string>> ErrorsOf(object filter, object? facets = null)
        {
            var response = await client.PostJsonAsync("/match", new { requirements = Python, filter, facets });
            var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "validation-failed");
            return problem.Errors!.Select(e => e.Name).ToList();
        }

        Assert.Equal(["filter.location.near.km"], await ErrorsOf(new { location = new { near = new { lat = 1.0, lon = 2.0 } } }));
        Assert.Equal(["filter.location.near.lat", "filter.location.near.lon"],
            (await ErrorsOf(new { location = new { near = new { km = 5 } } })).Order());
        Assert.Equal(["filter.location.near.km"], await ErrorsOf(new { location = new { near = new { lat = 1.0, lon = 2.0, km = 0 } } }));
        Assert.Equal(["filter.yearsOfExperience"], await ErrorsOf(new { yearsOfExperience = new { min = 5, max = 2 } }));
        Assert.Equal(["filter.custom.nope"], await ErrorsOf(new { custom = new Dictionary<string, object> { ["nope"] = new { eq = "x" } } }));
        Assert.Equal(["filter.custom.level_code.eq"], await ErrorsOf(new { custom = new Dictionary<string, object> { ["level_code"] = new { eq = 5 } } }));
        Assert.Equal(["filter.custom.level_code"], await ErrorsOf(new { custom = new Dictionary<string, object> { ["level_code"] = new { min = "a" } } }));
        Assert.Equal(["filter.languages[0].minLevel"], await ErrorsOf(new { languages = new[] { new { code = "en", minLevel = "Z9" } } }));
        Assert.Equal(["filter.salary.currency"], await ErrorsOf(new { salary = new { max = 10 } }));
        Assert.Equal(["facets[0]"], await ErrorsOf(new { }, new[] { "colour" }));

        // Wrong JSON types and unknown fields: refused by the strict reader, naming the field, never a 500.
        var wrongType = await client.PostJsonAsync("/match", new { requirements = Python, filter = new { remote = "yes" } });
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        Assert.Contains("filter.remote", await wrongType.Content.ReadAsStringAsync());
        var unknownField = await client.PostJsonAsync("/match", new { requirements = Python, filter = new { colour = "red" } });
        Assert.Equal(HttpStatusCode.BadRequest, unknownField.StatusCode);
        Assert.Contains("filter.colour", await unknownField.Content.ReadAsStringAsync());

        var unknownSkill = await client.PostJsonAsync("/match", new { requirements = Python, filter = new { excludeSkills = new[] { "pytohn-xyz" } } });
        await ProblemAssert.IsAsync(unknownSkill, HttpStatusCode.UnprocessableEntity, "unknown-skill");
    }

    [Fact]
    public async Task Paging_1000_results_in_pages_of_50_never_repeats_or_skips_an_unchanged_profile_while_others_are_written()
    {
        using var client = Factory.Client();
        var tag = NewTag();
        var texts = new[]
        {
            "Python каждый день.", "Python и немного Django.", "Python, Django, PostgreSQL.", "Python и FastAPI в проде.",
            "Немного Python для скриптов.", "Python — основной язык, пишу на нём восемь лет.",
        };
        var all = new List<string>();
        for (var batch = 0; batch < 10; batch++)
        {
            var items = Enumerable.Range(0, 100).Select(i => new
            {
                questionnaire = new { format = "text", content = texts[(batch * 100 + i) % texts.Length] },
                attributes = new { tags = new[] { tag } },
            }).ToArray();
            var body = await (await client.PostJsonAsync("/profiles:batch", new { items })).ReadJsonAsync();
            all.AddRange(body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("profileId").GetString()!));
        }
        Assert.Equal(1000, all.Distinct().Count());

        // Meanwhile: new profiles with the tag (they may or may not be seen), and recruiters moving some of the paged
        // profiles up or down the ranking (those may be seen twice or not at all: they changed).
        using var stop = new CancellationTokenSource();
        var changed = new System.Collections.Concurrent.ConcurrentDictionary<string, bool>();
        var written = new System.Collections.Concurrent.ConcurrentBag<string>();
        var adder = Task.Run(async () =>
        {
            using var w = Factory.Client();
            while (!stop.IsCancellationRequested)
                written.Add(await IngestAsync(w, "Python и Django, Kubernetes.", new { tags = new[] { tag } }));
        });
        var mover = Task.Run(async () =>
        {
            using var w = Factory.Client();
            var random = new Random(14);
            while (!stop.IsCancellationRequested)
            {
                var id = all[random.Next(all.Count)];
                changed[id] = true;
                var response = await w.PatchAsJsonAsync($"/profiles/{id}/skills",
                    new { skills = new[] { new { skill = "python", level = Math.Round(random.NextDouble(), 2) } } }, Json.Options);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        });

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await MatchAsync(client, new { requirements = Python, topK = 50, filter = new { tags = new { any = new[] { tag } } }, cursor });
            seen.AddRange(Ids(page));
            cursor = page.GetProperty("nextCursor").ValueKind == JsonValueKind.Null ? null : page.GetProperty("nextCursor").GetString();
            pages++;
        } while (cursor is not null && pages < 100);
        await stop.CancelAsync();
        await Task.WhenAll(adder, mover);

        var unchanged = all.Where(id => !changed.ContainsKey(id)).ToHashSet();
        Assert.True(unchanged.Count > 500, $"only {unchanged.Count} profiles stayed unchanged");
        var seenUnchanged = seen.Where(unchanged.Contains).ToList();
        Assert.Equal(seenUnchanged.Count, seenUnchanged.Distinct().Count()); // no unchanged profile repeated
        Assert.Empty(unchanged.Except(seen));                                 // and none skipped
        Assert.True(pages >= 20, $"1000 profiles in pages of 50 take at least 20 pages, took {pages}");
        Assert.All(seen, id => Assert.True(all.Contains(id) || written.Contains(id)));
    }

    [Fact]
    public async Task A_cursor_is_refused_for_another_query_or_when_it_is_not_ours()
    {
        using var client = Factory.Client();
        var tag = NewTag();
        for (var i = 0; i < 3; i++) await IngestAsync(client, "Python и Django.", new { tags = new[] { tag } });
        var first = await MatchAsync(client, new { requirements = Python, topK = 1, filter = new { tags = new { any = new[] { tag } } } });
        var cursor = first.GetProperty("nextCursor").GetString();
        Assert.NotNull(cursor);

        var other = await client.PostJsonAsync("/match", new { requirements = Python, topK = 1, cursor });
        await ProblemAssert.IsAsync(other, HttpStatusCode.BadRequest, "invalid-cursor");
        var garbage = await client.PostJsonAsync("/match", new { requirements = Python, cursor = "not-a-cursor" });
        await ProblemAssert.IsAsync(garbage, HttpStatusCode.BadRequest, "invalid-cursor");
        var second = await MatchAsync(client, new { requirements = Python, topK = 1, filter = new { tags = new { any = new[] { tag } } }, cursor });
        Assert.NotEqual(Ids(first), Ids(second));
        Assert.Equal(2, second.GetProperty("results")[0].GetProperty("rank").GetInt32());
    }

    [Fact]
    public async Task Similar_candidates_rank_by_the_source_skills_explained_per_skill_and_filter()
    {
        using var client = Factory.Client();
        var tag = NewTag();
        var source = await IngestAsync(client, "Python и Django каждый день, PostgreSQL, Docker.", new { tags = new[] { tag } });
        var twin = await IngestAsync(client, "Python и Django, PostgreSQL и Docker в проде.", new { tags = new[] { tag }, remote = true });
        var far = await IngestAsync(client, "Пишу на Java и Spring.", new { tags = new[] { tag } });

        var similar = await (await client.GetAsync($"/profiles/{source}/similar?topK=50")).ReadJsonAsync();
        var ids = Ids(similar);
        Assert.DoesNotContain(source, ids);
        Assert.Equal(twin, ids.First(id => id == twin || id == far));
        var sourceSkills = similar.GetProperty("requirements").EnumerateArray().Select(r => r.GetProperty("skill").GetString()).ToList();
        Assert.Contains("python", sourceSkills);
        var twinResult = similar.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("profileId").GetString() == twin);
        Assert.Equal(sourceSkills, twinResult.GetProperty("breakdown").EnumerateArray().Select(b => b.GetProperty("requirement").GetString()));

        var filtered = await client.PostJsonAsync($"/profiles/{source}/similar", new { topK = 10, filter = new { remote = true, tags = new { any = new[] { tag } } } });
        var filteredBody = await filtered.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.OK, filtered.StatusCode);
        Assert.Equal([twin], Ids(filteredBody));

        await ProblemAssert.IsAsync(await client.GetAsync("/profiles/p_missing/similar"), HttpStatusCode.NotFound, "not-found");
        var badFilter = await client.PostJsonAsync($"/profiles/{source}/similar", new { filter = new { location = new { near = new { lat = 1.0 } } } });
        await ProblemAssert.IsAsync(badFilter, HttpStatusCode.BadRequest, "validation-failed");
    }

    [Fact]
    public async Task Gap_says_per_requirement_met_partly_met_or_missing_with_nearest_and_adjacent_skills()
    {
        using var client = Factory.Client();
        var profile = await IngestAsync(client, "PostgreSQL каждый день, сложные запросы. Python для скриптов.", new { });
        var job = await client.PostJsonAsync("/jobs", new
        {
            title = "Data engineer",
            requirements = new object[]
            {
                new { skill = "sql", minLevel = 0.5 },
                new { skill = "kubernetes", required = true },
                new { skill = "python", minLevel = 1.0 },
            },
        });
        var jobId = (await job.ReadJsonAsync()).GetProperty("id").GetString()!;

        var response = await client.GetAsync($"/profiles/{profile}/gap?jobId={jobId}");
        var gap = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, gap.ToString());
        var byskill = gap.GetProperty("requirements").EnumerateArray().ToDictionary(r => r.GetProperty("skill").GetString()!);
        Assert.Equal("met", byskill["sql"].GetProperty("status").GetString());
        Assert.Equal("missing", byskill["kubernetes"].GetProperty("status").GetString());
        Assert.Equal("partly-met", byskill["python"].GetProperty("status").GetString());
        Assert.Equal(1, gap.GetProperty("met").GetInt32());
        Assert.Equal(1, gap.GetProperty("missing").GetInt32());
        Assert.Contains(gap.GetProperty("adjacent").EnumerateArray(), a => a.GetProperty("for").GetString() == "kubernetes");
        Assert.DoesNotContain(gap.GetProperty("adjacent").EnumerateArray(), a => a.GetProperty("skill").GetString() == "python");

        await ProblemAssert.IsAsync(await client.GetAsync($"/profiles/p_missing/gap?jobId={jobId}"), HttpStatusCode.NotFound, "not-found");
        await ProblemAssert.IsAsync(await client.GetAsync($"/profiles/{profile}/gap?jobId=j_missing"), HttpStatusCode.NotFound, "not-found");
        await ProblemAssert.IsAsync(await client.GetAsync($"/profiles/{profile}/gap"), HttpStatusCode.BadRequest, "validation-failed");
    }

    [Fact]
    public async Task A_jobs_default_filter_applies_to_match_by_job_the_nightly_list_and_reverse_matches()
    {
        using var client = Factory.Client();
        var tag = NewTag();
        var inGermany = await IngestAsync(client, "Python и Django каждый день.", new { tags = new[] { tag }, location = new { country = "DE" } });
        var inRussia = await IngestAsync(client, "Python и Django каждый день.", new { tags = new[] { tag }, location = new { country = "RU" } });
        var created = await client.PostJsonAsync("/jobs", new
        {
            title = "Python developer (Germany)",
            requirements = Python,
            filter = new { location = new { countries = new[] { "DE" } }, tags = new { any = new[] { tag } } },
        });
        var job = await created.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var jobId = job.GetProperty("id").GetString()!;
        Assert.Equal("DE", job.GetProperty("filter").GetProperty("location").GetProperty("countries")[0].GetString());
        Assert.Equal("DE", (await (await client.GetAsync($"/jobs/{jobId}")).ReadJsonAsync())
            .GetProperty("filter").GetProperty("location").GetProperty("countries")[0].GetString());

        Assert.Equal([inGermany], Ids(await MatchAsync(client, new { jobId })));
        // A request filter replaces the job's.
        Assert.Equal(new[] { inGermany, inRussia }.Order(), Ids(await MatchAsync(client, new { jobId, filter = new { tags = new { any = new[] { tag } } } })).Order());

        // PUT replaces the job, its filter included: without one, /match by the job keeps everyone again.
        var replaced = await client.PutAsJsonAsync($"/jobs/{jobId}", new { title = "Python developer", requirements = Python }, Json.Options);
        Assert.Equal(JsonValueKind.Null, (await replaced.ReadJsonAsync()).GetProperty("filter").ValueKind);
        Assert.Contains(inRussia, Ids(await MatchAsync(client, new { jobId, topK = 1000 })));
        var restored = await client.PutAsJsonAsync($"/jobs/{jobId}", new
        {
            title = "Python developer (Germany)", requirements = Python,
            filter = new { location = new { countries = new[] { "DE" } }, tags = new { any = new[] { tag } } },
        }, Json.Options);
        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);

        var bad = await client.PostJsonAsync("/jobs", new { title = "x", requirements = Python, filter = new { yearsOfExperience = new { min = 3, max = 1 } } });
        Assert.Equal(["filter.yearsOfExperience"],
            (await ProblemAssert.IsAsync(bad, HttpStatusCode.BadRequest, "validation-failed")).Errors!.Select(e => e.Name));

        // Reverse match: the job is only offered to candidates its filter keeps.
        var forGermany = await (await client.GetAsync($"/profiles/{inGermany}/matches?topK=1000")).ReadJsonAsync();
        Assert.Contains(forGermany.GetProperty("results").EnumerateArray(), r => r.GetProperty("jobId").GetString() == jobId);
        var forRussia = await (await client.GetAsync($"/profiles/{inRussia}/matches?topK=1000")).ReadJsonAsync();
        Assert.DoesNotContain(forRussia.GetProperty("results").EnumerateArray(), r => r.GetProperty("jobId").GetString() == jobId);

        // The nightly list of the job holds only the candidates its filter keeps.
        HttpResponseMessage started;
        var busyUntil = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            started = await client.PostJsonAsync("/scoring-runs", new { jobs = new[] { jobId } });
            if (started.StatusCode != HttpStatusCode.Conflict || DateTime.UtcNow > busyUntil) break;
            await Task.Delay(100);
        }
        var runId = (await started.ReadJsonAsync()).GetProperty("id").GetString()!;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await (await client.GetAsync($"/scoring-runs/{runId}")).ReadJsonAsync()).GetProperty("status").GetString() == "running")
        {
            Assert.True(DateTime.UtcNow < deadline, "The run did not finish in 60 s");
            await Task.Delay(50);
        }
        var stored = await (await client.GetAsync($"/jobs/{jobId}/matches?run=latest")).ReadJsonAsync();
        Assert.Equal([inGermany], stored.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("profileId").GetString()));
    }
}

public sealed class SqliteSearchTests(SqliteApiFixture fixture) : SearchTests(fixture.Factory), IClassFixture<SqliteApiFixture>;

public sealed class PostgresSearchTests(PostgresApiFixture fixture) : SearchTests(fixture.Factory), IClassFixture<PostgresApiFixture>;
