using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Matching.Api.Tests;

/// <summary>The real API in-process over a real database: a SQLite file or a fresh PostgreSQL database.</summary>
/// <param name="settings">More configuration (e.g. to run a second replica differently).</param>
/// <param name="configure">More host set-up (e.g. a log sink).</param>
public sealed class ApiFactory(string provider, string connectionString, IReadOnlyDictionary<string, string>? settings = null,
    Action<IWebHostBuilder>? configure = null)
    : WebApplicationFactory<Program>
{
    public const string AdminKey = "test-admin-key-0123456789";
    public const string WriteKey = "test-write-key-0123456789";
    public const string ReadKey = "test-read-key-0123456789";

    public string Provider => provider;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", provider);
        builder.UseSetting("ConnectionStrings:Matching", connectionString);
        builder.UseSetting("MATCHING_API_KEY", AdminKey);
        builder.UseSetting("MATCHING_READ_API_KEYS", ReadKey);
        builder.UseSetting("Auth:Keys:0:Key", WriteKey);
        builder.UseSetting("Auth:Keys:0:Scope", "Write");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) builder.UseSetting(key, value);
        configure?.Invoke(builder);
    }

    public HttpClient Client(string? key = AdminKey)
    {
        var client = CreateClient();
        if (key is not null) client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    /// <summary>Waits until /health/ready says the database and the match index are ready.</summary>
    public async Task WaitUntilReadyAsync()
    {
        using var client = CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var response = await client.GetAsync("/health/ready");
            if (response.IsSuccessStatusCode) return;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("The API did not become ready: " + await response.Content.ReadAsStringAsync());
            await Task.Delay(50);
        }
    }
}

public static class Json
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        try
        {
            return JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new Xunit.Sdk.XunitException($"Expected JSON but got {(int)response.StatusCode}: {text}");
        }
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body) =>
        client.PostAsJsonAsync(url, body, Options);
}
