using System.Diagnostics;
using System.Net;
using Matching.Api.Contracts;
using Matching.Api.Features.Taxonomy;
using Matching.Api.Features.Taxonomy.Candidates;
using Matching.Api.Infrastructure;
using Matching.Data;
using Matching.Testing;
using FollowResponse = Matching.Api.Features.Taxonomy.Reextraction.Response;

using static Matching.Api.Tests.ApiReads;

namespace Matching.Api.Tests;

/// <summary>
/// Terms the taxonomy does not know yet: listed by the number of stored profiles naming them, paged; accepted as an
/// alias or a new skill (extraction finds them from the next request, stored profiles after the background
/// re-extraction); rejected onto the stop list. Each test has a database of its own.
/// </summary>
public abstract class CandidateTests(DatabaseProvider provider) : IAsyncLifetime
{
    private TestDatabase? _database;
    private ApiFactory? _api;

    private ApiFactory Api => _api!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(provider);
        _api = new ApiFactory(provider.ToString(), _database.Options.ConnectionString);
        await Api.WaitUntilReadyAsync();
    }

    public async Task DisposeAsync()
    {
        if (_api is not null) await _api.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }

    [Fact]
    public async Task Terms_are_listed_by_profiles_naming_them_paged_with_short_quotes_and_a_deleted_profile_no_longer_counts()
    {
        using var admin = Api.Client();
        using var reader = Api.Client(ApiFactory.ReadKey);
        await IngestAsync(admin, "hr-1", "Пишу на Python, образы собираем через Kaniko, Kafka держим на Strimzi.");
        var second = await IngestAsync(admin, "hr-2", "Пишу сервисы на Golang и PostgreSQL, образы для CI собираем Kaniko.");
        await IngestAsync(admin, "hr-3", "Стек: Python, Strimzi, Kafka, Kaniko, Docker, Zorblax, Redis.");

        var all = await ReadAsync<Paged<CandidateTermDto>>(reader.GetAsync("/taxonomy/candidates"));

        Assert.Equal([("Kaniko", 3), ("Strimzi", 2)], all.Items.Select(i => (i.Term, i.Profiles)));
        Assert.Null(all.NextCursor);
        Assert.All(all.Items, i => Assert.InRange(i.Examples.Count, 1, 3));
        Assert.All(all.Items.SelectMany(i => i.Examples), q => Assert.True(q.Length <= 80, q));
        Assert.Contains(all.Items[0].Examples, q => q.Contains("Kaniko", StringComparison.Ordinal));
        Assert.Contains("Zorblax", (await ReadAsync<Paged<CandidateTermDto>>(reader.GetAsync("/taxonomy/candidates?minProfiles=1"))).Items.Select(i => i.Term));

        var first = await ReadAsync<Paged<CandidateTermDto>>(reader.GetAsync("/taxonomy/candidates?limit=1"));
        Assert.Equal(["Kaniko"], first.Items.Select(i => i.Term));
        var next = await ReadAsync<Paged<CandidateTermDto>>(reader.GetAsync($"/taxonomy/candidates?limit=1&cursor={first.NextCursor}"));
        Assert.Equal(["Strimzi"], next.Items.Select(i => i.Term));
        Assert.Null(next.NextCursor);

        Assert.True((await admin.DeleteAsync($"/profiles/{second.Id}")).IsSuccessStatusCode);
        var after = await ReadAsync<Paged<CandidateTermDto>>(reader.GetAsync("/taxonomy/candidates"));
        Assert.Equal([("Kaniko", 2), ("Strimzi", 2)], after.Items.Select(i => (i.Term, i.Profiles)));
    }

    [Fact]
    public async Task Bad_listing_parameters_are_400_with_a_code()
    {
        using var reader = Api.Client(ApiFactory.ReadKey);
        foreach (var query in new[] { "limit=0", "limit=201", "minProfiles=0" })
            Assert.Equal("validation-failed", (await ProblemAsync(await reader.GetAsync("/taxonomy/candidates?" + query), HttpStatusCode.BadRequest)).Code);
        Assert.Equal("invalid-cursor", (await ProblemAsync(await reader.GetAsync("/taxonomy/candidates?cursor=bm90LWEtY291bnQ"), HttpStatusCode.BadRequest)).Code);
    }

    [Fact]
    public async Task An_accepted_alias_is_extracted_on_the_next_request_and_by_stored_profiles_after_re_extraction()
    {
        using var admin = Api.Client();
        var stored = await IngestAsync(admin, "hr-1", "Пишу на Python, образы собираем через Kaniko в GitLab CI.");
        await IngestAsync(admin, "hr-2", "Пишу сервисы на Golang и PostgreSQL, образы для CI собираем Kaniko.");
        const string probe = "Три года пишу на Python, контейнеры собираю Kaniko.";
        Assert.DoesNotContain((await ExtractAsync(admin, probe)).Skills, s => s.Skill == "docker");
        Assert.DoesNotContain(stored.Skills, s => s.Skill == "docker");

        // Only an admin accepts; an unknown term is 404, an unknown skill 422, both forms at once 400.
        using var writer = Api.Client(ApiFactory.WriteKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await writer.PostJsonAsync("/taxonomy/candidates/Kaniko/accept", new { skill = "docker" })).StatusCode);
        Assert.Equal("not-found", (await ProblemAsync(await admin.PostJsonAsync("/taxonomy/candidates/Nothingsuch/accept", new { skill = "docker" }), HttpStatusCode.NotFound)).Code);
        Assert.Equal("unknown-skill", (await ProblemAsync(await admin.PostJsonAsync("/taxonomy/candidates/Kaniko/accept", new { skill = "no-such-skill" }), (HttpStatusCode)422)).Code);
        Assert.Equal("validation-failed", (await ProblemAsync(await admin.PostJsonAsync("/taxonomy/candidates/Kaniko/accept",
            new { skill = "docker", id = "kaniko", name = "Kaniko", category = "devops" }), HttpStatusCode.BadRequest)).Code);
        Assert.Equal("validation-failed", (await ProblemAsync(await admin.PostJsonAsync("/taxonomy/candidates/Kaniko/accept", new { }), HttpStatusCode.BadRequest)).Code);

        var accepted = await ReadAsync<TaxonomyChangeResult>(admin.PostJsonAsync("/taxonomy/candidates/kaniko/accept", new { skill = "docker" }));

        Assert.Equal("docker", accepted.Skill!.Id);
        Assert.Contains("Kaniko", accepted.Skill.Aliases);
        var now = await ExtractAsync(admin, probe);
        Assert.Contains(now.Skills, s => s.Skill == "docker" && s.Source == "mentioned" && s.Evidence.Any(e => e.Quote.Contains("Kaniko")));
        Assert.DoesNotContain("Kaniko", (await ReadAsync<Paged<CandidateTermDto>>(admin.GetAsync("/taxonomy/candidates?minProfiles=1"))).Items.Select(i => i.Term));
        Assert.Equal("not-found", (await ProblemAsync(await admin.PostJsonAsync("/taxonomy/candidates/Kaniko/accept", new { skill = "docker" }), HttpStatusCode.NotFound)).Code);

        await EventuallyAsync(() => ReadAsync<FollowResponse>(admin.GetAsync("/taxonomy/reextraction")),
            f => f.Run is { Trigger: TaxonomyFollower.Trigger, Status: not ReextractionStatus.Running }, TimeSpan.FromSeconds(30));
        var followed = await ReadAsync<ProfileDto>(admin.GetAsync($"/profiles/{stored.Id}"));
        Assert.Contains(followed.Skills, s => s.Skill == "docker" && s.Source == "mentioned");
        Assert.Equal(accepted.TaxonomyVersion, followed.TaxonomyVersion);
        // Re-extraction found it as a skill: no profile notes it as a candidate again.
        Assert.DoesNotContain("Kaniko", (await ReadAsync<Paged<CandidateTermDto>>(admin.GetAsync("/taxonomy/candidates?minProfiles=1"))).Items.Select(i => i.Term));
    }

    [Fact]
    public async Task A_term_accepted_as_a_new_skill_is_created_with_it_as_an_alias_and_bad_new_skills_store_nothing()
    {
        using var admin = Api.Client();
        await IngestAsync(admin, "hr-1", "Пишу на Python, Kafka держим на Strimzi в Kubernetes.");
        await IngestAsync(admin, "hr-2", "Стек: Python, Kafka, Strimzi.");
        var before = await ReadAsync<Features.Taxonomy.Get.Response>(admin.GetAsync("/taxonomy"));

        Assert.Equal("skill-exists", (await ProblemAsync(await admin.PostJsonAsync("/taxonomy/candidates/Strimzi/accept",
            new { id = "kafka", name = "Strimzi", category = "devops" }), HttpStatusCode.Conflict)).Code);
        Assert.Equal("alias-taken", (await ProblemAsync(await admin.PostJsonAsync("/taxonomy/candidates/Strimzi/accept",
            new { id = "strimzi", name = "Strimzi", category = "devops", aliases = new[] { "Kafka" } }), (HttpStatusCode)422)).Code);
        Assert.Equal("unknown-category", (await ProblemAsync(await admin.PostJsonAsync("/taxonomy/candidates/Strimzi/accept",
            new { id = "strimzi", name = "Strimzi", category = "no-such-category" }), (HttpStatusCode)422)).Code);
        Assert.Equal(before.Revision, (await ReadAsync<Features.Taxonomy.Get.Response>(admin.GetAsync("/taxonomy"))).Revision);

        var created = await admin.PostJsonAsync("/taxonomy/candidates/strimzi/accept",
            new { id = "kafka-operator", name = "Kafka operator", category = "devops", parents = new[] { "kafka" } });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var result = await ReadAsync<TaxonomyChangeResult>(created);
        Assert.Equal(("kafka-operator", true), (result.Skill!.Id, result.Skill.Custom));
        Assert.Contains("Strimzi", result.Skill.Aliases);
        Assert.Equal(before.Revision + 1, result.Revision);
        var now = await ExtractAsync(admin, "Год поддерживаю Kafka через Strimzi, пишу на Python.");
        Assert.Contains(now.Skills, s => s is { Skill: "kafka-operator", Source: "mentioned" });
    }

    [Fact]
    public async Task A_rejected_term_is_not_listed_again_even_when_new_profiles_name_it()
    {
        using var admin = Api.Client();
        await IngestAsync(admin, "hr-1", "Пишу на Python, Kafka держим на Strimzi.");
        await IngestAsync(admin, "hr-2", "Стек: Python, Zorblax, Kafka, Strimzi.");

        Assert.Equal(HttpStatusCode.Forbidden, (await Api.Client(ApiFactory.WriteKey).PostAsync("/taxonomy/candidates/Zorblax/reject", null)).StatusCode);
        var rejected = await ReadAsync<CandidateRejectedDto>(admin.PostAsync("/taxonomy/candidates/zorblax/reject", null));
        Assert.Equal(("Zorblax", 1), (rejected.Term, rejected.Profiles));
        await IngestAsync(admin, "hr-3", "Стек: Python, Zorblax, Kafka, Strimzi.");

        var listed = await ReadAsync<Paged<CandidateTermDto>>(admin.GetAsync("/taxonomy/candidates?minProfiles=1"));
        Assert.Equal([("Strimzi", 3)], listed.Items.Select(i => (i.Term, i.Profiles)));
        Assert.Equal("not-found", (await ProblemAsync(await admin.PostAsync("/taxonomy/candidates/Zorblax/reject", null), HttpStatusCode.NotFound)).Code);
        Assert.Equal("not-found", (await ProblemAsync(await admin.PostAsync("/taxonomy/candidates/Zorblax/accept",
            JsonContent(new { skill = "kafka" })), HttpStatusCode.NotFound)).Code);
    }

    private static System.Net.Http.Json.JsonContent JsonContent(object body) => System.Net.Http.Json.JsonContent.Create(body, options: Json.Options);

    private static Task<ProfileDto> IngestAsync(HttpClient client, string externalId, string text) =>
        ReadAsync<ProfileDto>(client.PostJsonAsync("/profiles", new { externalId, questionnaire = new { format = "text", content = text }, language = "ru" }));

    private static Task<ProfileDto> ExtractAsync(HttpClient client, string text) =>
        ReadAsync<ProfileDto>(client.PostJsonAsync("/profiles/extract", new { questionnaire = new { format = "text", content = text }, language = "ru" }));

    private static Task<Problem> ProblemAsync(HttpResponseMessage response, HttpStatusCode status) =>
        ApiReads.ProblemAsync<Problem>(response, status);

}

public sealed class SqliteCandidateTests() : CandidateTests(DatabaseProvider.Sqlite);

public sealed class PostgresCandidateTests() : CandidateTests(DatabaseProvider.Postgres);
