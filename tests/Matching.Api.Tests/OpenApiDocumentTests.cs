using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Matching.Api.Tests;

/// <summary>
/// The committed openapi/matching.v1.json must be what the API serves. After changing an endpoint, regenerate it with
/// <c>MATCHING_WRITE_OPENAPI=1 dotnet test --filter OpenApiDocumentTests</c> and commit the file.
/// </summary>
public sealed class OpenApiDocumentTests(SqliteApiFixture fixture) : IClassFixture<SqliteApiFixture>
{
    [Fact]
    public async Task Committed_openapi_document_matches_what_the_api_serves()
    {
        using var client = fixture.Factory.Client(key: null);
        var response = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var served = Canonical(await response.Content.ReadAsStringAsync());

        var path = Path.Combine(RepoRoot(), "openapi", "matching.v1.json");
        if (Environment.GetEnvironmentVariable("MATCHING_WRITE_OPENAPI") == "1")
            await File.WriteAllTextAsync(path, served + "\n");

        Assert.True(File.Exists(path), $"{path} is missing; regenerate it with MATCHING_WRITE_OPENAPI=1.");
        var committed = Canonical(await File.ReadAllTextAsync(path));
        Assert.True(committed == served,
            "openapi/matching.v1.json differs from the served document; regenerate it with MATCHING_WRITE_OPENAPI=1 dotnet test --filter OpenApiDocumentTests");
    }

    [Fact]
    public async Task Swagger_ui_is_served_and_points_at_the_document()
    {
        using var client = fixture.Factory.Client(key: null);
        var page = await client.GetAsync("/swagger/index.html");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var config = await client.GetStringAsync("/swagger/index.js");
        Assert.Contains("/openapi/v1.json", config);

        var doc = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;
        Assert.NotNull(doc["components"]?["securitySchemes"]?["ApiKey"]);
        foreach (var path in new[] { "/match", "/profiles", "/profiles/{id}", "/jobs", "/skills/resolve", "/health/ready" })
            Assert.NotNull(doc["paths"]?[path]);
        foreach (var (path, item) in doc["paths"]!.AsObject())
        foreach (var (method, operation) in item!.AsObject())
            Assert.False(string.IsNullOrWhiteSpace(operation?["summary"]?.GetValue<string>()), $"{method} {path} has no summary");
    }

    [Fact]
    public async Task Every_operation_documents_the_429_with_Retry_After_and_the_shared_problem_schema()
    {
        using var client = fixture.Factory.Client(key: null);
        var doc = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;
        Assert.NotNull(doc["components"]?["schemas"]?["Problem"]);
        var operations = 0;
        foreach (var (path, item) in doc["paths"]!.AsObject())
        foreach (var (method, operation) in item!.AsObject())
        {
            operations++;
            var tooMany = operation?["responses"]?["429"];
            Assert.True(tooMany is not null, $"{method} {path} does not list 429");
            Assert.Equal("#/components/schemas/Problem", tooMany["content"]?["application/problem+json"]?["schema"]?["$ref"]?.GetValue<string>());
            Assert.Equal("integer", tooMany["headers"]?["Retry-After"]?["schema"]?["type"]?.GetValue<string>());
        }
        Assert.True(operations > 20, $"only {operations} operations");
        // Prometheus text for a scraper, not part of the JSON contract.
        Assert.Null(doc["paths"]!["/metrics"]);
    }

    private static string Canonical(string json) =>
        JsonNode.Parse(json)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    internal static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Matching.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Matching.sln not found above " + AppContext.BaseDirectory);
    }
}
