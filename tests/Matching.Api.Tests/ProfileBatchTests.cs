using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Matching.Api.Features.Profiles.Batch;
using Matching.Data;
using Matching.Testing;

namespace Matching.Api.Tests;

/// <summary>POST /profiles:batch on SQLite and PostgreSQL: each item as POST /profiles would answer it, side by side.</summary>
public abstract class ProfileBatchTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const int MaxItems = 6;
    private TestDatabase? _database;
    private ApiFactory? _api;

    private ApiFactory Api => _api!;

    private const string CvEngineer = "## 1. Опыт\n#### Acme - ML engineer\nДетекция на YOLOv8 и PyTorch в проде.\n## 2. SQL\nВ основном PostgreSQL.";
    private const string Backend = "Backend developer: Go and PostgreSQL, Kafka for events, everything in Docker.";

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(provider);
        _api = new ApiFactory(provider.ToString(), _database.Options.ConnectionString,
            new Dictionary<string, string> { ["Limits:MaxBatchItems"] = MaxItems.ToString() });
        await Api.WaitUntilReadyAsync();
    }

    public async Task DisposeAsync()
    {
        if (_api is not null) await _api.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }

    private static object Item(string? externalId, string format, string content) =>
        new { externalId, questionnaire = new { format, content }, language = "auto" };

    private static async Task<Response> ReadAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<Response>(Json.Options))!;
    }

    private async Task<int> CountAsync(HttpClient client, string externalId) =>
        (await (await client.GetAsync($"/profiles?externalId={externalId}")).ReadJsonAsync()).GetProperty("items").GetArrayLength();

    [Fact]
    public async Task A_bad_item_gets_its_problem_while_the_good_ones_beside_it_are_stored()
    {
        using var client = Api.Client(ApiFactory.WriteKey);
        var existing = await client.PostJsonAsync("/profiles", Item("b-existing", "text", Backend));
        var existingId = (await existing.ReadJsonAsync()).GetProperty("id").GetString();

        var batch = await ReadAsync(await client.PostJsonAsync("/profiles:batch", new
        {
            items = new object?[]
            {
                Item("b-new", "markdown", CvEngineer),
                Item("b-pdf", "pdf", CvEngineer),
                Item("b-existing", "markdown", CvEngineer),
                Item("b-no-skills", "text", "Хочу работать у вас, я ответственный и быстро учусь."),
                null,
                Item(null, "text", Backend),
            },
        }));

        Assert.Equal((2, 1, 3), (batch.Created, batch.Updated, batch.Failed));
        Assert.Equal([0, 1, 2, 3, 4, 5], batch.Items.Select(i => i.Index));
        Assert.Equal([201, 400, 200, 422, 400, 201], batch.Items.Select(i => i.Status));
        Assert.Equal(["b-new", "b-pdf", "b-existing", "b-no-skills", null, null], batch.Items.Select(i => i.ExternalId));
        Assert.Equal(existingId, batch.Items[2].ProfileId);
        Assert.Equal(["validation-failed", "no-skills", "validation-failed"], batch.Items.Where(i => i.Problem is not null).Select(i => i.Problem!.Code));
        Assert.Equal("questionnaire.format", Assert.Single(batch.Items[1].Problem!.Errors!).Name);
        Assert.All(batch.Items.Where(i => i.Problem is not null), i => Assert.Null(i.ProfileId));
        Assert.All(batch.Items.Where(i => i.Problem is null), i => Assert.NotNull(i.ProfileId));

        // Stored as POST /profiles stores: readable, replaced in place, and found by /match at once (the index caught up).
        var created = await (await client.GetAsync($"/profiles/{batch.Items[0].ProfileId}")).ReadJsonAsync();
        Assert.Contains(created.GetProperty("skills").EnumerateArray(), s => s.GetProperty("skill").GetString() == "pytorch");
        var replaced = await (await client.GetAsync($"/profiles/{existingId}")).ReadJsonAsync();
        Assert.DoesNotContain(replaced.GetProperty("skills").EnumerateArray(), s => s.GetProperty("skill").GetString() == "kafka");
        Assert.Equal(0, await CountAsync(client, "b-pdf"));
        Assert.Equal(0, await CountAsync(client, "b-no-skills"));
        var match = await (await client.PostJsonAsync("/match", new { requirements = new[] { new { skill = "YOLO", required = true } }, strict = true }))
            .ReadJsonAsync();
        Assert.Equal(
            new[] { batch.Items[0].ProfileId, existingId }.Order(StringComparer.Ordinal),
            match.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("profileId").GetString()).Order(StringComparer.Ordinal));
    }

    /// <summary>An operation's examples as the document carries them (src/Matching.Api/OpenApiExamples, embedded in the API).</summary>
    private static JsonNode ExamplesOf(string operationId)
    {
        using var stream = typeof(Endpoint).Assembly.GetManifestResourceStream($"Matching.Api.OpenApiExamples.{operationId}.json");
        Assert.NotNull(stream);
        return JsonNode.Parse(stream)!;
    }

    [Fact]
    public async Task The_documented_example_is_what_the_endpoint_answers()
    {
        using var client = Api.Client(ApiFactory.WriteKey);
        // hr-123 exists, as the example says: stored by POST /profiles's own example.
        var existing = await (await client.PostJsonAsync("/profiles", ExamplesOf("Profiles_Ingest")["requests"]!["markdown"]!)).ReadJsonAsync();
        var example = ExamplesOf("Profiles_IngestBatch");

        var batch = await ReadAsync(await client.PostJsonAsync("/profiles:batch", example["requests"]!["batch"]!));

        var documented = example["responses"]!["200"].Deserialize<Response>(Json.Options)!;
        Assert.Equal((documented.Created, documented.Updated, documented.Failed), (batch.Created, batch.Updated, batch.Failed));
        Assert.Equal(
            documented.Items.Select(i => (i.Index, i.ExternalId, i.Status, i.ProfileId is null)),
            batch.Items.Select(i => (i.Index, i.ExternalId, i.Status, i.ProfileId is null)));
        Assert.Equal(existing.GetProperty("id").GetString(), batch.Items[0].ProfileId);
        Assert.Equal(
            documented.Items.Select(i => (i.Problem?.Code, i.Problem?.Title, i.Problem?.Detail, i.Problem?.Type, i.Problem?.Status,
                Errors: string.Join("|", i.Problem?.Errors?.Select(e => e.Name + ": " + e.Reason) ?? ["null"]))),
            batch.Items.Select(i => (i.Problem?.Code, i.Problem?.Title, i.Problem?.Detail, i.Problem?.Type, i.Problem?.Status,
                Errors: string.Join("|", i.Problem?.Errors?.Select(e => e.Name + ": " + e.Reason) ?? ["null"]))));
    }

    [Fact]
    public async Task More_items_than_the_limit_is_413_with_a_code_and_nothing_is_stored()
    {
        using var client = Api.Client(ApiFactory.WriteKey);
        var items = Enumerable.Range(0, MaxItems + 1).Select(i => Item($"over-{i}", "text", Backend)).ToArray();

        var response = await client.PostJsonAsync("/profiles:batch", new { items });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadJsonAsync();
        Assert.Equal(Endpoint.TooManyItemsCode, problem.GetProperty("code").GetString());
        Assert.Contains($"at most {MaxItems}", problem.GetProperty("detail").GetString());
        Assert.Equal(0, await CountAsync(client, "over-0"));

        var atTheLimit = await ReadAsync(await client.PostJsonAsync("/profiles:batch", new { items = items[..MaxItems] }));
        Assert.Equal(MaxItems, atTheLimit.Created);
    }

    [Fact]
    public async Task An_invalid_envelope_is_400_problem_and_a_read_key_is_403()
    {
        using var writer = Api.Client(ApiFactory.WriteKey);
        foreach (var body in new object[] { new { }, new { items = Array.Empty<object>() } })
        {
            var response = await writer.PostJsonAsync("/profiles:batch", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("items", await response.Content.ReadAsStringAsync());
        }
        var malformed = await writer.PostAsync("/profiles:batch", new StringContent("{\"items\": [", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);

        using var reader = Api.Client(ApiFactory.ReadKey);
        var forbidden = await reader.PostJsonAsync("/profiles:batch", new { items = new[] { Item("ro-1", "text", Backend) } });
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(0, await CountAsync(writer, "ro-1"));
    }
}

public sealed class SqliteProfileBatchTests() : ProfileBatchTests(DatabaseProvider.Sqlite);

public sealed class PostgresProfileBatchTests() : ProfileBatchTests(DatabaseProvider.Postgres);
