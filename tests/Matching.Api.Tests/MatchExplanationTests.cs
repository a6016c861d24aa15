using System.Net;
using System.Text.Json;
using Matching.Data;
using Matching.Testing;

namespace Matching.Api.Tests;

/// <summary>
/// /match quotes evidence from a cache; what a recruiter reads must still be the candidate's current answers: after a
/// rewrite or an erasure, on the replica that took the write and on another one over the same database.
/// </summary>
public abstract class MatchExplanationTests(DatabaseProvider provider) : IAsyncLifetime
{
    private TestDatabase? _database;
    private ApiFactory? _a;
    private ApiFactory? _b;

    private ApiFactory A => _a!;
    private ApiFactory B => _b!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(provider);
        _a = new ApiFactory(provider.ToString(), _database.Options.ConnectionString);
        _b = new ApiFactory(provider.ToString(), _database.Options.ConnectionString);
        await A.WaitUntilReadyAsync();
        await B.WaitUntilReadyAsync();
    }

    public async Task DisposeAsync()
    {
        if (_a is not null) await _a.DisposeAsync();
        if (_b is not null) await _b.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_rewritten_profile_is_quoted_from_its_new_answers()
    {
        using var client = A.Client();
        var ext = "ev-" + Guid.NewGuid().ToString("N")[..8];
        var id = await IngestAsync(client, ext, "Коммерческий опыт: пять лет писал биллинг на Erlang/OTP.");
        Assert.Contains("биллинг", await QuoteAsync(client, id, "erlang"));
        Assert.Contains("биллинг", await QuoteAsync(client, id, "erlang")); // now from the cache

        Assert.Equal(id, await IngestAsync(client, ext, "Коммерческий опыт: делал чат-сервер на Erlang для мессенджера.", HttpStatusCode.OK));

        var quote = await QuoteAsync(client, id, "erlang");
        Assert.Contains("чат-сервер", quote);
        Assert.DoesNotContain("биллинг", quote);
    }

    [Fact]
    public async Task Another_replica_quotes_a_rewrite_and_forgets_an_erasure_within_seconds()
    {
        using var a = A.Client();
        using var b = B.Client();
        var ext = "ev-" + Guid.NewGuid().ToString("N")[..8];
        var id = await IngestAsync(a, ext, "Коммерческий опыт: три года писал платёжный шлюз на Clojure.");
        Assert.Contains("платёжный", await EventuallyAsync(() => QuoteAsync(b, id, "clojure"), q => q is not null));

        await IngestAsync(a, ext, "Коммерческий опыт: на Clojure писал систему бронирования отелей.", HttpStatusCode.OK);
        var rewritten = await EventuallyAsync(() => QuoteAsync(b, id, "clojure"), q => q?.Contains("бронирования") == true);
        Assert.DoesNotContain("платёжный", rewritten);

        Assert.Equal(HttpStatusCode.NoContent, (await a.DeleteAsync($"/profiles/{id}")).StatusCode);
        Assert.Null(await EventuallyAsync(() => QuoteAsync(b, id, "clojure"), q => q is null));
    }

    [Fact]
    public async Task Without_the_cache_evidence_is_still_quoted()
    {
        await using var uncached = new ApiFactory(provider.ToString(), _database!.Options.ConnectionString,
            new Dictionary<string, string> { ["Match:EvidenceCacheMegabytes"] = "0" });
        await uncached.WaitUntilReadyAsync();
        using var writer = A.Client();
        using var client = uncached.Client();
        var ext = "ev-" + Guid.NewGuid().ToString("N")[..8];
        var id = await IngestAsync(writer, ext, "Коммерческий опыт: на Haskell писал компилятор DSL для трейдинга.");

        var quote = await EventuallyAsync(() => QuoteAsync(client, id, "haskell"), q => q is not null);

        Assert.Contains("компилятор", quote);
    }

    [Fact]
    public async Task A_negative_cache_size_stops_the_start()
    {
        await using var broken = new ApiFactory(provider.ToString(), _database!.Options.ConnectionString,
            new Dictionary<string, string> { ["Match:EvidenceCacheMegabytes"] = "-5" });

        var error = Assert.ThrowsAny<Exception>(() => broken.CreateClient());

        Assert.Contains("EvidenceCacheMegabytes", error.ToString());
    }

    [Fact]
    public async Task A_lexicon_phrase_listed_twice_stops_the_start_naming_it()
    {
        var dir = Directory.CreateTempSubdirectory("lexicon-").FullName;
        try
        {
            foreach (var file in Directory.GetFiles(Path.Combine(RepositoryRoot(), "db", "lexicons"), "*.json"))
                File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
            var en = Path.Combine(dir, "en.json");
            File.WriteAllText(en, File.ReadAllText(en).Replace("\"never\",", "\"never\", \"never\","));
            await using var broken = new ApiFactory(provider.ToString(), _database!.Options.ConnectionString,
                new Dictionary<string, string> { ["Extraction:LexiconPath"] = dir });

            var error = Assert.ThrowsAny<Exception>(() => broken.CreateClient());

            Assert.Contains("en.json: cue 'never' (negation) is listed twice", error.ToString());
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    private static string RepositoryRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Matching.sln"))) return d.FullName;
        throw new DirectoryNotFoundException("Matching.sln not found above the test binaries.");
    }

    private static async Task<string> IngestAsync(HttpClient client, string externalId, string text,
        HttpStatusCode expected = HttpStatusCode.Created)
    {
        var response = await client.PostJsonAsync("/profiles", new
        {
            externalId,
            questionnaire = new { format = "text", content = text },
            language = "auto",
        });
        var body = await response.ReadJsonAsync();
        Assert.True(expected == response.StatusCode, $"Expected {expected}, got {(int)response.StatusCode}: {body}");
        return body.GetProperty("id").GetString()!;
    }

    /// <summary>The first quote the profile's /match result gives for the skill, or null when the profile is not a result.</summary>
    private static async Task<string?> QuoteAsync(HttpClient client, string profileId, string skill)
    {
        var response = await client.PostJsonAsync("/match", new { requirements = new[] { new { skill } }, topK = 1000 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        foreach (var result in body.GetProperty("results").EnumerateArray())
        {
            if (result.GetProperty("profileId").GetString() != profileId) continue;
            var breakdown = result.GetProperty("breakdown")[0];
            Assert.Equal(skill, breakdown.GetProperty("matchedSkill").GetString());
            var evidence = breakdown.GetProperty("evidence");
            Assert.NotEqual(0, evidence.GetArrayLength());
            return evidence[0].GetProperty("quote").GetString();
        }
        return null;
    }

    /// <summary>Polls until the condition holds (replicas catch up within a poll interval); fails after 10 s.</summary>
    private static async Task<string?> EventuallyAsync(Func<Task<string?>> read, Func<string?, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var value = await read();
            if (condition(value)) return value;
            Assert.True(DateTime.UtcNow < deadline, $"Still '{value}' after 10 s.");
            await Task.Delay(100);
        }
    }
}

public sealed class SqliteMatchExplanationTests() : MatchExplanationTests(DatabaseProvider.Sqlite);

public sealed class PostgresMatchExplanationTests() : MatchExplanationTests(DatabaseProvider.Postgres);
