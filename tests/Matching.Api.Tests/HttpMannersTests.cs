using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Matching.Data;
using Matching.Testing;

namespace Matching.Api.Tests;

/// <summary>
/// What an HTTP client notices besides the payloads: bodiless reads with a JSON Content-Type, compression, ETags, security
/// and cache headers, scores with two decimals, overrides that name skills the profile lacks. SQLite and PostgreSQL.
/// </summary>
public abstract class HttpMannersTests(ApiFactory factory)
{
    private static async Task<string> ProfileAsync(HttpClient client, string text = "Коммерческий опыт: Erlang и Elixir, 5 лет в production.")
    {
        var response = await client.PostJsonAsync("/profiles",
            new { externalId = "manners-" + Guid.NewGuid().ToString("N")[..8], questionnaire = new { format = "text", content = text } });
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
        return body.GetProperty("id").GetString()!;
    }

    private static HttpRequestMessage WithJsonContentTypeAndNoBody(HttpMethod method, string url)
    {
        var request = new HttpRequestMessage(method, url) { Content = new ByteArrayContent([]) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return request;
    }

    [Fact]
    public async Task Bodiless_get_head_and_delete_with_a_json_content_type_work()
    {
        using var client = factory.Client();
        var id = await ProfileAsync(client);
        foreach (var url in new[] { "/skills/pytorch", "/skills?limit=2", $"/profiles/{id}", "/jobs", "/health/ready" })
        {
            var get = await client.SendAsync(WithJsonContentTypeAndNoBody(HttpMethod.Get, url));
            Assert.True(get.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)get.StatusCode} {await get.Content.ReadAsStringAsync()}");
            var head = await client.SendAsync(WithJsonContentTypeAndNoBody(HttpMethod.Head, url));
            Assert.True(head.StatusCode == HttpStatusCode.OK, $"HEAD {url}: {(int)head.StatusCode}");
        }
        var delete = await client.SendAsync(WithJsonContentTypeAndNoBody(HttpMethod.Delete, $"/profiles/{id}"));
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/profiles/{id}")).StatusCode);
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task Json_answers_are_compressed_as_negotiated(string encoding)
    {
        using var client = factory.Client();
        var request = new HttpRequestMessage(HttpMethod.Get, "/skills?limit=200");
        request.Headers.AcceptEncoding.ParseAdd(encoding);
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([encoding], response.Content.Headers.ContentEncoding);
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        var compressed = await response.Content.ReadAsByteArrayAsync();
        await using Stream decoder = encoding == "br"
            ? new BrotliStream(new MemoryStream(compressed), CompressionMode.Decompress)
            : new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        var plain = new MemoryStream();
        await decoder.CopyToAsync(plain);
        Assert.True(compressed.Length * 3 < plain.Length, $"{compressed.Length} compressed bytes for {plain.Length}");
        Assert.Equal(200, JsonDocument.Parse(plain.ToArray()).RootElement.GetProperty("items").GetArrayLength());

        var identity = await client.GetAsync("/skills?limit=200");
        Assert.Empty(identity.Content.Headers.ContentEncoding);
    }

    [Fact]
    public async Task Profile_reads_answer_304_to_their_etag_until_the_profile_changes()
    {
        using var client = factory.Client();
        var id = await ProfileAsync(client);
        var first = await client.GetAsync($"/profiles/{id}");
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);

        var again = new HttpRequestMessage(HttpMethod.Get, $"/profiles/{id}");
        again.Headers.IfNoneMatch.Add(etag);
        var notModified = await client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        Assert.Equal(etag, notModified.Headers.ETag);

        var patch = await client.PatchAsJsonAsync($"/profiles/{id}/skills", new { skills = new[] { new { skill = "Kafka", level = 0.75 } } });
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        var stale = new HttpRequestMessage(HttpMethod.Get, $"/profiles/{id}");
        stale.Headers.IfNoneMatch.Add(etag);
        var changed = await client.SendAsync(stale);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
        Assert.Contains("kafka", (await changed.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Job_and_skill_reads_answer_304_to_their_etag_and_a_changed_job_gets_a_new_one()
    {
        using var client = factory.Client();
        var created = await (await client.PostJsonAsync("/jobs", new { title = "ETag job", requirements = new[] { new { skill = "python" } } })).ReadJsonAsync();
        var jobUrl = $"/jobs/{created.GetProperty("id").GetString()}";
        var skillUrl = "/skills/pytorch";
        foreach (var url in new[] { jobUrl, skillUrl })
        {
            var etag = (await client.GetAsync(url)).Headers.ETag;
            Assert.NotNull(etag);
            var conditional = new HttpRequestMessage(HttpMethod.Get, url);
            conditional.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"other\"", isWeak: true));
            conditional.Headers.IfNoneMatch.Add(etag);
            Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(conditional)).StatusCode);
        }
        var before = (await client.GetAsync(jobUrl)).Headers.ETag;
        Assert.Equal(HttpStatusCode.OK,
            (await client.PutAsJsonAsync(jobUrl, new { title = "ETag job, renamed", requirements = new[] { new { skill = "python" } } })).StatusCode);
        var after = new HttpRequestMessage(HttpMethod.Get, jobUrl);
        after.Headers.IfNoneMatch.Add(before!);
        var response = await client.SendAsync(after);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual(before, response.Headers.ETag);
    }

    [Fact]
    public async Task Every_answer_carries_the_security_headers_and_personal_data_is_never_stored_by_caches()
    {
        using var client = factory.Client();
        var id = await ProfileAsync(client);
        var answers = new Dictionary<string, HttpResponseMessage>
        {
            ["profile"] = await client.GetAsync($"/profiles/{id}"),
            ["match"] = await client.PostJsonAsync("/match", new { requirements = new[] { new { skill = "erlang" } } }),
            ["reverse match"] = await client.GetAsync($"/profiles/{id}/matches"),
            ["profile list"] = await client.GetAsync("/profiles?limit=1"),
            ["404"] = await client.GetAsync("/profiles/p_missing"),
            ["401"] = await factory.Client(key: null).GetAsync("/profiles"),
            ["route 404"] = await client.GetAsync("/nowhere"),
        };
        foreach (var (what, response) in answers)
        {
            Assert.True(response.Headers.TryGetValues("X-Content-Type-Options", out var nosniff) && nosniff.Single() == "nosniff", what);
            Assert.True(response.Headers.TryGetValues("Referrer-Policy", out var referrer) && referrer.Single() == "no-referrer", what);
            Assert.True(response.Headers.TryGetValues("X-Frame-Options", out var frames) && frames.Single() == "DENY", what);
            Assert.True(response.Headers.CacheControl?.NoStore == true, $"{what}: Cache-Control {response.Headers.CacheControl}");
        }

        var skill = await client.GetAsync("/skills/pytorch");
        Assert.True(skill.Headers.CacheControl is { Private: true, NoCache: true, NoStore: false }, skill.Headers.CacheControl?.ToString());

        // Swagger UI runs its own scripts: it may not be framed, but its scripts are not blocked.
        var swagger = await factory.Client(key: null).GetAsync("/swagger/index.html");
        Assert.Equal(HttpStatusCode.OK, swagger.StatusCode);
        Assert.Equal("DENY", swagger.Headers.GetValues("X-Frame-Options").Single());
        Assert.DoesNotContain("default-src", string.Join(";", swagger.Headers.TryGetValues("Content-Security-Policy", out var csp) ? csp : []));
    }

    [Fact]
    public async Task Removing_a_skill_the_profile_does_not_have_is_422_and_changes_nothing()
    {
        using var client = factory.Client();
        var id = await ProfileAsync(client);
        var before = (await client.GetAsync($"/profiles/{id}")).Headers.ETag;
        var patch = await client.PatchAsJsonAsync($"/profiles/{id}/skills", new
        {
            skills = new object[] { new { skill = "Kafka", level = 0.8 }, new { skill = "mongodb", remove = true } },
        });
        var problem = await ProblemAssert.IsAsync(patch, HttpStatusCode.UnprocessableEntity, "skill-not-in-profile");
        Assert.Equal(["mongodb"], problem.Skills);

        var unchanged = new HttpRequestMessage(HttpMethod.Get, $"/profiles/{id}");
        unchanged.Headers.IfNoneMatch.Add(before!);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(unchanged)).StatusCode);

        var remove = await client.PatchAsJsonAsync($"/profiles/{id}/skills", new { skills = new[] { new { skill = "erlang", remove = true } } });
        Assert.Equal(HttpStatusCode.OK, remove.StatusCode);
        await ProblemAssert.IsAsync(
            await client.PatchAsJsonAsync($"/profiles/p_missing/skills", new { skills = new[] { new { skill = "erlang", remove = true } } }),
            HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Scores_are_rounded_to_two_decimals_live_and_in_reverse_and_contributions_add_up_to_them()
    {
        using var client = factory.Client();
        // Two of three equal requirements met in full: 100 × 2/3 = 66.666…, kept exactly as 33.3333 + 33.3333 + 0 = 66.6666.
        // Shown: 66.67 (rounded, not cut to 66.66), with the contributions 33.34 + 33.33 + 0.00.
        var id = await ProfileAsync(client);
        var patch = await client.PatchAsJsonAsync($"/profiles/{id}/skills",
            new { skills = new[] { new { skill = "erlang", level = 1.0 }, new { skill = "elixir", level = 1.0 } } });
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        var requirements = new[] { new { skill = "erlang" }, new { skill = "elixir" }, new { skill = "figma" } };

        var live = await (await client.PostJsonAsync("/match", new { requirements, topK = 1000, minScore = 66.67 })).ReadJsonAsync();
        var mine = live.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("profileId").GetString() == id);
        AssertShown(mine, 66.67m, [33.34m, 33.33m, 0.00m]);
        Assert.Contains("\"score\":66.67,", live.GetRawText().Replace(" ", ""));
        foreach (var result in live.GetProperty("results").EnumerateArray())
        {
            var score = result.GetProperty("score").GetDecimal();
            Assert.True(score >= 66.67m && decimal.Round(score, 2) == score, $"score {score}");
            Assert.Equal(score, result.GetProperty("breakdown").EnumerateArray().Sum(b => b.GetProperty("contribution").GetDecimal()));
        }

        var job = await (await client.PostJsonAsync("/jobs", new { title = "Rounding " + id, requirements })).ReadJsonAsync();
        var reverse = await (await client.GetAsync($"/profiles/{id}/matches?topK=1000")).ReadJsonAsync();
        var back = reverse.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("jobId").GetString() == job.GetProperty("id").GetString());
        AssertShown(back, 66.67m, [33.34m, 33.33m, 0.00m]);
    }

    private static void AssertShown(JsonElement result, decimal score, decimal[] contributions)
    {
        Assert.Equal(score, result.GetProperty("score").GetDecimal());
        var shown = result.GetProperty("breakdown").EnumerateArray().Select(b => b.GetProperty("contribution").GetDecimal()).ToArray();
        Assert.Equal(contributions, shown);
        Assert.Equal(score, shown.Sum());
    }
}

public sealed class SqliteHttpMannersTests(SqliteApiFixture fixture) : HttpMannersTests(fixture.Factory), IClassFixture<SqliteApiFixture>;

public sealed class PostgresHttpMannersTests(PostgresApiFixture fixture) : HttpMannersTests(fixture.Factory), IClassFixture<PostgresApiFixture>;

/// <summary>
/// The HTTP settings a deployment changes: CORS for the configured origins (preflight answered, others refused) and
/// compression turned off. SQLite and PostgreSQL.
/// </summary>
public abstract class ConfiguredHttpTests(ConfiguredHttpFixture fixture)
{
    private const string Origin = "https://hr.example";

    [Fact]
    public async Task A_preflight_from_a_configured_origin_is_answered_and_others_get_no_cors_headers()
    {
        using var client = fixture.Factory.Client(key: null);
        var preflight = new HttpRequestMessage(HttpMethod.Options, "/match");
        preflight.Headers.Add("Origin", Origin);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "x-api-key, content-type");
        var answer = await client.SendAsync(preflight);
        Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
        Assert.Equal(Origin, answer.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("POST", answer.Headers.GetValues("Access-Control-Allow-Methods").Single());
        Assert.Contains("x-api-key", answer.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.OrdinalIgnoreCase);

        using var keyed = fixture.Factory.Client();
        var request = new HttpRequestMessage(HttpMethod.Get, "/skills/pytorch");
        request.Headers.Add("Origin", Origin);
        var actual = await keyed.SendAsync(request);
        Assert.Equal(Origin, actual.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("ETag", actual.Headers.GetValues("Access-Control-Expose-Headers").Single());

        var stranger = new HttpRequestMessage(HttpMethod.Options, "/match");
        stranger.Headers.Add("Origin", "https://evil.example");
        stranger.Headers.Add("Access-Control-Request-Method", "POST");
        Assert.False((await client.SendAsync(stranger)).Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task With_compression_off_answers_are_sent_as_they_are()
    {
        using var client = fixture.Factory.Client();
        var request = new HttpRequestMessage(HttpMethod.Get, "/skills?limit=200");
        request.Headers.AcceptEncoding.ParseAdd("br, gzip");
        var response = await client.SendAsync(request);
        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.Equal(200, (await response.ReadJsonAsync()).GetProperty("items").GetArrayLength());
    }
}

public abstract class ConfiguredHttpFixture(DatabaseProvider provider) : IAsyncLifetime
{
    private TestDatabase? _database;
    private ApiFactory? _factory;

    public ApiFactory Factory => _factory ?? throw new InvalidOperationException("The fixture is not initialised.");

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(provider);
        _factory = new ApiFactory(provider.ToString(), _database.Options.ConnectionString, new Dictionary<string, string>
        {
            ["Cors:AllowedOrigins:0"] = "https://hr.example",
            ["Cors:AllowedOrigins:1"] = "http://localhost:3000",
            ["Compression:Enabled"] = "false",
        });
        await _factory.WaitUntilReadyAsync();
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null) await _factory.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }
}

public sealed class SqliteConfiguredHttpFixture() : ConfiguredHttpFixture(DatabaseProvider.Sqlite);

public sealed class PostgresConfiguredHttpFixture() : ConfiguredHttpFixture(DatabaseProvider.Postgres);

public sealed class SqliteConfiguredHttpTests(SqliteConfiguredHttpFixture fixture) : ConfiguredHttpTests(fixture), IClassFixture<SqliteConfiguredHttpFixture>;

public sealed class PostgresConfiguredHttpTests(PostgresConfiguredHttpFixture fixture) : ConfiguredHttpTests(fixture), IClassFixture<PostgresConfiguredHttpFixture>;
