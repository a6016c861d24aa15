using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Matching.Data;
using Matching.Testing;

namespace Matching.Api.Tests;

/// <summary>
/// The nightly scoring from the API: POST /scoring-runs in the background worker, GET /scoring-runs, and the stored
/// lists at GET /jobs/{id}/matches with what changed. Written once, run against SQLite and PostgreSQL.
/// </summary>
public abstract class ScoringRunTests(ScoringRunApiFixture fixture)
{
    private ApiFactory Factory => fixture.Factory;

    /// <summary>A candidate whose one skill is at exactly this level (set as a recruiter override), so its score is 100 × level.</summary>
    private static async Task<string> CandidateAsync(HttpClient client, string skill, string text, double level)
    {
        var ingest = await client.PostJsonAsync("/profiles", new
        {
            externalId = "nightly-" + Guid.NewGuid().ToString("N")[..8],
            questionnaire = new { format = "text", content = text },
        });
        var body = await ingest.ReadJsonAsync();
        Assert.True(ingest.StatusCode == HttpStatusCode.Created, body.ToString());
        var id = body.GetProperty("id").GetString()!;
        await SetLevelAsync(client, id, skill, level);
        return id;
    }

    private static async Task SetLevelAsync(HttpClient client, string profileId, string skill, double level)
    {
        var patch = await client.PatchAsJsonAsync($"/profiles/{profileId}/skills", new { skills = new[] { new { skill, level } } });
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
    }

    private static async Task<string> JobAsync(HttpClient client, string skill)
    {
        var response = await client.PostJsonAsync("/jobs", new
        {
            title = $"{skill} developer",
            requirements = new[] { new { skill, minLevel = 1.0 } },
        });
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
        return body.GetProperty("id").GetString()!;
    }

    /// <summary>Starts a run and waits for it to finish; returns the finished run.</summary>
    private static async Task<JsonElement> RunAsync(HttpClient client, object? body = null)
    {
        // The previous test's run may still be releasing the lock for a moment after it reported its outcome.
        HttpResponseMessage started;
        var busyUntil = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            started = body is null ? await client.PostAsync("/scoring-runs", null) : await client.PostJsonAsync("/scoring-runs", body);
            if (started.StatusCode != HttpStatusCode.Conflict || DateTime.UtcNow > busyUntil) break;
            await Task.Delay(50);
        }
        var json = await started.ReadJsonAsync();
        Assert.True(started.StatusCode == HttpStatusCode.Accepted, json.ToString());
        var id = json.GetProperty("id").GetString()!;
        Assert.Equal("running", json.GetProperty("status").GetString());
        Assert.Equal($"/scoring-runs/{id}", started.Headers.Location?.OriginalString);

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var run = await (await client.GetAsync($"/scoring-runs/{id}")).ReadJsonAsync();
            if (run.GetProperty("status").GetString() != "running") return run;
            Assert.True(DateTime.UtcNow < deadline, "The run did not finish in 60 s: " + run);
            await Task.Delay(50);
        }
    }

    private static List<(string ProfileId, string Change, int? PreviousRank)> Places(JsonElement matches) =>
        matches.GetProperty("results").EnumerateArray()
            .Select(r => (r.GetProperty("profileId").GetString()!, r.GetProperty("change").GetString()!,
                r.GetProperty("previousRank").ValueKind == JsonValueKind.Null ? (int?)null : r.GetProperty("previousRank").GetInt32()))
            .ToList();

    [Fact]
    public async Task Admin_starts_a_run_whose_stored_lists_show_what_changed_since_the_previous_one()
    {
        await Factory.WaitUntilReadyAsync();
        using var client = Factory.Client();
        var a = await CandidateAsync(client, "haskell", "Haskell developer, five years of Haskell in production.", 0.9);
        var b = await CandidateAsync(client, "haskell", "Haskell developer, backend services in Haskell.", 0.8);
        var c = await CandidateAsync(client, "haskell", "Haskell developer, compilers in Haskell.", 0.7);
        var job = await JobAsync(client, "haskell");

        var first = await RunAsync(client);
        Assert.Equal("succeeded", first.GetProperty("status").GetString());
        Assert.Equal("api", first.GetProperty("trigger").GetString());
        Assert.True(first.GetProperty("results").GetInt32() >= 3);
        Assert.Equal(first.GetProperty("results").GetInt32(), first.GetProperty("changes").GetProperty("new").GetInt32() +
                                                               first.GetProperty("changes").GetProperty("unchanged").GetInt32() +
                                                               first.GetProperty("changes").GetProperty("movedUp").GetInt32() +
                                                               first.GetProperty("changes").GetProperty("movedDown").GetInt32());
        var firstId = first.GetProperty("id").GetString()!;

        var stored = await (await client.GetAsync($"/jobs/{job}/matches?run=latest")).ReadJsonAsync();
        Assert.Equal(firstId, stored.GetProperty("run").GetProperty("id").GetString());
        Assert.Equal([(a, "new", (int?)null), (b, "new", (int?)null), (c, "new", (int?)null)], Places(stored));
        Assert.Equal(90m, stored.GetProperty("results")[0].GetProperty("score").GetDecimal());
        Assert.Equal(3, stored.GetProperty("changes").GetProperty("new").GetInt32());

        await SetLevelAsync(client, c, "haskell", 1.0); // 3rd → 1st
        await SetLevelAsync(client, b, "haskell", 0.0); // out
        var d = await CandidateAsync(client, "haskell", "Haskell developer, type systems in Haskell.", 0.5);
        var second = await RunAsync(client, new { top = 3 });
        Assert.Equal("succeeded", second.GetProperty("status").GetString());
        Assert.Equal(firstId, second.GetProperty("previousRunId").GetString());

        var changed = await (await client.GetAsync($"/jobs/{job}/matches")).ReadJsonAsync();
        Assert.Equal([(c, "up", (int?)3), (a, "down", (int?)1), (d, "new", (int?)null)], Places(changed));
        var top = changed.GetProperty("results")[0];
        Assert.Equal((100m, 70m, 30m), (top.GetProperty("score").GetDecimal(), top.GetProperty("previousScore").GetDecimal(),
            top.GetProperty("scoreDelta").GetDecimal()));
        var dropped = Assert.Single(changed.GetProperty("dropped").EnumerateArray());
        Assert.Equal((b, 2), (dropped.GetProperty("profileId").GetString(), dropped.GetProperty("previousRank").GetInt32()));
        Assert.Equal((1, 1, 1, 1), (changed.GetProperty("changes").GetProperty("new").GetInt32(),
            changed.GetProperty("changes").GetProperty("dropped").GetInt32(), changed.GetProperty("changes").GetProperty("movedUp").GetInt32(),
            changed.GetProperty("changes").GetProperty("movedDown").GetInt32()));

        // An older run's list stays readable while it is kept; limit cuts the list.
        var old = await (await client.GetAsync($"/jobs/{job}/matches?run={firstId}&limit=2")).ReadJsonAsync();
        Assert.Equal([a, b], Places(old).Select(p => p.ProfileId));

        var runs = await (await client.GetAsync("/scoring-runs?limit=2")).ReadJsonAsync();
        Assert.Equal([second.GetProperty("id").GetString(), firstId],
            runs.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Stored_lists_show_scores_rounded_to_two_decimals_as_match_does()
    {
        await Factory.WaitUntilReadyAsync();
        using var client = Factory.Client();
        // One of three equal requirements met in full: 33.3333 stored (exact), 33.33 shown; two of three: 66.6666 → 66.67.
        var one = await CandidateAsync(client, "clojure", "Clojure developer, Clojure services in production.", 1.0);
        var two = await CandidateAsync(client, "clojure", "Clojure and Scala developer, both in production.", 1.0);
        await SetLevelAsync(client, two, "scala", 1.0);
        var created = await client.PostJsonAsync("/jobs", new
        {
            title = "Rounding", requirements = new[] { new { skill = "clojure" }, new { skill = "scala" }, new { skill = "figma" } },
        });
        var job = (await created.ReadJsonAsync()).GetProperty("id").GetString()!;

        var run = await RunAsync(client, new { jobs = new[] { job } });
        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        var stored = await (await client.GetAsync($"/jobs/{job}/matches")).ReadJsonAsync();
        var scores = stored.GetProperty("results").EnumerateArray()
            .ToDictionary(r => r.GetProperty("profileId").GetString()!, r => r.GetProperty("score").GetDecimal());
        Assert.Equal((66.67m, 33.33m), (scores[two], scores[one]));
        Assert.Contains("\"score\":66.67,", stored.GetRawText().Replace(" ", ""));

        var live = await (await client.PostJsonAsync("/match", new { jobId = job, topK = 1000 })).ReadJsonAsync();
        Assert.Equal(66.67m, live.GetProperty("results").EnumerateArray()
            .Single(r => r.GetProperty("profileId").GetString() == two).GetProperty("score").GetDecimal());
    }

    [Fact]
    public async Task Starting_a_run_needs_an_admin_key()
    {
        using var reader = Factory.Client(ApiFactory.ReadKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsync("/scoring-runs", null)).StatusCode);
        using var writer = Factory.Client(ApiFactory.WriteKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await writer.PostAsync("/scoring-runs", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/scoring-runs")).StatusCode);
        using var anonymous = Factory.Client(key: null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/scoring-runs")).StatusCode);
    }

    [Fact]
    public async Task A_start_while_another_run_holds_the_lock_is_409_naming_the_running_run()
    {
        await Factory.WaitUntilReadyAsync();
        await using var db = MatchingDatabase.Open(fixture.Database);
        var store = db.ScoringRuns;
        var runId = "r_held_" + Guid.NewGuid().ToString("N")[..8];
        // What the console looks like to the API while it runs: the lock, and a running run.
        var lease = await store.TryAcquireLockAsync(TimeSpan.FromMinutes(1), CancellationToken.None);
        for (var i = 0; lease is null && i < 200; i++)
        {
            await Task.Delay(50); // a run of an earlier test may still be releasing it
            lease = await store.TryAcquireLockAsync(TimeSpan.FromMinutes(1), CancellationToken.None);
        }
        Assert.NotNull(lease);
        await using (lease)
        {
            await store.CreateRunAsync(new NewScoringRun(runId, ScoringRunTrigger.Console, lease.Owner, 100, null, "s", "t", null), CancellationToken.None);
            try
            {
                using var client = Factory.Client();
                var response = await client.PostAsync("/scoring-runs", null);
                Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                var problem = await response.ReadJsonAsync();
                Assert.Equal(409, problem.GetProperty("status").GetInt32());
                Assert.Equal(runId, problem.GetProperty("runningId").GetString());
                Assert.Contains(runId, problem.GetProperty("detail").GetString());

                var running = await (await client.GetAsync($"/scoring-runs/{runId}")).ReadJsonAsync();
                Assert.Equal("running", running.GetProperty("status").GetString());
            }
            finally
            {
                await store.FailAsync(runId, "test over", null, CancellationToken.None);
            }
        }
    }

    [Fact]
    public async Task Stored_matches_are_404_until_a_run_scored_the_job_and_for_unknown_jobs_or_runs()
    {
        using var client = Factory.Client();
        var job = await JobAsync(client, "fortran");

        var none = await client.GetAsync($"/jobs/{job}/matches");
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Equal("application/problem+json", none.Content.Headers.ContentType?.MediaType);
        Assert.Contains("POST /scoring-runs", (await none.ReadJsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/jobs/j_nope/matches")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/jobs/{job}/matches?run=r_nope")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/scoring-runs/r_nope")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/jobs/{job}/matches?limit=0")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/scoring-runs?limit=1000")).StatusCode);
    }

    [Fact]
    public async Task Bad_start_requests_are_refused_with_problems()
    {
        using var client = Factory.Client();
        var unknown = await client.PostJsonAsync("/scoring-runs", new { jobs = new[] { "j_missing" } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        var problem = await unknown.ReadJsonAsync();
        Assert.Equal(["j_missing"], problem.GetProperty("unknownJobs").EnumerateArray().Select(j => j.GetString()));

        var top = await client.PostJsonAsync("/scoring-runs", new { top = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, top.StatusCode);
        Assert.Equal("application/problem+json", top.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Erasing_a_profile_removes_it_from_stored_matches()
    {
        await Factory.WaitUntilReadyAsync();
        using var client = Factory.Client();
        var keep = await CandidateAsync(client, "cobol", "COBOL developer, mainframe COBOL for banks.", 0.6);
        var erase = await CandidateAsync(client, "cobol", "COBOL developer, batch jobs in COBOL.", 0.9);
        var job = await JobAsync(client, "cobol");
        var run = await RunAsync(client, new { jobs = new[] { job } });
        Assert.Equal(1, run.GetProperty("jobsScored").GetInt32());
        Assert.Equal([erase, keep], Places(await (await client.GetAsync($"/jobs/{job}/matches")).ReadJsonAsync()).Select(p => p.ProfileId));

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/profiles/{erase}")).StatusCode);

        var after = await (await client.GetAsync($"/jobs/{job}/matches")).ReadJsonAsync();
        Assert.Equal([keep], Places(after).Select(p => p.ProfileId));
    }
}

/// <summary>One API over one fresh database, whose options the tests also use to open the database directly.</summary>
public abstract class ScoringRunApiFixture(DatabaseProvider provider) : IAsyncLifetime
{
    private TestDatabase? _database;
    private ApiFactory? _factory;

    public ApiFactory Factory => _factory ?? throw new InvalidOperationException("The fixture is not initialised.");
    public DatabaseOptions Database => _database?.Options ?? throw new InvalidOperationException("The fixture is not initialised.");

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(provider);
        _factory = new ApiFactory(provider.ToString(), _database.Options.ConnectionString);
        await _factory.WaitUntilReadyAsync();
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null) await _factory.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }
}

public sealed class SqliteScoringRunApiFixture() : ScoringRunApiFixture(DatabaseProvider.Sqlite);

public sealed class PostgresScoringRunApiFixture() : ScoringRunApiFixture(DatabaseProvider.Postgres);

public sealed class SqliteScoringRunTests(SqliteScoringRunApiFixture fixture) : ScoringRunTests(fixture), IClassFixture<SqliteScoringRunApiFixture>;

public sealed class PostgresScoringRunTests(PostgresScoringRunApiFixture fixture) : ScoringRunTests(fixture), IClassFixture<PostgresScoringRunApiFixture>;
