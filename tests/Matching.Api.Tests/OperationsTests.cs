using System.Net;
using System.Security.Claims;
using Matching.Api.Infrastructure;
using Matching.Core.Taxonomy;
using Matching.Data;
using Matching.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Matching.Api.Tests;

/// <summary>
/// Three APIs, each over its own fresh database: one as configured by default (its log kept), one with small quotas and
/// a small response budget, one with rate limiting turned off, plain logs and metrics on a port of their own.
/// </summary>
public abstract class OperationsFixture(DatabaseProvider provider) : IAsyncLifetime
{
    public const string SecondReadKey = "test-read-key-second-0123456789";
    public const string WriterName = "hr-writer";

    private readonly List<TestDatabase> _databases = [];
    private readonly List<ApiFactory> _factories = [];

    public CapturedLogs Logs { get; } = new();
    public ApiFactory Default { get; private set; } = null!;
    public ApiFactory Limited { get; private set; } = null!;
    public ApiFactory Unlimited { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var keys = new Dictionary<string, string>
        {
            ["MATCHING_READ_API_KEYS"] = $"{ApiFactory.ReadKey},{SecondReadKey}",
            ["Auth:Keys:0:Name"] = WriterName,
        };
        Default = await StartAsync(keys, b => b.ConfigureServices(services => services.AddSingleton<ILoggerProvider>(Logs)));
        Limited = await StartAsync(new Dictionary<string, string>(keys)
        {
            ["RateLimits:Read:PermitLimit"] = "3",
            ["RateLimits:Read:WindowSeconds"] = "3600",
            ["Limits:MaxMatchCells"] = "10",
        });
        Unlimited = await StartAsync(new Dictionary<string, string>(keys)
        {
            ["RateLimits:Enabled"] = "false",
            ["RateLimits:Read:PermitLimit"] = "1",
            ["Logging:Format"] = "plain",
            ["Telemetry:MetricsPort"] = "9464",
        });
    }

    private async Task<ApiFactory> StartAsync(Dictionary<string, string> settings, Action<IWebHostBuilder>? configure = null)
    {
        var database = await TestDatabase.CreateAsync(provider);
        _databases.Add(database);
        var factory = new ApiFactory(provider.ToString(), database.Options.ConnectionString, settings, configure);
        _factories.Add(factory);
        await factory.WaitUntilReadyAsync();
        return factory;
    }

    public async Task DisposeAsync()
    {
        foreach (var factory in _factories) await factory.DisposeAsync();
        foreach (var database in _databases) await database.DisposeAsync();
    }
}

public sealed class SqliteOperationsFixture() : OperationsFixture(DatabaseProvider.Sqlite);

public sealed class PostgresOperationsFixture() : OperationsFixture(DatabaseProvider.Postgres);

public sealed class SqliteOperationsTests(SqliteOperationsFixture fixture) : OperationsTests(fixture), IClassFixture<SqliteOperationsFixture>;

public sealed class PostgresOperationsTests(PostgresOperationsFixture fixture) : OperationsTests(fixture), IClassFixture<PostgresOperationsFixture>;

/// <summary>Rate limits, the response budget, metrics and request logs, through HTTP.</summary>
public abstract class OperationsTests(OperationsFixture fixture)
{
    private const string Questionnaire = "Коммерческий опыт: биллинг на Erlang и Kafka, три года в проде; PostgreSQL каждый день.";

    private sealed record Problem(int Status, string? Title, string? Detail, string? Code, int? RetryAfter, int? Limit, long? Cells, int? MaxTopK);

    private sealed record Created(string Id);

    [Fact]
    public async Task A_read_key_over_its_quota_gets_429_with_Retry_After_and_other_keys_are_unaffected()
    {
        using var read = fixture.Limited.Client(ApiFactory.ReadKey);
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await read.GetAsync("/skills?limit=1")).StatusCode);

        var refused = await read.GetAsync("/skills?limit=1");
        // The one error model: type = base + code, the type's fixed title, a W3C traceId.
        var body = await ProblemAssert.IsAsync(refused, HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.Equal("Too many requests", body.Title);
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 3600);
        var problem = await ReadAsync<Problem>(refused);
        Assert.Equal((429, "rate-limited"), (problem.Status, problem.Code));
        Assert.Equal((int)retryAfter.Value.TotalSeconds, problem.RetryAfter);
        Assert.False(string.IsNullOrWhiteSpace(problem.Detail));
        // Every route counts against the same key; the quota is the key's, not the route's.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await read.PostJsonAsync("/match", new { requirements = new[] { new { skill = "Kafka" } } })).StatusCode);

        using var otherRead = fixture.Limited.Client(OperationsFixture.SecondReadKey);
        Assert.Equal(HttpStatusCode.OK, (await otherRead.GetAsync("/skills?limit=1")).StatusCode);
        using var admin = fixture.Limited.Client();
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/skills?limit=1")).StatusCode);
        using var anonymous = fixture.Limited.Client(key: null);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task With_rate_limiting_turned_off_a_key_is_never_refused()
    {
        using var read = fixture.Unlimited.Client(ApiFactory.ReadKey);
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.OK, (await read.GetAsync("/skills?limit=1")).StatusCode); // its configured quota is 1
    }

    [Fact]
    public void Quotas_are_kept_per_key_name_and_scope_and_per_address_without_a_key()
    {
        var settings = new RateLimitSettings();
        static ClaimsPrincipal Key(string name, params string[] scopes) => new(new ClaimsIdentity(
            scopes.Select(s => new Claim(ApiKeyDefaults.ScopeClaim, s)).Append(new Claim(ClaimTypes.Name, name)), ApiKeyDefaults.Scheme));

        Assert.Equal(("read:hr", settings.Read), RateLimits.PartitionOf(Key("hr", "read"), "10.0.0.1", settings));
        Assert.Equal(("write:loader", settings.Write), RateLimits.PartitionOf(Key("loader", "read", "write"), "10.0.0.1", settings));
        Assert.Equal(("admin:ops", settings.Admin), RateLimits.PartitionOf(Key("ops", "read", "write", "admin"), "10.0.0.1", settings));
        Assert.Equal(("ip:10.0.0.1", settings.Anonymous), RateLimits.PartitionOf(new ClaimsPrincipal(new ClaimsIdentity()), "10.0.0.1", settings));
    }

    [Fact]
    public async Task A_match_of_100_requirements_with_topK_1000_is_refused_naming_the_budget_and_one_within_it_is_answered()
    {
        var skills = fixture.Default.Services.GetRequiredService<SkillTaxonomy>().Skills.Take(100)
            .Select(s => new { skill = s.Id }).ToArray();
        using var read = fixture.Default.Client(ApiFactory.ReadKey);

        var refused = await read.PostJsonAsync("/match", new { requirements = skills, topK = 1000 });
        var body = await ProblemAssert.IsAsync(refused, HttpStatusCode.BadRequest, "response-budget-exceeded");
        Assert.Equal("Response too large", body.Title);
        var problem = await ReadAsync<Problem>(refused);
        Assert.Equal(("response-budget-exceeded", 20_000, 100_000L, 200), (problem.Code, problem.Limit, problem.Cells, problem.MaxTopK));
        Assert.Contains("Limits:MaxMatchCells", problem.Detail);

        Assert.Equal(HttpStatusCode.OK, (await read.PostJsonAsync("/match", new { requirements = skills, topK = 200 })).StatusCode);

        // A stored job of 100 requirements: the same budget, counted once its requirements are known.
        using var admin = fixture.Default.Client();
        var job = await admin.PostJsonAsync("/jobs", new { title = "Everything", requirements = skills });
        Assert.Equal(HttpStatusCode.Created, job.StatusCode);
        var jobId = (await ReadAsync<Created>(job)).Id;
        var byJob = await read.PostJsonAsync("/match", new { jobId, topK = 1000 });
        Assert.Equal(HttpStatusCode.BadRequest, byJob.StatusCode);
        Assert.Equal("response-budget-exceeded", (await ReadAsync<Problem>(byJob)).Code);
        Assert.Equal(HttpStatusCode.OK, (await read.PostJsonAsync("/match", new { jobId, topK = 200 })).StatusCode);
    }

    [Fact]
    public async Task The_response_budget_is_configurable_and_bounds_the_reverse_match()
    {
        using var writer = fixture.Limited.Client(ApiFactory.WriteKey);
        var profile = await writer.PostJsonAsync("/profiles", new { questionnaire = new { format = "text", content = Questionnaire } });
        Assert.Equal(HttpStatusCode.Created, profile.StatusCode);
        var profileId = (await ReadAsync<Created>(profile)).Id;
        string[] skills = ["Erlang", "Kafka", "PostgreSQL", "SQL"];
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.Created, (await writer.PostJsonAsync("/jobs", new
            {
                title = $"Billing {i}",
                requirements = skills.Select(s => new { skill = s }).ToArray(),
            })).StatusCode);

        // Limits:MaxMatchCells = 10 here: three jobs of four requirements are 12 rows, two are 8.
        using var admin = fixture.Limited.Client();
        var refused = await admin.GetAsync($"/profiles/{profileId}/matches?topK=20");
        await ProblemAssert.IsAsync(refused, HttpStatusCode.BadRequest, "response-budget-exceeded");
        var problem = await ReadAsync<Problem>(refused);
        Assert.Equal(("response-budget-exceeded", 10, 12L, 2), (problem.Code, problem.Limit, problem.Cells, problem.MaxTopK));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/profiles/{profileId}/matches?topK=2")).StatusCode);

        var match = await admin.PostJsonAsync("/match", new { requirements = skills.Select(s => new { skill = s }).ToArray(), topK = 3 });
        Assert.Equal(HttpStatusCode.BadRequest, match.StatusCode);
        var matchProblem = await ReadAsync<Problem>(match);
        Assert.Equal((12L, 2), (matchProblem.Cells, matchProblem.MaxTopK));
    }

    [Fact]
    public async Task Metrics_with_an_admin_key_show_the_request_histogram_the_match_latency_and_the_index_size()
    {
        using var admin = fixture.Default.Client();
        Assert.Equal(HttpStatusCode.Created, (await admin.PostJsonAsync("/profiles",
            new { questionnaire = new { format = "text", content = Questionnaire } })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostJsonAsync("/match", new { requirements = new[] { new { skill = "Erlang" } } })).StatusCode);

        var response = await admin.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("http_server_request_duration_seconds_bucket{", text);
        Assert.Contains("http_route=\"/match\"", text);
        Assert.Contains("matching_match_duration_seconds_bucket{", text);
        Assert.Matches(@"(?m)^matching_index_profiles(\{[^}]*\})? [1-9]", text);
        Assert.Contains("matching_profiles_ingested_total{", text);
        Assert.Contains("matching_evidence_cache_misses_total", text);
        Assert.Contains("matching_change_feed_lag_seconds", text);
    }

    private sealed record RunState(string Id, string Status);

    [Fact]
    public async Task A_scoring_run_started_by_the_api_is_counted_in_the_metrics()
    {
        using var admin = fixture.Default.Client();
        Assert.Equal(HttpStatusCode.Created, (await admin.PostJsonAsync("/profiles",
            new { questionnaire = new { format = "text", content = Questionnaire } })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostJsonAsync("/jobs",
            new { title = "Billing", requirements = new[] { new { skill = "Erlang" } } })).StatusCode);

        var started = await admin.PostAsync("/scoring-runs", null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var id = (await ReadAsync<RunState>(started)).Id;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        string text;
        while (true)
        {
            var run = await ReadAsync<RunState>(await admin.GetAsync($"/scoring-runs/{id}"));
            text = await admin.GetStringAsync("/metrics");
            // The run is recorded as finished a moment before the worker counts it.
            if (run.Status != "running" && text.Contains("matching_scoring_runs_total{") || DateTime.UtcNow > deadline) break;
            await Task.Delay(50);
        }
        Assert.Matches(@"(?m)^matching_scoring_runs_total\{[^}]*status=""succeeded""[^}]*\} 1$", text);
        Assert.Matches(@"(?m)^matching_scoring_jobs_total(\{[^}]*\})? [1-9]", text);
        Assert.Contains("matching_scoring_duration_seconds_bucket{", text);
    }

    [Fact]
    public async Task Metrics_need_an_admin_key()
    {
        using var anonymous = fixture.Default.Client(key: null);
        var response = await anonymous.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var read = fixture.Default.Client(ApiFactory.ReadKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await read.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task With_a_metrics_port_the_api_port_does_not_serve_metrics()
    {
        using var admin = fixture.Unlimited.Client();
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task Each_request_is_logged_once_with_route_status_duration_and_key_name_and_nothing_it_carried()
    {
        var marker = "Zebra" + Guid.NewGuid().ToString("N")[..10];
        var externalId = "person-" + marker;
        // Keys no other test uses on this API, so that only this test's request lines carry their names.
        using var writer = fixture.Default.Client(ApiFactory.WriteKey);
        using var read = fixture.Default.Client(OperationsFixture.SecondReadKey);

        var created = await writer.PostJsonAsync("/profiles", new
        {
            externalId,
            questionnaire = new { format = "text", content = Questionnaire + " Проект " + marker + "." },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await ReadAsync<Created>(created)).Id;
        Assert.Equal(HttpStatusCode.OK, (await read.GetAsync($"/profiles?externalId={externalId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await read.GetAsync($"/profiles/{id}")).StatusCode);

        var lines = await LinesAsync(3, e => e.Fields["Key"] is OperationsFixture.WriterName or "read-2");
        // A line is written as its pipeline ends, so two back-to-back requests may log in either order.
        Assert.Equal(
            [("GET", "/profiles", 200, "read-2"), ("GET", "/profiles/{id}", 200, "read-2"), ("POST", "/profiles", 201, OperationsFixture.WriterName)],
            lines.Select(l => ((string)l.Fields["Method"]!, (string)l.Fields["Route"]!, (int)l.Fields["Status"]!, (string)l.Fields["Key"]!))
                .OrderBy(l => l.Item1, StringComparer.Ordinal).ThenBy(l => l.Item2, StringComparer.Ordinal));
        Assert.All(lines, l =>
        {
            Assert.Equal(LogLevel.Information, l.Level);
            Assert.InRange((double)l.Fields["DurationMs"]!, 0, 60_000);
            Assert.False(string.IsNullOrEmpty((string?)l.Fields["TraceId"]));
        });

        // No body, no query string, no id from the path, no key: in any line logged meanwhile, not just the request lines.
        foreach (var entry in fixture.Logs.Entries)
        foreach (var secret in new[] { marker, "Erlang", ApiFactory.WriteKey, OperationsFixture.SecondReadKey, ApiFactory.AdminKey })
        {
            Assert.DoesNotContain(secret, entry.Message);
            Assert.DoesNotContain(entry.Fields.Values, v => v?.ToString()?.Contains(secret) == true);
        }
        Assert.DoesNotContain(lines, l => l.Message.Contains(id) || l.Message.Contains('?'));
    }

    [Theory]
    [InlineData("RateLimits:Read:PermitLimit", "0")]
    [InlineData("RateLimits:Anonymous:WindowSeconds", "-1")]
    [InlineData("Limits:MaxMatchCells", "0")]
    [InlineData("Logging:Format", "xml")]
    [InlineData("Telemetry:OtlpEndpoint", "collector:4317")]
    [InlineData("Telemetry:MetricsPort", "70000")]
    public async Task A_setting_it_cannot_use_stops_the_start_naming_it(string setting, string value)
    {
        await using var broken = new ApiFactory("Sqlite", $"Data Source={Path.Combine(Path.GetTempPath(), "never-opened.db")}",
            new Dictionary<string, string> { [setting] = value });

        var error = Assert.ThrowsAny<Exception>(() => broken.CreateClient());

        var startup = Assert.IsType<StartupException>(error is StartupException ? error : error.InnerException);
        Assert.Equal(ExitCodes.BadSetting, startup.ExitCode);
        Assert.Contains(setting, startup.Message);
    }

    [Fact]
    public void Console_logs_are_json_unless_configured_plain()
    {
        static string? Formatter(ApiFactory api) =>
            api.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName;
        Assert.Equal(ConsoleFormatterNames.Json, Formatter(fixture.Default));
        Assert.Equal(ConsoleFormatterNames.Simple, Formatter(fixture.Unlimited));
    }

    /// <summary>
    /// The request lines <paramref name="keep"/> selects, once <paramref name="count"/> of them are there (a line is
    /// written when the pipeline ends, which may be just after the client has the answer) and a moment longer, so that a
    /// line written twice would be seen.
    /// </summary>
    private async Task<IReadOnlyList<LogEntry>> LinesAsync(int count, Func<LogEntry, bool> keep)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var lines = fixture.Logs.Of(RequestLogMiddleware.Category).Where(keep).ToList();
            if (lines.Count >= count || DateTime.UtcNow > deadline)
            {
                await Task.Delay(200);
                return fixture.Logs.Of(RequestLogMiddleware.Category).Where(keep).ToList();
            }
            await Task.Delay(20);
        }
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response) =>
        System.Text.Json.JsonSerializer.Deserialize<T>(await response.Content.ReadAsStringAsync(), Json.Options)!;
}
