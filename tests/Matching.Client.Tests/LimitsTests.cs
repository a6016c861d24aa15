using Matching.Api.Tests;
using Matching.Data;
using Matching.Testing;

namespace Matching.Client.Tests;

/// <summary>
/// An API with tiny limits, so the client meets them: 3 requests an hour for the read key, a response budget of 10
/// breakdown rows, 2 items a batch.
/// </summary>
public abstract class LimitedApiFixture(DatabaseProvider provider) : IAsyncLifetime
{
    public const int ReadQuota = 3;
    public const int MaxMatchCells = 10;
    public const int MaxBatchItems = 2;

    private TestDatabase? _database;
    private ApiFactory? _factory;

    public ApiFactory Factory => _factory ?? throw new InvalidOperationException("The fixture is not initialised.");

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(provider);
        _factory = new ApiFactory(provider.ToString(), _database.Options.ConnectionString, new Dictionary<string, string>
        {
            ["RateLimits:Read:PermitLimit"] = ReadQuota.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RateLimits:Read:WindowSeconds"] = "3600",
            ["Limits:MaxMatchCells"] = MaxMatchCells.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Limits:MaxBatchItems"] = MaxBatchItems.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        await _factory.WaitUntilReadyAsync();
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null) await _factory.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }
}

public sealed class SqliteLimitedApiFixture() : LimitedApiFixture(DatabaseProvider.Sqlite);

public sealed class PostgresLimitedApiFixture() : LimitedApiFixture(DatabaseProvider.Postgres);

public sealed class SqliteLimitsTests(SqliteLimitedApiFixture fixture) : LimitsTests(fixture.Factory), IClassFixture<SqliteLimitedApiFixture>;

public sealed class PostgresLimitsTests(PostgresLimitedApiFixture fixture) : LimitsTests(fixture.Factory), IClassFixture<PostgresLimitedApiFixture>;

/// <summary>The quota (429), the response budget and the batch limit, read back by the client with their codes and extensions.</summary>
public abstract class LimitsTests(ApiFactory factory)
{
    private MatchingClient Client(string key = ApiFactory.AdminKey) => new(factory.CreateDefaultClient(new DocumentedErrors.Recorder()), key);

    [Fact]
    public async Task Over_the_read_quota_the_client_gets_429_rate_limited_with_retry_after_and_other_keys_go_on()
    {
        // Only this test uses the read key of this host.
        using var read = Client(ApiFactory.ReadKey);
        for (var i = 0; i < LimitedApiFixture.ReadQuota; i++)
            Assert.Equal("pytorch", (await read.Skills.GetAsync("pytorch")).Id);

        var e = await ClientTests.Fails(() => read.Skills.GetAsync("pytorch"), 429, "rate-limited");
        Assert.NotNull(e.Problem!.RetryAfter);
        Assert.InRange(e.Problem.RetryAfter!.Value, 1, 3600);
        var header = Assert.Single(e.Headers.Single(h => string.Equals(h.Key, "Retry-After", StringComparison.OrdinalIgnoreCase)).Value);
        Assert.Equal(e.Problem.RetryAfter.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), header);
        Assert.Equal(TimeSpan.FromSeconds(e.Problem.RetryAfter.Value), e.RetryAfter);
        await ClientTests.Fails(() => read.Match.RunAsync(new MatchRequest { Requirements = [new RequirementInput { Skill = "PyTorch" }] }),
            429, "rate-limited");

        using var admin = Client();
        Assert.Equal("pytorch", (await admin.Skills.GetAsync("pytorch")).Id);
    }

    [Fact]
    public async Task A_match_over_the_response_budget_is_400_with_the_limit_the_rows_and_the_topK_that_fits()
    {
        using var api = Client();
        var request = new MatchRequest
        {
            Requirements = [new RequirementInput { Skill = "PyTorch", Required = true }, new RequirementInput { Skill = "SQL" }],
            TopK = 10,
        };

        var e = await ClientTests.Fails(() => api.Match.RunAsync(request), 400, "response-budget-exceeded");

        Assert.Equal((LimitedApiFixture.MaxMatchCells, 20L, 5), (e.Problem!.Limit, e.Problem.Cells, e.Problem.MaxTopK));
        request.TopK = e.Problem.MaxTopK;
        Assert.Equal(2, (await api.Match.RunAsync(request)).Requirements.Count);
    }

    [Fact]
    public async Task A_reverse_match_over_the_response_budget_is_400_with_the_topK_that_fits()
    {
        using var api = Client();
        var profile = await api.Profiles.IngestAsync(ClientTests.Markdown("limits-" + Guid.NewGuid().ToString("N")[..8]));
        for (var i = 0; i < 3; i++)
            await api.Jobs.CreateAsync(new JobInput
            {
                Title = $"ML engineer {i}",
                Requirements =
                [
                    new RequirementInput { Skill = "PyTorch", Required = true },
                    new RequirementInput { Skill = "RAG" },
                    new RequirementInput { Skill = "YOLO" },
                    new RequirementInput { Skill = "SQL" },
                ],
            });

        var e = await ClientTests.Fails(() => api.Profiles.MatchJobsAsync(profile.Id!, topK: 3), 400, "response-budget-exceeded");

        Assert.Equal((LimitedApiFixture.MaxMatchCells, 12L, 2), (e.Problem!.Limit, e.Problem.Cells, e.Problem.MaxTopK));
        Assert.Equal(2, (await api.Profiles.MatchJobsAsync(profile.Id!, topK: 2)).Results.Count);
    }

    [Fact]
    public async Task A_batch_over_the_item_limit_is_413_too_many_items_and_stores_nothing()
    {
        using var api = Client(ApiFactory.WriteKey);
        var id = Guid.NewGuid().ToString("N")[..8];
        var items = Enumerable.Range(0, LimitedApiFixture.MaxBatchItems + 1).Select(i => ClientTests.Markdown($"limits-batch-{i}-{id}")).ToList();

        var e = await ClientTests.Fails(() => api.Profiles.IngestBatchAsync(new ProfilesBatchRequest { Items = items }), 413, "too-many-items");

        Assert.Equal(LimitedApiFixture.MaxBatchItems, e.Problem!.MaxItems);
        Assert.Empty((await api.Profiles.ListAsync(externalId: $"limits-batch-0-{id}")).Items);
        var within = await api.Profiles.IngestBatchAsync(new ProfilesBatchRequest { Items = items[..LimitedApiFixture.MaxBatchItems] });
        Assert.Equal(LimitedApiFixture.MaxBatchItems, within.Created);
    }
}
