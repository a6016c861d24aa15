using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Matching.Api.Tests;

/// <summary>
/// The public contract through HTTP. Written once, run against SQLite and against PostgreSQL
/// (<see cref="SqliteApiTests"/>, <see cref="PostgresApiTests"/>).
/// </summary>
public abstract class ApiTests(ApiFactory factory)
{
    protected ApiFactory Factory { get; } = factory;

    private const string CvEngineer = """
        ## 1. Какой опыт коммерческой разработки?
        #### Acme Vision - ML engineer
        Разработал сервис детекции дефектов на PyTorch и YOLOv8, в проде с 2021 года. Поиск по базе знаний сделал на RAG с LangChain.
        ## 2. Работали ли с SQL?
        В основном PostgreSQL, писал сложные запросы. С Kubernetes не работал.
        """;

    private const string Backend = """
        ## 1. Опыт
        #### Shop Inc - Backend developer
        Пишу бэкенд на Python и FastAPI, база PostgreSQL, очереди на RabbitMQ, всё в Docker.
        ## 2. ML
        С машинным обучением не работал.
        """;

    private const string Analyst = """
        Data analyst, 3 years. Daily work: SQL in ClickHouse and PostgreSQL, dashboards in Superset, pandas for ad-hoc analysis.
        I took a course on PyTorch once but never used it at work.
        """;

    protected async Task<JsonElement> IngestAsync(HttpClient client, string? externalId, string content, string format = "markdown",
        HttpStatusCode expected = HttpStatusCode.Created)
    {
        var response = await client.PostJsonAsync("/profiles", new
        {
            externalId,
            questionnaire = new { format, content },
            language = "auto",
        });
        var body = await response.ReadJsonAsync();
        Assert.True(expected == response.StatusCode, $"Expected {expected}, got {(int)response.StatusCode}: {body}");
        return body;
    }

    private static HashSet<string> SkillIds(JsonElement profile, string? source = null) =>
        profile.GetProperty("skills").EnumerateArray()
            .Where(s => source is null || s.GetProperty("source").GetString() == source)
            .Select(s => s.GetProperty("skill").GetString()!).ToHashSet();

    private static JsonElement Skill(JsonElement profile, string id) =>
        profile.GetProperty("skills").EnumerateArray().Single(s => s.GetProperty("skill").GetString() == id);

    private static void AssertProblem(JsonElement body, int status)
    {
        Assert.Equal(status, body.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("title").GetString()));
    }

    [Fact]
    public async Task Health_answers_without_a_key()
    {
        await Factory.WaitUntilReadyAsync();
        using var client = Factory.Client(key: null);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("ready", (await ready.ReadJsonAsync()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Missing_or_wrong_key_is_401_problem()
    {
        using var anonymous = Factory.Client(key: null);
        var missing = await anonymous.GetAsync("/skills");
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        AssertProblem(await missing.ReadJsonAsync(), 401);

        using var wrong = Factory.Client("not-a-key");
        var denied = await wrong.PostJsonAsync("/match", new { requirements = new[] { new { skill = "python" } } });
        Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
    }

    [Fact]
    public async Task Read_only_key_can_match_and_read_but_not_write()
    {
        await Factory.WaitUntilReadyAsync();
        using var reader = Factory.Client(ApiFactory.ReadKey);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/skills?limit=1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK,
            (await reader.PostJsonAsync("/match", new { requirements = new[] { new { skill = "python" } } })).StatusCode);

        var write = await reader.PostJsonAsync("/profiles", new { questionnaire = new { format = "text", content = "Python, Docker" } });
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        AssertProblem(await write.ReadJsonAsync(), 403);
        var job = await reader.PostJsonAsync("/jobs", new { title = "x", requirements = new[] { new { skill = "python" } } });
        Assert.Equal(HttpStatusCode.Forbidden, job.StatusCode);

        using var writer = Factory.Client(ApiFactory.WriteKey);
        await IngestAsync(writer, null, "Python и Docker на работе каждый день.", "text");
    }

    [Fact]
    public async Task Skills_are_listed_paged_and_resolved_by_russian_alias()
    {
        using var client = Factory.Client();
        var first = await (await client.GetAsync("/skills?limit=5")).ReadJsonAsync();
        Assert.Equal(5, first.GetProperty("items").GetArrayLength());
        var cursor = first.GetProperty("nextCursor").GetString();
        Assert.NotNull(cursor);
        var second = await (await client.GetAsync($"/skills?limit=5&cursor={Uri.EscapeDataString(cursor!)}")).ReadJsonAsync();
        var firstIds = first.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("id").GetString()).ToList();
        var secondIds = second.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("id").GetString()).ToList();
        Assert.Empty(firstIds.Intersect(secondIds));
        Assert.True(string.CompareOrdinal(firstIds[^1], secondIds[0]) < 0);

        var pytorch = await (await client.GetAsync("/skills/pytorch")).ReadJsonAsync();
        Assert.Equal("PyTorch", pytorch.GetProperty("name").GetString());
        Assert.Contains("torch", pytorch.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));

        var resolved = await (await client.GetAsync("/skills/resolve?text=" + Uri.EscapeDataString("постгрес"))).ReadJsonAsync();
        Assert.Equal("postgresql", resolved.GetProperty("matches")[0].GetProperty("skill").GetProperty("id").GetString());

        var search = await (await client.GetAsync("/skills?q=postgres")).ReadJsonAsync();
        Assert.Contains("postgresql", search.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("id").GetString()));

        var unknown = await client.GetAsync("/skills/no-such-skill");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        AssertProblem(await unknown.ReadJsonAsync(), 404);
    }

    [Fact]
    public async Task Ingest_extracts_skills_with_evidence_that_points_at_the_text()
    {
        using var client = Factory.Client();
        var profile = await IngestAsync(client, "cv-" + Guid.NewGuid(), CvEngineer);
        var ids = SkillIds(profile, "mentioned");
        Assert.Superset(new HashSet<string> { "pytorch", "yolo", "rag", "langchain", "postgresql" }, ids);
        Assert.DoesNotContain("kubernetes", SkillIds(profile));
        Assert.Contains("deep-learning", SkillIds(profile, "inferred"));

        foreach (var skill in profile.GetProperty("skills").EnumerateArray().Where(s => s.GetProperty("source").GetString() == "mentioned"))
        {
            var evidence = skill.GetProperty("evidence");
            Assert.True(evidence.GetArrayLength() > 0, $"{skill.GetProperty("skill")} has no evidence");
            foreach (var e in evidence.EnumerateArray())
            {
                int start = e.GetProperty("start").GetInt32(), end = e.GetProperty("end").GetInt32();
                Assert.Equal(CvEngineer[start..end], e.GetProperty("quote").GetString());
            }
        }
        Assert.Contains(profile.GetProperty("experience").EnumerateArray(),
            e => e.GetProperty("organization").GetString() == "Acme Vision");

        var stored = await (await client.GetAsync($"/profiles/{profile.GetProperty("id").GetString()}")).ReadJsonAsync();
        Assert.Equal(SkillIds(profile), SkillIds(stored));
    }

    [Fact]
    public async Task Reingesting_an_external_id_keeps_the_id_and_the_overrides()
    {
        using var client = Factory.Client();
        var externalId = "hr-" + Guid.NewGuid();
        var first = await IngestAsync(client, externalId, CvEngineer);
        var id = first.GetProperty("id").GetString()!;

        var patch = await client.PatchAsJsonAsync($"/profiles/{id}/skills", new
        {
            skills = new object[] { new { skill = "Kafka", level = 0.8 }, new { skill = "langchain", remove = true } },
        });
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        var patched = await patch.ReadJsonAsync();
        Assert.Equal("manual", Skill(patched, "kafka").GetProperty("source").GetString());
        Assert.DoesNotContain("langchain", SkillIds(patched));

        var again = await IngestAsync(client, externalId, CvEngineer + "\nЕщё немного Airflow.", expected: HttpStatusCode.OK);
        Assert.Equal(id, again.GetProperty("id").GetString());
        Assert.Equal(0.8, Skill(again, "kafka").GetProperty("level").GetDouble(), 3);
        Assert.DoesNotContain("langchain", SkillIds(again));
        Assert.Contains("airflow", SkillIds(again));
        Assert.Equal(first.GetProperty("createdAt").GetString(), again.GetProperty("createdAt").GetString());

        var list = await (await client.GetAsync($"/profiles?externalId={externalId}")).ReadJsonAsync();
        Assert.Equal(1, list.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Empty_or_skill_less_text_is_422_and_stores_nothing()
    {
        using var client = Factory.Client();
        var externalId = "empty-" + Guid.NewGuid();
        foreach (var content in new[] { "   \n\t ", "Люблю гулять с собакой и читать книги." })
        {
            var response = await client.PostJsonAsync("/profiles", new { externalId, questionnaire = new { format = "text", content } });
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            var problem = await response.ReadJsonAsync();
            AssertProblem(problem, 422);
            Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        }
        var list = await (await client.GetAsync($"/profiles?externalId={externalId}")).ReadJsonAsync();
        Assert.Equal(0, list.GetProperty("items").GetArrayLength());
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("""{ "questionnaire": { "format": "markdown", "content": 42 } }""")]
    [InlineData("""{ "questionnaire": { "format": "pdf", "content": "Python" } }""")]
    [InlineData("""{ "questionnaire": { "format": "qa", "content": "Python" } }""")]
    [InlineData("""{ "questionnaire": { "format": "text" } }""")]
    [InlineData("""{ "language": "de", "questionnaire": { "format": "text", "content": "Python" } }""")]
    [InlineData("""[1, 2, 3]""")]
    [InlineData("""{ "questionnaire": null }""")]
    public async Task Malformed_ingest_is_400_problem_and_stores_nothing(string body)
    {
        using var client = Factory.Client();
        var before = await CountProfilesAsync(client);
        var response = await client.PostAsync("/profiles", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        AssertProblem(await response.ReadJsonAsync(), 400);
        Assert.Equal(before, await CountProfilesAsync(client));
    }

    [Fact]
    public async Task Oversized_questionnaire_is_rejected()
    {
        using var client = Factory.Client();
        var tooLong = await client.PostJsonAsync("/profiles",
            new { questionnaire = new { format = "text", content = new string('a', 100_001) } });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        AssertProblem(await tooLong.ReadJsonAsync(), 400);

        var huge = new StringContent("{\"questionnaire\":{\"format\":\"text\",\"content\":\"" + new string('a', 3_000_000) + "\"}}",
            Encoding.UTF8, "application/json");
        var tooBig = await client.PostAsync("/profiles", huge);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBig.StatusCode);
    }

    [Fact]
    public async Task Extract_only_returns_a_profile_and_stores_nothing()
    {
        using var client = Factory.Client();
        var before = await CountProfilesAsync(client);
        var response = await client.PostJsonAsync("/profiles/extract", new
        {
            questionnaire = new { format = "qa", answers = new[] { new { question = "Какие инструменты?", answer = "Docker, Git и немного Airflow" } } },
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var profile = await response.ReadJsonAsync();
        Assert.Superset(new HashSet<string> { "docker", "git", "airflow" }, SkillIds(profile, "mentioned"));
        Assert.Equal(JsonValueKind.Null, profile.GetProperty("id").ValueKind);
        var docker = Skill(profile, "docker").GetProperty("evidence")[0];
        Assert.Equal(0, docker.GetProperty("answer").GetInt32());
        Assert.Equal(before, await CountProfilesAsync(client));
    }

    [Fact]
    public async Task Delete_erases_the_profile_and_it_leaves_match()
    {
        using var client = Factory.Client();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var profile = await IngestAsync(client, "del-" + tag, "Коммерческий опыт: Erlang и Elixir, 5 лет в production.", "text");
        var id = profile.GetProperty("id").GetString()!;
        Assert.Contains(await MatchIdsAsync(client, "erlang"), x => x == id);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/profiles/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/profiles/{id}")).StatusCode);
        Assert.DoesNotContain(await MatchIdsAsync(client, "erlang"), x => x == id);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/profiles/{id}")).StatusCode);
    }

    [Fact]
    public async Task Jobs_resolve_requirement_aliases_and_reject_unknown_skills_with_suggestions()
    {
        using var client = Factory.Client();
        var created = await client.PostJsonAsync("/jobs", new
        {
            externalId = "vac-" + Guid.NewGuid(),
            title = "CV engineer",
            requirements = new object[]
            {
                new { skill = "пайторч", required = true },
                new { skill = "Postgres", weight = 0.5, minLevel = 0.25 },
            },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.NotNull(created.Headers.Location);
        var job = await created.ReadJsonAsync();
        var skills = job.GetProperty("requirements").EnumerateArray().Select(r => r.GetProperty("skill").GetString()).ToList();
        Assert.Equal(["pytorch", "postgresql"], skills);
        var id = job.GetProperty("id").GetString();

        var unknown = await client.PostJsonAsync("/jobs", new { title = "x", requirements = new[] { new { skill = "pytorhc" } } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        var problem = await unknown.ReadJsonAsync();
        Assert.Contains("pytorhc", problem.GetProperty("detail").GetString());
        Assert.Contains("pytorch", problem.GetProperty("unknownSkills")[0].GetProperty("suggestions").EnumerateArray().Select(s => s.GetString()));

        var put = await client.PutAsJsonAsync($"/jobs/{id}", new { title = "CV lead", status = "closed", requirements = new[] { new { skill = "yolo" } } });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var updated = await (await client.GetAsync($"/jobs/{id}")).ReadJsonAsync();
        Assert.Equal("CV lead", updated.GetProperty("title").GetString());
        Assert.Equal("closed", updated.GetProperty("status").GetString());

        var closed = await (await client.GetAsync("/jobs?status=closed&limit=200")).ReadJsonAsync();
        Assert.Contains(closed.GetProperty("items").EnumerateArray(), j => j.GetProperty("id").GetString() == id);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/jobs/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/jobs/{id}")).StatusCode);
    }

    [Fact]
    public async Task Job_limits_and_shapes_are_validated()
    {
        using var client = Factory.Client();
        var many = Enumerable.Range(0, 101).Select(i => new { skill = "python" }).ToArray();
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostJsonAsync("/jobs", new { title = "x", requirements = many })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest,
            (await client.PostJsonAsync("/jobs", new { title = "", requirements = new[] { new { skill = "python" } } })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest,
            (await client.PostJsonAsync("/jobs", new { title = "x", requirements = new[] { new { skill = "python", weight = 2 } } })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest,
            (await client.PostJsonAsync("/match", new { requirements = new[] { new { skill = "python" } }, topK = 1001 })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostJsonAsync("/match", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostJsonAsync("/match", new { jobId = "j_missing" })).StatusCode);
    }

    [Fact]
    public async Task Match_ranks_holders_of_required_skills_first_and_explains_every_point()
    {
        using var client = Factory.Client();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var cv = (await IngestAsync(client, "m-cv-" + tag, CvEngineer)).GetProperty("id").GetString();
        var backend = (await IngestAsync(client, "m-be-" + tag, Backend)).GetProperty("id").GetString();
        var analyst = (await IngestAsync(client, "m-an-" + tag, Analyst, "text")).GetProperty("id").GetString();

        var response = await client.PostJsonAsync("/match", new
        {
            requirements = new object[]
            {
                new { skill = "PyTorch", required = true },
                new { skill = "RAG", weight = 0.8 },
                new { skill = "YOLO", weight = 0.6 },
                new { skill = "SQL", weight = 0.5, minLevel = 0.25 },
            },
            topK = 1000,
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.True(body.GetProperty("considered").GetInt32() >= 3);
        var results = body.GetProperty("results").EnumerateArray().ToList();
        var ids = results.Select(r => r.GetProperty("profileId").GetString()).ToList();
        Assert.Contains(cv, ids);
        Assert.Contains(backend, ids);
        var cvResult = results.Single(r => r.GetProperty("profileId").GetString() == cv);
        var backendResult = results.Single(r => r.GetProperty("profileId").GetString() == backend);
        Assert.True(ids.IndexOf(cv) < ids.IndexOf(backend));
        Assert.Empty(cvResult.GetProperty("missingRequired").EnumerateArray());
        Assert.Equal(["pytorch"], backendResult.GetProperty("missingRequired").EnumerateArray().Select(m => m.GetString()));

        // The backend developer has PostgreSQL, a child of SQL: partial credit, with the quote that earned it.
        var sql = backendResult.GetProperty("breakdown").EnumerateArray().Single(b => b.GetProperty("requirement").GetString() == "sql");
        Assert.Equal("child", sql.GetProperty("relation").GetString());
        Assert.Equal("postgresql", sql.GetProperty("matchedSkill").GetString());
        Assert.True(sql.GetProperty("evidence").GetArrayLength() > 0);

        for (var i = 0; i < results.Count; i++)
        {
            var r = results[i];
            Assert.Equal(i + 1, r.GetProperty("rank").GetInt32());
            var sum = r.GetProperty("breakdown").EnumerateArray().Sum(b => b.GetProperty("contribution").GetDecimal());
            Assert.Equal(r.GetProperty("score").GetDecimal(), sum);
            Assert.All(r.GetProperty("breakdown").EnumerateArray(),
                b => Assert.InRange(b.GetProperty("depthContribution").GetDecimal(), 0m, b.GetProperty("contribution").GetDecimal()));
        }

        var strict = await (await client.PostJsonAsync("/match", new
        {
            requirements = new object[] { new { skill = "PyTorch", required = true }, new { skill = "SQL" } },
            strict = true,
            topK = 1000,
        })).ReadJsonAsync();
        var strictIds = strict.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("profileId").GetString()).ToList();
        Assert.Contains(cv, strictIds);
        Assert.DoesNotContain(backend, strictIds);
        Assert.DoesNotContain(analyst, strictIds);

        var top1 = await (await client.PostJsonAsync("/match", new { requirements = new[] { new { skill = "postgresql" } }, topK = 1 })).ReadJsonAsync();
        Assert.Equal(1, top1.GetProperty("results").GetArrayLength());

        var high = await (await client.PostJsonAsync("/match", new { requirements = new[] { new { skill = "postgresql" } }, minScore = 100.0, topK = 1000 })).ReadJsonAsync();
        Assert.All(high.GetProperty("results").EnumerateArray(), r => Assert.Equal(100m, r.GetProperty("score").GetDecimal()));
    }

    [Fact]
    public async Task Match_ranks_the_deeper_of_two_candidates_meeting_the_minimum_first_and_shows_the_depth_points()
    {
        using var client = Factory.Client();
        var tag = Guid.NewGuid().ToString("N")[..8];
        async Task<string> CandidateAsync(string name, double kafka)
        {
            var id = (await IngestAsync(client, $"depth-{name}-{tag}", Backend)).GetProperty("id").GetString()!;
            var patch = await client.PatchAsJsonAsync($"/profiles/{id}/skills", new { skills = new[] { new { skill = "Kafka", level = kafka } } });
            Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
            return id;
        }
        var shallow = await CandidateAsync("shallow", 0.55);
        var deep = await CandidateAsync("deep", 0.95);

        var body = await (await client.PostJsonAsync("/match", new
        {
            requirements = new[] { new { skill = "Kafka", required = true, minLevel = 0.5 } },
            topK = 1000,
        })).ReadJsonAsync();

        var results = body.GetProperty("results").EnumerateArray().ToList();
        var ids = results.Select(r => r.GetProperty("profileId").GetString()).ToList();
        Assert.True(ids.IndexOf(deep) < ids.IndexOf(shallow));
        // Both meet the minimum (85 points); depth above it earns the rest: 0.45 and 0.05 of the 0.5 up to level 1.
        foreach (var (id, score, depth) in new[] { (deep, 98.5m, 13.5m), (shallow, 86.5m, 1.5m) })
        {
            var result = results.Single(r => r.GetProperty("profileId").GetString() == id);
            var kafka = result.GetProperty("breakdown")[0];
            Assert.Equal(score, result.GetProperty("score").GetDecimal());
            Assert.Equal((score, depth), (kafka.GetProperty("contribution").GetDecimal(), kafka.GetProperty("depthContribution").GetDecimal()));
            Assert.Equal(0.85, kafka.GetProperty("credit").GetDouble() - kafka.GetProperty("depthCredit").GetDouble(), 4);
            Assert.Empty(result.GetProperty("missingRequired").EnumerateArray());
        }
        Assert.Equal("scorer-2", body.GetProperty("scorerVersion").GetString());
    }

    [Fact]
    public async Task Match_by_stored_job_and_reverse_match_agree()
    {
        using var client = Factory.Client();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var profileId = (await IngestAsync(client, "rv-" + tag, CvEngineer)).GetProperty("id").GetString()!;
        var job = await (await client.PostJsonAsync("/jobs", new
        {
            title = "CV " + tag,
            requirements = new object[] { new { skill = "pytorch", required = true }, new { skill = "yolo" } },
        })).ReadJsonAsync();
        var jobId = job.GetProperty("id").GetString();

        var byJob = await (await client.PostJsonAsync("/match", new { jobId, topK = 1000 })).ReadJsonAsync();
        var forward = byJob.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("profileId").GetString() == profileId);

        var reverse = await client.GetAsync($"/profiles/{profileId}/matches?topK=1000");
        Assert.Equal(HttpStatusCode.OK, reverse.StatusCode);
        var back = (await reverse.ReadJsonAsync()).GetProperty("results").EnumerateArray()
            .Single(r => r.GetProperty("jobId").GetString() == jobId);
        Assert.Equal(forward.GetProperty("score").GetDecimal(), back.GetProperty("score").GetDecimal());
    }

    [Fact]
    public async Task Profiles_filter_by_skill_and_level_and_page_without_gaps()
    {
        using var client = Factory.Client();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var made = new List<string>();
        for (var i = 0; i < 5; i++)
            made.Add((await IngestAsync(client, $"pg-{tag}-{i}", $"Коммерческий опыт на Haskell, {i + 1} года в production.", "text"))
                .GetProperty("id").GetString()!);

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var url = "/profiles?skill=haskell&limit=2" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
            var page = await (await client.GetAsync(url)).ReadJsonAsync();
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetString()!));
            cursor = page.GetProperty("nextCursor").GetString();
        } while (cursor is not null);
        Assert.Equal(seen.Distinct().Count(), seen.Count);
        Assert.Superset(made.ToHashSet(), seen.ToHashSet());

        var none = await (await client.GetAsync("/profiles?skill=haskell&minLevel=1.0")).ReadJsonAsync();
        Assert.All(none.GetProperty("items").EnumerateArray(),
            p => Assert.Equal(1.0, Skill(p, "haskell").GetProperty("level").GetDouble()));

        var unknown = await client.GetAsync("/profiles?skill=nosuchskillxyz");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/profiles?cursor=garbage!!")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/profiles?limit=abc")).StatusCode);
    }

    [Fact]
    public async Task Inflected_and_versioned_terms_resolve()
    {
        using var client = Factory.Client();
        foreach (var (term, id) in new[] { ("постгреса", "postgresql"), ("YOLOv8", "yolo"), ("машинного обучения", "machine-learning") })
        {
            var body = await (await client.GetAsync("/skills/resolve?text=" + Uri.EscapeDataString(term))).ReadJsonAsync();
            Assert.Equal(id, body.GetProperty("matches")[0].GetProperty("skill").GetProperty("id").GetString());
        }
        var none = await (await client.GetAsync("/skills/resolve?text=pytorhc")).ReadJsonAsync();
        Assert.Equal(0, none.GetProperty("matches").GetArrayLength());
        Assert.Contains("pytorch", none.GetProperty("suggestions").EnumerateArray().Select(s => s.GetProperty("skill").GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Job_requirements_are_extracted_from_a_vacancy_text()
    {
        using var client = Factory.Client();
        var response = await client.PostJsonAsync("/jobs", new
        {
            title = "ML engineer",
            description = "Требования: обязательно уверенный Python и PyTorch, опыт с PostgreSQL. Будет плюсом: Kubernetes, Airflow.",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var requirements = (await response.ReadJsonAsync()).GetProperty("requirements").EnumerateArray()
            .ToDictionary(r => r.GetProperty("skill").GetString()!, r => r.GetProperty("required").GetBoolean());
        Assert.True(requirements["python"]);
        Assert.True(requirements["pytorch"]);
        Assert.False(requirements["kubernetes"]);
        Assert.False(requirements["airflow"]);

        var nothing = await client.PostJsonAsync("/jobs", new { title = "x", description = "Дружный коллектив и печеньки." });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, nothing.StatusCode);
    }

    [Fact]
    public async Task A_denied_skill_stays_out_after_recruiter_overrides()
    {
        using var client = Factory.Client();
        var profile = await IngestAsync(client, "deny-" + Guid.NewGuid(),
            "Пишу на Python, линейную регрессию объяснял студентам. С машинным обучением не работал.", "text");
        Assert.DoesNotContain("machine-learning", SkillIds(profile));
        var id = profile.GetProperty("id").GetString();
        var patched = await (await client.PatchAsJsonAsync($"/profiles/{id}/skills",
            new { skills = new[] { new { skill = "docker", level = 0.5 } } })).ReadJsonAsync();
        Assert.Contains("docker", SkillIds(patched));
        Assert.DoesNotContain("machine-learning", SkillIds(patched));
    }

    [Fact]
    public async Task Unsupported_language_and_binary_text_are_422_with_a_code()
    {
        using var client = Factory.Client();
        var german = await client.PostJsonAsync("/profiles/extract", new
        {
            questionnaire = new { format = "text", content = "Ich arbeite seit fünf Jahren als Entwickler und habe viel Erfahrung mit Datenbanken und Webanwendungen." },
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, german.StatusCode);
        Assert.Equal("unsupported-language", (await german.ReadJsonAsync()).GetProperty("code").GetString());

        var binary = await client.PostJsonAsync("/profiles/extract", new
        {
            questionnaire = new { format = "text", content = Convert.ToBase64String(Enumerable.Range(0, 3000).Select(i => (byte)(i * 7919 % 251)).ToArray()) },
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, binary.StatusCode);
    }

    [Fact]
    public async Task Control_characters_in_ids_and_text_are_400()
    {
        using var client = Factory.Client();
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/profiles?externalId=a%00b")).StatusCode);
        var nul = await client.PostJsonAsync("/profiles", new { questionnaire = new { format = "text", content = "Python\0 и Docker" } });
        Assert.Equal(HttpStatusCode.BadRequest, nul.StatusCode);
        var patch = await client.PatchAsJsonAsync("/profiles/p_missing/skills", new { skills = new[] { new { skill = "docker", level = 1.5 } } });
        Assert.Equal(HttpStatusCode.BadRequest, patch.StatusCode);
    }

    [Fact]
    public async Task Health_shows_components_to_anyone_and_details_only_to_an_admin_key()
    {
        await Factory.WaitUntilReadyAsync();
        foreach (var key in new[] { null, ApiFactory.ReadKey, "not-a-key" })
        {
            using var client = Factory.Client(key);
            var text = await (await client.GetAsync("/health/ready")).Content.ReadAsStringAsync();
            var body = JsonDocument.Parse(text).RootElement;
            Assert.Equal("ok", body.GetProperty("checks").GetProperty("database").GetString());
            Assert.Equal("ok", body.GetProperty("checks").GetProperty("matchIndex").GetString());
            Assert.Equal(JsonValueKind.Null, body.GetProperty("details").ValueKind);
            Assert.DoesNotContain(Factory.Provider, text, StringComparison.OrdinalIgnoreCase);
        }
        using var admin = Factory.Client();
        var details = (await (await admin.GetAsync("/health/ready")).ReadJsonAsync()).GetProperty("details");
        Assert.Equal(Factory.Provider, details.GetProperty("databaseProvider").GetString());
        // Every skill of the shipped file (db/taxonomy.json), whatever its size today.
        Assert.Equal(ShippedSkillCount(), details.GetProperty("taxonomySkills").GetInt32());
    }

    [Theory]
    [InlineData("not kubernetes")]
    [InlineData("p_x' AND pg_sleep(5)--")]
    [InlineData("${jndi:ldap://x}")]
    [InlineData("kubernetes, docker")]
    [InlineData("опыт с PostgreSQL")]
    public async Task A_field_that_names_one_skill_must_name_it_as_a_whole(string skill)
    {
        using var client = Factory.Client();
        var profile = await IngestAsync(client, null, CvEngineer);
        var before = SkillIds(profile);

        var patch = await client.PatchAsJsonAsync($"/profiles/{profile.GetProperty("id").GetString()}/skills",
            new { skills = new[] { new { skill, level = 0.75 } } });
        var job = await client.PostJsonAsync("/jobs", new { title = "x", requirements = new[] { new { skill } } });
        var match = await client.PostJsonAsync("/match", new { requirements = new[] { new { skill } } });
        var list = await client.GetAsync("/profiles?skill=" + Uri.EscapeDataString(skill));

        foreach (var response in new[] { patch, job, match, list })
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            var problem = await response.ReadJsonAsync();
            Assert.Equal(skill, problem.GetProperty("unknownSkills")[0].GetProperty("skill").GetString());
        }
        var after = await (await client.GetAsync($"/profiles/{profile.GetProperty("id").GetString()}")).ReadJsonAsync();
        Assert.Equal(before, SkillIds(after));
        Assert.Contains("kubernetes", (await (await client.PostJsonAsync("/match",
            new { requirements = new[] { new { skill = "not kubernetes" } } })).ReadJsonAsync())
            .GetProperty("unknownSkills")[0].GetProperty("suggestions").EnumerateArray().Select(s => s.GetString()));
    }

    [Theory]
    [InlineData("Postgres", "postgresql")]
    [InlineData("постгресом", "postgresql")]
    [InlineData("ПайТорч", "pytorch")]
    [InlineData("  kubernetes  ", "kubernetes")]
    [InlineData("Kubernetes 1.29", "kubernetes")]
    [InlineData("YOLOv8", "yolo")]
    [InlineData("llama-cpp", "llama-cpp")]
    [InlineData("Llama CPP", "llama-cpp")]
    public async Task A_skill_is_named_by_id_name_or_alias_in_any_case_inflection_or_version(string skill, string id)
    {
        using var client = Factory.Client();
        var job = await client.PostJsonAsync("/jobs", new { title = "x", requirements = new[] { new { skill } } });
        Assert.Equal(HttpStatusCode.Created, job.StatusCode);
        Assert.Equal(id, (await job.ReadJsonAsync()).GetProperty("requirements")[0].GetProperty("skill").GetString());
    }

    [Theory]
    [InlineData("""{ "requirements": [ { "skill": "python" } ], "topK": 10, "topK": 5 }""", "topK")]
    [InlineData("""{ "requirements": [ { "skill": "python", "skill": "kafka" } ] }""", "requirements[0].skill")]
    [InlineData("""{ "requirements": [ { "skill": "python" } ], "topK": "10" }""", "topK")]
    [InlineData("""{ "requirements": [ { "skill": "python", "minLevel": "0.5" } ] }""", "requirements[0].minLevel")]
    [InlineData("""{ "requirements": [ { "skill": "python", "required": "true" } ] }""", "requirements[0].required")]
    public async Task Duplicate_keys_and_quoted_numbers_are_400_naming_the_field(string json, string field)
    {
        using var client = Factory.Client();
        var response = await client.PostAsync("/match", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadJsonAsync();
        AssertProblem(problem, 400);
        Assert.Contains($"'{field}'", problem.GetProperty("detail").GetString());
    }

    private static async Task<List<string>> MatchIdsAsync(HttpClient client, string skill)
    {
        var body = await (await client.PostJsonAsync("/match", new { requirements = new[] { new { skill } }, topK = 1000 })).ReadJsonAsync();
        return body.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("profileId").GetString()!).ToList();
    }

    private static async Task<int> CountProfilesAsync(HttpClient client)
    {
        var count = 0;
        string? cursor = null;
        do
        {
            var page = await (await client.GetAsync("/profiles?limit=200" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)))).ReadJsonAsync();
            count += page.GetProperty("items").GetArrayLength();
            cursor = page.GetProperty("nextCursor").GetString();
        } while (cursor is not null);
        return count;
    }

    private static int ShippedSkillCount()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            var path = Path.Combine(d.FullName, "db", "taxonomy.json");
            if (File.Exists(path)) return Matching.Core.Taxonomy.SkillTaxonomy.LoadFile(path).Count;
        }
        throw new FileNotFoundException("db/taxonomy.json not found above the test binaries.");
    }
}
