using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Matching.Api.Contracts;
using Matching.Api.Features.Taxonomy;
using Matching.Api.Infrastructure;
using Matching.Core.Extraction;
using Matching.Core.Profiles;
using Matching.Core.Taxonomy;
using Matching.Data;
using Matching.Testing;
using Microsoft.Extensions.DependencyInjection;
using FollowResponse = Matching.Api.Features.Taxonomy.Reextraction.Response;
using MatchResponse = Matching.Api.Features.Match.Response;
using TaxonomyResponse = Matching.Api.Features.Taxonomy.Get.Response;

using static Matching.Api.Tests.ApiReads;

namespace Matching.Api.Tests;

/// <summary>
/// The customer's taxonomy: custom skills and aliases through the API, a second replica following within a second,
/// stored profiles re-extracted in the background, bad changes refused with a code and nothing stored, export and diff.
/// Each test has a database of its own (a change is seen by every process on it).
/// </summary>
public abstract class TaxonomyTests(DatabaseProvider provider) : IAsyncLifetime
{
    private TestDatabase? _database;
    private ApiFactory? _a;

    private ApiFactory A => _a!;
    private string Shipped => A.Services.GetRequiredService<ShippedTaxonomy>().Taxonomy.Version;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(provider);
        _a = new ApiFactory(provider.ToString(), _database.Options.ConnectionString);
        await A.WaitUntilReadyAsync();
    }

    public async Task DisposeAsync()
    {
        if (_a is not null) await _a.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }

    private static readonly object Lakehouse = new
    {
        id = "acme-lakehouse",
        name = "ACME Lakehouse",
        category = "data-engineering",
        aliases = new[] { "Акмехаус", "ACME LH" },
        parents = new[] { "data-engineering" },
        related = new[] { "apache-spark" },
        externalIds = new Dictionary<string, string> { ["hr"] = "SK-1042" },
    };

    [Fact]
    public async Task A_custom_skill_with_a_Russian_alias_is_extracted_inflected_on_every_replica_matched_and_followed_by_stored_profiles()
    {
        await using var b = new ApiFactory(provider.ToString(), _database!.Options.ConnectionString);
        await b.WaitUntilReadyAsync();
        using var admin = A.Client();
        using var other = b.Client(ApiFactory.WriteKey);
        var mentioning = await IngestAsync(admin, "hr-acme", "Три года строил витрины данных на Акмехаусе, до этого писал ETL на Python.");
        var unrelated = await IngestAsync(admin, "hr-go", "Коммерческий опыт: пять лет пишу сервисы на Go и PostgreSQL.");
        // A recruiter's override on the profile that will be re-extracted: it must survive.
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync($"/profiles/{mentioning.Id}/skills",
            new { skills = new[] { new { skill = "kafka", level = 0.75 } } }, Json.Options)).StatusCode);
        Assert.DoesNotContain(mentioning.Skills, s => s.Skill == "acme-lakehouse");
        const string probe = "Работал с Акмехаусом два года, строил на нём хранилище, обвязку писал на Python.";
        Assert.DoesNotContain((await ExtractAsync(other, probe)).Skills, s => s.Skill == "acme-lakehouse");

        var created = await admin.PostJsonAsync("/taxonomy/skills", Lakehouse);
        var clock = Stopwatch.StartNew();

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var result = await ReadAsync<TaxonomyChangeResult>(created);
        Assert.Equal((1L, Shipped + "+1", "acme-lakehouse", true), (result.Revision, result.TaxonomyVersion, result.Skill!.Id, result.Skill.Custom));
        Assert.Equal("SK-1042", result.Skill.ExternalIds["hr"]);
        // The next request on this replica extracts it, inflected, under the new version.
        var here = await ExtractAsync(admin, probe);
        Assert.Contains(here.Skills, s => s is { Skill: "acme-lakehouse", Source: "mentioned" });
        Assert.Contains(here.Skills, s => s is { Skill: "data-engineering", Source: "inferred" });
        Assert.Equal(Shipped + "+1", here.TaxonomyVersion);
        // The other replica within a second, without a restart.
        var there = await EventuallyAsync(() => ExtractAsync(other, probe), p => p.Skills.Any(s => s.Skill == "acme-lakehouse"), TimeSpan.FromSeconds(1));
        Assert.Equal(Shipped + "+1", there.TaxonomyVersion);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1.5), $"The second replica took {clock.ElapsedMilliseconds} ms");
        // Both resolve it as a field (job requirements, /match).
        var resolved = await ReadAsync<Matching.Api.Features.Skills.Resolve.Response>(other.GetAsync("/skills/resolve?text=" + Uri.EscapeDataString("акмехаусом")));
        Assert.Equal("acme-lakehouse", resolved.Matches.Single().Skill.Id);

        // Stored profiles follow in the background: only the one mentioning it is re-extracted, the other is restamped.
        var follow = await EventuallyAsync(() => ReadAsync<FollowResponse>(admin.GetAsync("/taxonomy/reextraction")),
            f => f.Run is { Trigger: TaxonomyFollower.Trigger, Status: not ReextractionStatus.Running }, TimeSpan.FromSeconds(30));
        Assert.Equal((ReextractionStatus.Succeeded, Shipped + "+1", 1, 1), (follow.Run!.Status, follow.Run.TaxonomyVersion, follow.Run.Total, follow.Run.Changed));
        Assert.Equal((1L, 1, 1, follow.Run.Id), (follow.LastChange!.Revision, follow.LastChange.Candidates, follow.LastChange.Restamped, follow.LastChange.RunId));
        var followed = await ReadAsync<ProfileDto>(admin.GetAsync($"/profiles/{mentioning.Id}"));
        Assert.Contains(followed.Skills, s => s.Skill == "acme-lakehouse" && s.Source == "mentioned" && s.Evidence[0].Quote.Contains("Акмехаусе"));
        Assert.Contains(followed.Skills, s => s is { Skill: "kafka", Source: "manual", Level: 0.75 });
        Assert.Equal(Shipped + "+1", followed.TaxonomyVersion);
        var restamped = await ReadAsync<ProfileDto>(admin.GetAsync($"/profiles/{unrelated.Id}"));
        Assert.Equal((Shipped + "+1", unrelated.UpdatedAt), (restamped.TaxonomyVersion, restamped.UpdatedAt));

        // /match by the new skill (by its Russian alias) finds the stored profile, on both replicas.
        foreach (var client in new[] { admin, other })
        {
            var match = await EventuallyAsync(() => MatchAsync(client, "Акмехаус"),
                m => m.Results.Any(r => r.ProfileId == mentioning.Id), TimeSpan.FromSeconds(10));
            Assert.Equal(("acme-lakehouse", Shipped + "+1"), (match.Requirements[0].Skill, match.TaxonomyVersion));
            Assert.True(match.Results.Single(r => r.ProfileId == mentioning.Id).Score > 50m);
        }
    }

    [Fact]
    public async Task Bad_changes_are_422_with_a_code_and_store_nothing()
    {
        using var admin = A.Client();
        (object Body, string Code)[] creates =
        [
            (With(parents: ["no-such-skill"]), "unknown-parent"),
            (With(related: ["no-such-skill"]), "unknown-related"),
            (With(parents: ["acme-lakehouse"]), "taxonomy-cycle"),
            (With(aliases: ["Постгрес"]), "alias-taken"),
            (With(name: "PostgreSQL"), "alias-taken"),
            (With(id: "Acme Lakehouse"), "invalid-skill-id"),
            (With(id: new string('a', 65)), "invalid-skill-id"),
            (With(name: "  "), "invalid-skill-name"),
            (With(name: new string('x', 101)), "invalid-skill-name"),
            (With(aliases: ["!!!"]), "invalid-alias"),
            (With(category: "gardening"), "unknown-category"),
        ];
        foreach (var (body, code) in creates)
        {
            var problem = await ProblemAsync(await admin.PostJsonAsync("/taxonomy/skills", body), HttpStatusCode.UnprocessableEntity);
            Assert.Equal(code, problem.Code);
        }
        Assert.Equal("skill-exists", (await ProblemAsync(await admin.PostJsonAsync("/taxonomy/skills", With(id: "python")), HttpStatusCode.Conflict)).Code);
        Assert.Equal("unknown-alias", (await ProblemAsync(await admin.PatchAsJsonAsync("/taxonomy/skills/clickhouse",
            new { removeAliases = new[] { "кликхаузик" } }, Json.Options), HttpStatusCode.UnprocessableEntity)).Code);
        Assert.Equal("alias-taken", (await ProblemAsync(await admin.PatchAsJsonAsync("/taxonomy/skills/clickhouse",
            new { addAliases = new[] { "kafka" } }, Json.Options), HttpStatusCode.UnprocessableEntity)).Code);
        Assert.Equal("not-found", (await ProblemAsync(await admin.PatchAsJsonAsync("/taxonomy/skills/no-such-skill",
            new { addAliases = new[] { "x-thing" } }, Json.Options), HttpStatusCode.NotFound)).Code);
        Assert.Equal("validation-failed", (await ProblemAsync(await admin.PatchAsJsonAsync("/taxonomy/skills/clickhouse",
            new { }, Json.Options), HttpStatusCode.BadRequest)).Code);
        Assert.Equal("not-custom-skill", (await ProblemAsync(await admin.DeleteAsync("/taxonomy/skills/python"), HttpStatusCode.UnprocessableEntity)).Code);
        // Changes need the admin key; reading the taxonomy does not.
        using var writer = A.Client(ApiFactory.WriteKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await writer.PostJsonAsync("/taxonomy/skills", Lakehouse)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await writer.DeleteAsync("/taxonomy/skills/python")).StatusCode);

        var taxonomy = await ReadAsync<TaxonomyResponse>(A.Client(ApiFactory.ReadKey).GetAsync("/taxonomy"));
        Assert.Equal((Shipped, Shipped, 0L, 0, 0), (taxonomy.Version, taxonomy.ShippedVersion, taxonomy.Revision, taxonomy.Changes.Count, taxonomy.CustomSkills.Count));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/skills/acme-lakehouse")).StatusCode);

        // A parent in use cannot be retired; its child first, then it.
        Assert.Equal(HttpStatusCode.Created, (await admin.PostJsonAsync("/taxonomy/skills", Lakehouse)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostJsonAsync("/taxonomy/skills", With(id: "acme-lakehouse-sql", name: "ACME Lakehouse SQL",
            aliases: ["Акмехаус SQL"], parents: ["acme-lakehouse"]))).StatusCode);
        Assert.Equal("skill-in-use", (await ProblemAsync(await admin.DeleteAsync("/taxonomy/skills/acme-lakehouse"), HttpStatusCode.UnprocessableEntity)).Code);
        Assert.Equal(HttpStatusCode.OK, (await admin.DeleteAsync("/taxonomy/skills/acme-lakehouse-sql")).StatusCode);
        var retired = await ReadAsync<TaxonomyRetireResult>(admin.DeleteAsync("/taxonomy/skills/acme-lakehouse"));
        Assert.Equal((4L, Shipped + "+4", "acme-lakehouse"), (retired.Revision, retired.TaxonomyVersion, retired.Retired));
    }

    [Fact]
    public async Task Aliases_of_shipped_skills_change_extraction_and_the_export_diff_and_scoring_runs_show_it()
    {
        using var admin = A.Client();
        const string text = "Писал аналитические запросы в кликхаузе, раньше строил отчёты на Кликхаусе и Python.";
        Assert.Contains((await ExtractAsync(admin, text)).Skills, s => s.Skill == "clickhouse");

        var removed = await ReadAsync<TaxonomyChangeResult>(admin.PatchAsJsonAsync("/taxonomy/skills/clickhouse",
            new { removeAliases = new[] { "кликхаус", "клик хаус" } }, Json.Options));
        Assert.DoesNotContain("кликхаус", removed.Skill!.Aliases);
        Assert.DoesNotContain((await ExtractAsync(admin, text)).Skills, s => s.Skill == "clickhouse");

        var added = await ReadAsync<TaxonomyChangeResult>(admin.PatchAsJsonAsync("/taxonomy/skills/clickhouse",
            new { addAliases = new[] { "кликхауз" }, externalIds = new Dictionary<string, string> { ["esco"] = "http://data.europa.eu/esco/skill/x" } },
            Json.Options));
        Assert.Equal((2L, Shipped + "+2"), (added.Revision, added.TaxonomyVersion));
        var extracted = await ExtractAsync(admin, text);
        var clickhouse = extracted.Skills.Single(s => s.Skill == "clickhouse");
        Assert.Contains("кликхаузе", clickhouse.Evidence[0].Quote);
        Assert.Equal("http://data.europa.eu/esco/skill/x", (await ReadAsync<SkillDto>(admin.GetAsync("/skills/clickhouse"))).ExternalIds["esco"]);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostJsonAsync("/taxonomy/skills", Lakehouse)).StatusCode);

        // The diff: from the shipped taxonomy to now, and between two revisions (by version or by number).
        var all = await ReadAsync<TaxonomyDiff>(admin.GetAsync("/taxonomy/diff"));
        Assert.Equal((Shipped, Shipped + "+3"), (all.From, all.To));
        Assert.Equal(["acme-lakehouse"], all.Added);
        var change = all.Changed.Single();
        Assert.Equal("clickhouse", change.Id);
        Assert.Equal(["кликхауз"], change.AddedAliases);
        Assert.Equal(["кликхаус", "клик хаус"], change.RemovedAliases);
        Assert.Equal(["externalIds"], change.Fields);
        var second = await ReadAsync<TaxonomyDiff>(admin.GetAsync($"/taxonomy/diff?from={Uri.EscapeDataString(Shipped + "+1")}&to=2"));
        Assert.Equal(new[] { "кликхауз" }, second.Changed.Single().AddedAliases);
        Assert.Empty(second.Changed.Single().RemovedAliases);
        Assert.Equal("unknown-taxonomy-version", (await ProblemAsync(await admin.GetAsync("/taxonomy/diff?to=9"), HttpStatusCode.UnprocessableEntity)).Code);

        // The export is a taxonomy file that loads back to the same skills.
        var export = await admin.GetAsync("/taxonomy/export");
        Assert.Equal("application/json", export.Content.Headers.ContentType?.MediaType);
        var loaded = SkillTaxonomy.Load(await export.Content.ReadAsStreamAsync());
        var effective = A.Services.GetRequiredService<TaxonomyHolder>().Current.Taxonomy;
        Assert.Equal(effective.Skills.Select(s => s.Id), loaded.Skills.Select(s => s.Id));
        Assert.Equal(effective.Find("clickhouse")!.Aliases.Select(a => a.Text), loaded.Find("clickhouse")!.Aliases.Select(a => a.Text));
        Assert.Equal("http://data.europa.eu/esco/skill/x", loaded.Find("clickhouse")!.ExternalIds["esco"]);
        var custom = loaded.Find("acme-lakehouse")!;
        Assert.Equal((true, "SK-1042"), (custom.Custom, custom.ExternalIds["hr"]));
        Assert.Equal(["data-engineering"], custom.Parents);
        Assert.Equal(["ACME LH", "Акмехаус"], custom.Aliases.Select(a => a.Text).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(effective.Find("python")!.Aliases, loaded.Find("python")!.Aliases, new AliasComparer());

        // GET /taxonomy lists the overlay; a scoring run started now records the version in use.
        var overview = await ReadAsync<TaxonomyResponse>(admin.GetAsync("/taxonomy"));
        Assert.Equal((Shipped + "+3", 3L), (overview.Version, overview.Revision));
        Assert.Equal(["acme-lakehouse"], overview.CustomSkills.Select(s => s.Id));
        Assert.Equal(["clickhouse"], overview.ChangedSkills.Select(s => s.Id));
        Assert.Equal(["update", "update", "create"], overview.Changes.Select(c => c.Kind));
        Assert.Equal("admin", overview.Changes[0].Actor);
        var run = await admin.PostAsync("/scoring-runs", null);
        Assert.Equal(HttpStatusCode.Accepted, run.StatusCode);
        var runId = (await run.ReadJsonAsync()).GetProperty("id").GetString();
        var recorded = await EventuallyAsync(async () => await (await admin.GetAsync($"/scoring-runs/{runId}")).ReadJsonAsync(),
            r => r.GetProperty("status").GetString() != "running", TimeSpan.FromSeconds(30));
        Assert.Equal(Shipped + "+3", recorded.GetProperty("taxonomyVersion").GetString());
    }

    [Fact]
    public async Task A_change_made_while_another_process_holds_the_reextraction_lock_is_followed_once_the_lock_is_free()
    {
        using var admin = A.Client();
        var profile = await ReadAsync<ProfileDto>(admin.PostJsonAsync("/profiles", new
        {
            questionnaire = new { format = "text", content = "Коммерческий опыт: строю витрины в Акмехаусе, Python каждый день." },
        }));
        var ct = CancellationToken.None;
        await using var db = MatchingDatabase.Open(_database!.Options);
        // What the console (or another replica) re-extracting looks like to this API: the lock, and a running run.
        var lease = await db.Reextractions.TryAcquireLockAsync(TimeSpan.FromMinutes(1), ct);
        Assert.NotNull(lease);
        var target = ExtractionVersions.Current(A.Services.GetRequiredService<SkillTaxonomy>());
        var held = await db.Reextractions.CreateRunAsync("x_held", ReextractionTrigger.Console, lease.Owner, target, ct);

        Assert.Equal(HttpStatusCode.Created, (await admin.PostJsonAsync("/taxonomy/skills", Lakehouse)).StatusCode);

        // The follower finds the profile the change affects, then waits for the lock (trying again each second); the
        // API goes on serving meanwhile.
        var waiting = await EventuallyAsync(() => ReadAsync<FollowResponse>(admin.GetAsync("/taxonomy/reextraction")),
            f => f.LastChange is { Revision: 1 }, TimeSpan.FromSeconds(10));
        Assert.Equal((1, (string?)null, held.Id), (waiting.LastChange!.Candidates, waiting.LastChange.RunId, waiting.Run?.Id));
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/health/ready")).StatusCode);
        Assert.Null((await ReadAsync<FollowResponse>(admin.GetAsync("/taxonomy/reextraction"))).LastChange!.RunId);

        await db.Reextractions.FinishAsync(held.Id, lease.Owner, ReextractionStatus.Failed, "test over", ct);
        await lease.DisposeAsync();

        var follow = await EventuallyAsync(() => ReadAsync<FollowResponse>(admin.GetAsync("/taxonomy/reextraction")),
            f => f.Run is { Trigger: TaxonomyFollower.Trigger, Status: not ReextractionStatus.Running }, TimeSpan.FromSeconds(30));
        Assert.Equal((ReextractionStatus.Succeeded, 1, follow.Run!.Id), (follow.Run.Status, follow.Run.Changed, follow.LastChange!.RunId));
        var followed = await ReadAsync<ProfileDto>(admin.GetAsync($"/profiles/{profile.Id}"));
        Assert.Contains(followed.Skills, s => s.Skill == "acme-lakehouse" && s.Source == "mentioned");
    }

    [Fact]
    public async Task A_retired_custom_skill_is_no_longer_extracted_and_stored_profiles_lose_it()
    {
        using var admin = A.Client();
        Assert.Equal(HttpStatusCode.Created, (await admin.PostJsonAsync("/taxonomy/skills", Lakehouse)).StatusCode);
        var profile = await IngestAsync(admin, "hr-acme", "Три года строил витрины данных на ACME LH и Python.");
        Assert.Contains(profile.Skills, s => s.Skill == "acme-lakehouse");

        Assert.Equal(HttpStatusCode.OK, (await admin.DeleteAsync("/taxonomy/skills/acme-lakehouse")).StatusCode);

        Assert.DoesNotContain((await ExtractAsync(admin, "Работаю с ACME LH.  Пишу на Python.")).Skills, s => s.Skill == "acme-lakehouse");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/skills/acme-lakehouse")).StatusCode);
        var follow = await EventuallyAsync(() => ReadAsync<FollowResponse>(admin.GetAsync("/taxonomy/reextraction")),
            f => f.Run is { Trigger: TaxonomyFollower.Trigger, Status: not ReextractionStatus.Running } && f.Run.TaxonomyVersion == Shipped + "+2",
            TimeSpan.FromSeconds(30));
        Assert.Equal((1, 1), (follow.Run!.Total, follow.Run.Changed));
        var after = await ReadAsync<ProfileDto>(admin.GetAsync($"/profiles/{profile.Id}"));
        Assert.DoesNotContain(after.Skills, s => s.Skill == "acme-lakehouse");
        Assert.Contains(after.Skills, s => s.Skill == "python");
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private sealed record Problem(int Status, string Code, string Detail);

    private sealed class AliasComparer : IEqualityComparer<SkillAlias>
    {
        public bool Equals(SkillAlias? x, SkillAlias? y) =>
            x is not null && y is not null && (x.Text, x.Language, x.CaseSensitive, x.NeedsContext) == (y.Text, y.Language, y.CaseSensitive, y.NeedsContext)
            && (x.Exclude ?? []).SequenceEqual(y.Exclude ?? []);

        public int GetHashCode(SkillAlias obj) => obj.Text.GetHashCode();
    }

    private static object With(string id = "acme-lakehouse", string name = "ACME Lakehouse", string category = "data-engineering",
        string[]? aliases = null, string[]? parents = null, string[]? related = null) =>
        new { id, name, category, aliases = aliases ?? ["Акмехаус"], parents = parents ?? ["data-engineering"], related = related ?? [] };

    private static Task<ProfileDto> IngestAsync(HttpClient client, string externalId, string text) =>
        ReadAsync<ProfileDto>(client.PostJsonAsync("/profiles", new { externalId, questionnaire = new { format = "text", content = text }, language = "ru" }));

    private static Task<ProfileDto> ExtractAsync(HttpClient client, string text) =>
        ReadAsync<ProfileDto>(client.PostJsonAsync("/profiles/extract", new { questionnaire = new { format = "text", content = text }, language = "ru" }));

    private static Task<MatchResponse> MatchAsync(HttpClient client, string skill) =>
        ReadAsync<MatchResponse>(client.PostAsJsonAsync("/match", new { requirements = new[] { new { skill } }, topK = 100 }, Json.Options));

    private static Task<Problem> ProblemAsync(HttpResponseMessage response, HttpStatusCode status) =>
        ApiReads.ProblemAsync<Problem>(response, status);

}

public sealed class SqliteTaxonomyTests() : TaxonomyTests(DatabaseProvider.Sqlite);

public sealed class PostgresTaxonomyTests() : TaxonomyTests(DatabaseProvider.Postgres);
