using System.Net;
using System.Net.Http.Json;
using Matching.Api.Contracts;
using Matching.Api.Features.Reextractions;
using Matching.Core.Extraction;
using Matching.Core.Profiles;
using Matching.Core.Taxonomy;
using Matching.Data;
using Matching.Testing;
using Microsoft.Extensions.DependencyInjection;
using MatchResponse = Matching.Api.Features.Match.Response;

namespace Matching.Api.Tests;

/// <summary>
/// Re-extraction from the API: POST /reextractions in the background worker, GET /reextractions/latest and /{id}, the
/// versions on profile responses, and a second replica over the same database following the rewritten profiles through
/// the change feed. Each test has a database of its own (a run counts every due profile of the store).
/// </summary>
public abstract class ReextractionTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly ExtractionVersions Old = new("extractor-0", "taxonomy-0");

    private TestDatabase? _database;
    private ApiFactory? _a;
    private MatchingDatabase? _db;

    private ApiFactory A => _a!;
    /// <summary>The same database opened directly, as another program (or an older replica) would write it.</summary>
    private MatchingDatabase Db => _db!;
    private SkillTaxonomy Taxonomy => A.Services.GetRequiredService<SkillTaxonomy>();

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(provider);
        _a = new ApiFactory(provider.ToString(), _database.Options.ConnectionString);
        await A.WaitUntilReadyAsync();
        _db = MatchingDatabase.Open(_database.Options);
    }

    public async Task DisposeAsync()
    {
        if (_a is not null) await _a.DisposeAsync();
        if (_db is not null) await _db.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }

    [Fact]
    public async Task Profiles_carry_the_extractor_and_taxonomy_versions_they_were_extracted_with()
    {
        using var client = A.Client();
        var ingest = await client.PostJsonAsync("/profiles", new
        {
            externalId = "hr-versions",
            questionnaire = new { format = "text", content = "Коммерческий опыт: три года на Go, писал сервисы на PostgreSQL." },
        });
        Assert.Equal(HttpStatusCode.Created, ingest.StatusCode);
        var created = await ReadAsync<ProfileDto>(ingest);
        var extracted = await ReadAsync<ProfileDto>(await client.PostJsonAsync("/profiles/extract", new
        {
            questionnaire = new { format = "text", content = "Коммерческий опыт: три года на Go, писал сервисы на PostgreSQL." },
        }));
        var stale = await StaleAsync("hr-stale", "Коммерческий опыт: три года на Go.", ("cobol", 0.5));

        Assert.Equal((ExtractorVersion.Current, Taxonomy.Version), (created.ExtractorVersion, created.TaxonomyVersion));
        Assert.Equal((ExtractorVersion.Current, Taxonomy.Version), (extracted.ExtractorVersion, extracted.TaxonomyVersion));
        var read = await ReadAsync<ProfileDto>(await client.GetAsync($"/profiles/{created.Id}"));
        Assert.Equal((ExtractorVersion.Current, Taxonomy.Version), (read.ExtractorVersion, read.TaxonomyVersion));
        var listed = await ReadAsync<Paged<ProfileDto>>(await client.GetAsync("/profiles?externalId=hr-stale"));
        Assert.Equal((stale, Old.Extractor, Old.Taxonomy), (listed.Items[0].Id, listed.Items[0].ExtractorVersion, listed.Items[0].TaxonomyVersion));
    }

    [Fact]
    public async Task A_run_re_extracts_stale_profiles_and_another_replica_matches_and_quotes_the_new_ones()
    {
        await using var b = new ApiFactory(provider.ToString(), _database!.Options.ConnectionString);
        await b.WaitUntilReadyAsync();
        using var client = A.Client();
        using var other = b.Client(ApiFactory.ReadKey);
        var stale = await StaleAsync("hr-erlang", "Коммерческий опыт: пять лет писал биллинг на Erlang/OTP.", ("cobol", 0.75));
        var (current, _) = await Db.Profiles.UpsertAsync(new ProfileWrite("hr-current", Questionnaire.Text("Пишу на Erlang."), "ru",
            [new ProfileSkill("erlang", 0.5, SkillSource.Mentioned, [])], [], ExtractionVersions.Current(Taxonomy)), Compose, CancellationToken.None);
        Assert.Contains(stale, await EventuallyAsync(() => MatchAsync(other, "cobol"), ids => ids.Contains(stale)));

        var started = await client.PostAsync("/reextractions", null);

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var run = await ReadAsync<ReextractionRunDto>(started);
        Assert.Equal($"/reextractions/{run.Id}", started.Headers.Location?.OriginalString);
        Assert.Equal((ReextractionStatus.Running, ReextractionTrigger.Api, 1, ExtractorVersion.Current, Taxonomy.Version),
            (run.Status, run.Trigger, run.Total, run.ExtractorVersion, run.TaxonomyVersion));
        Assert.Null(run.FinishedAt);

        var done = await FinishedAsync(client, run.Id);
        Assert.Equal((ReextractionStatus.Succeeded, 1, 1, 1, 0, 0, 0), (done.Status, done.Total, done.Done, done.Changed, done.Unchanged, done.Failed, done.Skipped));
        Assert.NotNull(done.FinishedAt);
        Assert.True(done.UpdatedAt >= done.StartedAt);
        var latest = await ReadAsync<ReextractionRunDto>(await client.GetAsync("/reextractions/latest"));
        Assert.Equal((done.Id, done.Status, done.Done, done.FinishedAt), (latest.Id, latest.Status, latest.Done, latest.FinishedAt));

        // The other replica follows through the change feed: the old extractor's cobol is gone, the text's Erlang is found and quoted.
        Assert.DoesNotContain(stale, await EventuallyAsync(() => MatchAsync(other, "cobol"), ids => !ids.Contains(stale)));
        Assert.Contains(stale, await EventuallyAsync(() => MatchAsync(other, "erlang"), ids => ids.Contains(stale)));
        var quote = (await MatchResponseAsync(other, "erlang")).Results.Single(r => r.ProfileId == stale).Breakdown[0].Evidence[0].Quote;
        Assert.Contains("биллинг", quote);
        var profile = await ReadAsync<ProfileDto>(await other.GetAsync($"/profiles/{stale}"));
        Assert.Equal((ExtractorVersion.Current, Taxonomy.Version), (profile.ExtractorVersion, profile.TaxonomyVersion));
        Assert.Contains(profile.Skills, s => s is { Skill: "erlang", Source: "mentioned" });
        // The profile that was current is as it was.
        var untouched = await ReadAsync<ProfileDto>(await client.GetAsync($"/profiles/{current.Id}"));
        Assert.Equal(current.UpdatedAt, untouched.UpdatedAt);
    }

    [Fact]
    public async Task A_questionnaire_that_no_longer_yields_skills_is_reported_failed_with_its_code_and_keeps_its_profile()
    {
        using var client = A.Client();
        var barren = await StaleAsync("hr-barren", "Люблю долгие прогулки и хорошие книги.", ("python", 0.75));

        var run = await ReadAsync<ReextractionRunDto>(await client.PostAsync("/reextractions", null));
        var done = await FinishedAsync(client, run.Id);

        Assert.Equal((ReextractionStatus.Succeeded, 1, 1, 0), (done.Status, done.Total, done.Failed, done.Changed));
        Assert.Equal(new Dictionary<string, int> { [ExtractionFailure.NoSkills] = 1 }, done.Failures);
        Assert.Equal([new ReextractionFailureDto(barren, ExtractionFailure.NoSkills)], done.FailedProfiles);
        var profile = await ReadAsync<ProfileDto>(await client.GetAsync($"/profiles/{barren}"));
        Assert.Equal((Old.Extractor, "python"), (profile.ExtractorVersion, profile.Skills[0].Skill));
    }

    [Fact]
    public async Task Runs_need_the_admin_key()
    {
        using var anonymous = A.Client(key: null);
        using var reader = A.Client(ApiFactory.ReadKey);
        using var writer = A.Client(ApiFactory.WriteKey);

        foreach (var client in new[] { anonymous, reader, writer })
        {
            var expected = client == anonymous ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden;
            await ReadProblemAsync(await client.PostAsync("/reextractions", null), expected);
            Assert.Equal(expected, (await client.GetAsync("/reextractions/latest")).StatusCode);
            Assert.Equal(expected, (await client.GetAsync("/reextractions/x_any")).StatusCode);
        }
        using var invalid = A.Client("not-a-key");
        Assert.Equal(HttpStatusCode.Unauthorized, (await invalid.PostAsync("/reextractions", null)).StatusCode);
        Assert.Null(await Db.Reextractions.LatestAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_start_while_a_run_holds_the_lock_is_409_naming_the_running_run()
    {
        await StaleAsync("hr-1", "Коммерческий опыт: три года на Go.", ("cobol", 0.5));
        var target = ExtractionVersions.Current(Taxonomy);
        // What the console (or another replica) looks like to this API while it runs: the lock, and a running run.
        await using (var lease = await Db.Reextractions.TryAcquireLockAsync(TimeSpan.FromMinutes(1), CancellationToken.None))
        {
            Assert.NotNull(lease);
            var held = await Db.Reextractions.CreateRunAsync("x_held", ReextractionTrigger.Console, lease.Owner, target, CancellationToken.None);
            using var client = A.Client();

            var problem = await ReadProblemAsync(await client.PostAsync("/reextractions", null), HttpStatusCode.Conflict);

            Assert.Equal((409, held.Id), (problem.Status, problem.RunningId));
            Assert.Contains(held.Id, problem.Detail);
            var running = await ReadAsync<ReextractionRunDto>(await client.GetAsync("/reextractions/latest"));
            Assert.Equal((held.Id, ReextractionStatus.Running, 1, 0), (running.Id, running.Status, running.Total, running.Done));
            await Db.Reextractions.FinishAsync(held.Id, lease.Owner, ReextractionStatus.Failed, "test over", CancellationToken.None);
        }

        // Once the lock is free, a start goes ahead.
        using var after = A.Client();
        var started = await after.PostAsync("/reextractions", null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        await FinishedAsync(after, (await ReadAsync<ReextractionRunDto>(started)).Id);
    }

    [Fact]
    public async Task Unknown_runs_are_404_problems_and_latest_is_404_before_the_first_run()
    {
        using var client = A.Client();

        var latest = await ReadProblemAsync(await client.GetAsync("/reextractions/latest"), HttpStatusCode.NotFound);
        var unknown = await ReadProblemAsync(await client.GetAsync("/reextractions/x_nope"), HttpStatusCode.NotFound);

        Assert.Contains("POST /reextractions", latest.Detail);
        Assert.Contains("x_nope", unknown.Detail);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await client.DeleteAsync("/reextractions/latest")).StatusCode);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private sealed record Problem(int Status, string Title, string Detail, string? RunningId);

    private IReadOnlyList<ProfileSkill> Compose(IReadOnlyList<ProfileSkill> extracted, IReadOnlyList<SkillOverride> overrides) =>
        SkillVector.Compose(Taxonomy, extracted, overrides);

    /// <summary>A profile an older extractor wrote: its versions, and skills the questionnaire does not say. Returns its id.</summary>
    private async Task<string> StaleAsync(string externalId, string text, params (string Skill, double Level)[] oldSkills)
    {
        var extracted = oldSkills.Select(s => new ProfileSkill(s.Skill, s.Level, SkillSource.Mentioned, [])).ToList();
        var (profile, _) = await Db.Profiles.UpsertAsync(new ProfileWrite(externalId, Questionnaire.Text(text), "ru", extracted, [], Old),
            Compose, CancellationToken.None);
        return profile.Id;
    }

    /// <summary>A successful answer's body.</summary>
    private static async Task<T> ReadAsync<T>(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode && response.Content.Headers.ContentType?.MediaType == "application/json",
            $"{(int)response.StatusCode}: {body}");
        return System.Text.Json.JsonSerializer.Deserialize<T>(body, Json.Options)
               ?? throw new Xunit.Sdk.XunitException($"{(int)response.StatusCode}: {body}");
    }

    /// <summary>A problem-details answer with this status.</summary>
    private static async Task<Problem> ReadProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status && response.Content.Headers.ContentType?.MediaType == "application/problem+json",
            $"Expected a {(int)status} problem, got {(int)response.StatusCode}: {body}");
        return System.Text.Json.JsonSerializer.Deserialize<Problem>(body, Json.Options)!;
    }

    private static async Task<ReextractionRunDto> FinishedAsync(HttpClient client, string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var run = await ReadAsync<ReextractionRunDto>(await client.GetAsync($"/reextractions/{id}"));
            if (run.Status != ReextractionStatus.Running) return run;
            Assert.True(DateTime.UtcNow < deadline, $"The run did not finish in 60 s: {run}");
            await Task.Delay(50);
        }
    }

    private static async Task<MatchResponse> MatchResponseAsync(HttpClient client, string skill)
    {
        var response = await client.PostAsJsonAsync("/match", new { requirements = new[] { new { skill } }, topK = 1000 }, Json.Options);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ReadAsync<MatchResponse>(response);
    }

    private static async Task<IReadOnlyList<string>> MatchAsync(HttpClient client, string skill) =>
        (await MatchResponseAsync(client, skill)).Results.Select(r => r.ProfileId).ToList();

    /// <summary>Polls until the condition holds (replicas catch up within a poll interval); fails after 10 s.</summary>
    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var value = await read();
            if (condition(value)) return value;
            Assert.True(DateTime.UtcNow < deadline, $"Still {value} after 10 s.");
            await Task.Delay(100);
        }
    }
}

public sealed class SqliteReextractionTests() : ReextractionTests(DatabaseProvider.Sqlite);

public sealed class PostgresReextractionTests() : ReextractionTests(DatabaseProvider.Postgres);
