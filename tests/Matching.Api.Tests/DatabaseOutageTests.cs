using System.Net;
using System.Text.Json;
using Matching.Data;
using Matching.Testing;

namespace Matching.Api.Tests;

/// <summary>
/// PostgreSQL going away under a running API, and an API started before its database: answers are 503 problem+json
/// with Retry-After and a code (never 500), health says which component without naming hosts, and everything
/// recovers by itself. The database is taken away by a relay (<see cref="DatabaseProxy"/>), so the shared server
/// the other tests use keeps running.
/// </summary>
public sealed class DatabaseOutageTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Database:RetryAfterSeconds"] = "7",
        ["Database:StartupFirstBackoffSeconds"] = "0.2",
        ["Database:StartupMaxBackoffSeconds"] = "1",
    };

    private TestDatabase? _database;

    private string ConnectionString => _database!.Options.ConnectionString;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);

    public async Task DisposeAsync()
    {
        if (_database is not null) await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_database_outage_is_503_with_retry_after_and_the_api_recovers_without_a_restart()
    {
        await using var proxy = DatabaseProxy.For(ConnectionString);
        await using var api = new ApiFactory("Postgres", proxy.Through(ConnectionString), Settings);
        await api.WaitUntilReadyAsync();
        using var client = api.Client();
        var profileId = (await (await IngestAsync(client, "outage-1")).ReadJsonAsync()).GetProperty("id").GetString();

        proxy.Cut();

        var ingest = await IngestAsync(client, "outage-2");
        var problem = await AssertUnavailableAsync(ingest);
        Assert.Contains("same externalId", problem.GetProperty("detail").GetString());
        // The profile ingested before is in the index, but its evidence was never read: a cache miss needs the database.
        await AssertUnavailableAsync(await client.PostJsonAsync("/match", new { requirements = new[] { new { skill = "kafka" } } }));
        await AssertUnavailableAsync(await client.PostJsonAsync("/jobs", new { title = "Data engineer", requirements = new[] { new { skill = "kafka" } } }));
        await AssertUnavailableAsync(await client.GetAsync($"/profiles/{profileId}"));

        using var anonymous = api.Client(key: null);
        var health = await anonymous.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        var body = await health.Content.ReadAsStringAsync();
        var checks = JsonDocument.Parse(body).RootElement;
        Assert.Equal("degraded", checks.GetProperty("status").GetString());
        Assert.Equal("unavailable", checks.GetProperty("checks").GetProperty("database").GetString());
        Assert.Equal("ok", checks.GetProperty("checks").GetProperty("matchIndex").GetString());
        AssertNoInternals(body, proxy.Port);

        proxy.Restore();

        var again = await EventuallyAsync(() => IngestAsync(client, "outage-2"), r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/profiles/{profileId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Created,
            (await client.PostJsonAsync("/jobs", new { title = "Data engineer", requirements = new[] { new { skill = "kafka" } } })).StatusCode);
        var match = await client.PostJsonAsync("/match", new { requirements = new[] { new { skill = "kafka" } } });
        Assert.Equal(HttpStatusCode.OK, match.StatusCode);
        Assert.Equal(2, (await match.ReadJsonAsync()).GetProperty("results").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task Reads_outlive_connections_the_server_dropped()
    {
        await using var proxy = DatabaseProxy.For(ConnectionString);
        await using var api = new ApiFactory("Postgres", proxy.Through(ConnectionString), Settings);
        await api.WaitUntilReadyAsync();
        using var client = api.Client();
        var profileId = (await (await IngestAsync(client, "dropped-1")).ReadJsonAsync()).GetProperty("id").GetString();
        // Several pooled connections, all idle when the relay drops them.
        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => client.GetAsync($"/profiles/{profileId}")));

        proxy.DropConnections();

        for (var i = 0; i < 6; i++)
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/profiles/{profileId}")).StatusCode);
    }

    [Fact]
    public async Task A_database_that_hangs_is_503_at_the_request_timeout_not_a_request_that_waits_for_it()
    {
        await using var proxy = DatabaseProxy.For(ConnectionString);
        await using var api = new ApiFactory("Postgres", proxy.Through(ConnectionString), new Dictionary<string, string>(Settings)
        {
            ["Limits:RequestTimeoutSeconds"] = "2",
            ["Database:ConnectTimeoutSeconds"] = "1",
        });
        await api.WaitUntilReadyAsync();
        using var client = api.Client();
        var profileId = (await (await IngestAsync(client, "hang-1")).ReadJsonAsync()).GetProperty("id").GetString();

        // Every byte held both ways, connections left open: the server neither answers nor refuses (a frozen VM).
        proxy.Freeze();

        // Each answer comes while the database is still frozen: nothing here waits for it to come back.
        var read = await client.GetAsync($"/profiles/{profileId}");
        var problem = await AssertUnavailableAsync(read);
        Assert.Contains("did not complete within 2 s", problem.GetProperty("detail").GetString());
        var write = await AssertUnavailableAsync(await IngestAsync(client, "hang-2"));
        Assert.Contains("same externalId", write.GetProperty("detail").GetString());
        await AssertUnavailableAsync(await client.GetAsync("/jobs"));

        proxy.Restore();

        // The abandoned calls end on their own; the API serves again without a restart, and the write sent again is
        // stored once (it may have been stored by the abandoned call already: same id either way).
        var again = await EventuallyAsync(() => IngestAsync(client, "hang-2"), r => r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK);
        Assert.True(again.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"ingest after the freeze: {(int)again.StatusCode}");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/profiles/{profileId}")).StatusCode);
        var list = await (await client.GetAsync("/profiles?externalId=hang-2")).ReadJsonAsync();
        Assert.Equal(1, list.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task A_read_whose_timeout_comes_while_it_waits_to_retry_is_503_at_the_timeout()
    {
        await using var proxy = DatabaseProxy.For(ConnectionString);
        await using var api = new ApiFactory("Postgres", proxy.Through(ConnectionString), new Dictionary<string, string>(Settings)
        {
            ["Limits:RequestTimeoutSeconds"] = "1",
            ["Database:ReadRetries"] = "5", // pauses of 0.1, 0.4, 1.6 s: the 1 s timeout falls in the third
        });
        await api.WaitUntilReadyAsync();
        using var client = api.Client();
        var profileId = (await (await IngestAsync(client, "pause-1")).ReadJsonAsync()).GetProperty("id").GetString();

        proxy.Cut();
        var read = await client.GetAsync($"/profiles/{profileId}");
        var problem = await AssertUnavailableAsync(read);
        Assert.Contains("did not complete within 1 s", problem.GetProperty("detail").GetString());
        Assert.Contains("Nothing was changed", problem.GetProperty("detail").GetString());

        proxy.Restore();
        var back = await EventuallyAsync(() => client.GetAsync($"/profiles/{profileId}"), r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
    }

    [Fact]
    public async Task An_api_started_before_its_database_becomes_ready_by_itself()
    {
        await using var proxy = DatabaseProxy.For(ConnectionString, startCut: true);
        await using var api = new ApiFactory("Postgres", proxy.Through(ConnectionString), Settings);
        using var anonymous = api.Client(key: null);
        using var client = api.Client();

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live")).StatusCode);
        await Task.Delay(1500); // a few start-up attempts fail meanwhile
        var ready = await anonymous.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var body = await ready.Content.ReadAsStringAsync();
        Assert.Equal("starting", JsonDocument.Parse(body).RootElement.GetProperty("checks").GetProperty("database").GetString());
        AssertNoInternals(body, proxy.Port);
        await AssertUnavailableAsync(await client.GetAsync("/jobs"));

        proxy.Restore();

        var recovered = await EventuallyAsync(() => anonymous.GetAsync("/health/ready"), r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/jobs")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await IngestAsync(client, "late-1")).StatusCode);
    }

    private static Task<HttpResponseMessage> IngestAsync(HttpClient client, string externalId) =>
        client.PostJsonAsync("/profiles", new
        {
            externalId,
            questionnaire = new { format = "text", content = "Коммерческий опыт: потоковая обработка на Kafka, три года в проде." },
        });

    private static async Task<JsonElement> AssertUnavailableAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"Expected 503, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
        Assert.Equal("database-unavailable", problem.GetProperty("code").GetString());
        Assert.Equal(7, problem.GetProperty("retryAfter").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        return problem;
    }

    /// <summary>What an anonymous caller must not learn: addresses, ports, driver names or their messages.</summary>
    private static void AssertNoInternals(string body, int port)
    {
        foreach (var secret in (string[])["127.0.0.1", "localhost", port.ToString(), "Host=", "Npgsql", "Exception", "refused", "postgres"])
            Assert.DoesNotContain(secret, body, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<HttpResponseMessage> EventuallyAsync(Func<Task<HttpResponseMessage>> call, Func<HttpResponseMessage, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var response = await call();
            if (done(response) || DateTime.UtcNow > deadline) return response;
            await Task.Delay(200);
        }
    }
}
