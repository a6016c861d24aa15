using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Matching.Api.Tests;

/// <summary>Profile attributes and custom fields (issue 14) through HTTP, on SQLite and on PostgreSQL.</summary>
public abstract class AttributesTests(ApiFactory factory)
{
    protected ApiFactory Factory { get; } = factory;

    private const string Cv = "Пишу бэкенд на Python и FastAPI, база PostgreSQL, всё в Docker.";

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private static async Task DeclareAsync(HttpClient admin, string key, string type)
    {
        var response = await admin.PutAsJsonAsync($"/custom-fields/{key}", new { type, description = "test field" }, Json.Options);
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private static Task<HttpResponseMessage> PatchAsync(HttpClient client, string url, object body) =>
        client.PatchAsJsonAsync(url, body, Json.Options);

    private static IReadOnlyList<string> ErrorNames(ProblemBody problem) => problem.Errors!.Select(e => e.Name).ToList();

    [Fact]
    public async Task Attributes_are_stored_with_the_profile_normalised_returned_and_merge_patched()
    {
        using var client = Factory.Client();
        await DeclareAsync(client, "grade", "string");
        await DeclareAsync(client, "notice_weeks", "number");
        await DeclareAsync(client, "visa_until", "date");
        var externalId = NewId("attr");
        var created = await client.PostJsonAsync("/profiles", new
        {
            externalId,
            questionnaire = new { format = "text", content = Cv },
            attributes = new
            {
                location = new { country = "de", city = " Berlin ", lat = 52.52, lon = 13.405 },
                remote = true,
                languages = new object[] { new { code = "EN", level = "c1" }, new { code = "de", level = "native" } },
                yearsOfExperience = 6.5,
                salary = new { amount = 85000, currency = "eur", period = "year" },
                availableFrom = "2026-03-01",
                tags = new[] { "Backend", " python ", "backend" },
                custom = new Dictionary<string, object> { ["grade"] = "Senior", ["notice_weeks"] = 4, ["visa_until"] = "2027-01-31" },
            },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetString()!;

        var profile = await (await client.GetAsync($"/profiles/{id}")).ReadJsonAsync();
        var a = profile.GetProperty("attributes");
        Assert.Equal("DE", a.GetProperty("location").GetProperty("country").GetString());
        Assert.Equal("Berlin", a.GetProperty("location").GetProperty("city").GetString());
        Assert.Equal(52.52, a.GetProperty("location").GetProperty("lat").GetDouble());
        Assert.True(a.GetProperty("remote").GetBoolean());
        Assert.Equal(JsonValueKind.Null, a.GetProperty("relocation").ValueKind);
        Assert.Equal(["de:native", "en:C1"], a.GetProperty("languages").EnumerateArray()
            .Select(l => $"{l.GetProperty("code").GetString()}:{l.GetProperty("level").GetString()}"));
        Assert.Equal(6.5, a.GetProperty("yearsOfExperience").GetDouble());
        Assert.Equal("hr", a.GetProperty("yearsOfExperienceSource").GetString());
        Assert.Equal("EUR", a.GetProperty("salary").GetProperty("currency").GetString());
        Assert.Equal("2026-03-01", a.GetProperty("availableFrom").GetString());
        Assert.Equal(["backend", "python"], a.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("Senior", a.GetProperty("custom").GetProperty("grade").GetString());
        Assert.Equal(4, a.GetProperty("custom").GetProperty("notice_weeks").GetDouble());
        Assert.Equal("2027-01-31", a.GetProperty("custom").GetProperty("visa_until").GetString());

        // The list carries them too.
        var listed = await (await client.GetAsync($"/profiles?externalId={externalId}")).ReadJsonAsync();
        Assert.Equal("DE", listed.GetProperty("items")[0].GetProperty("attributes").GetProperty("location").GetProperty("country").GetString());

        // Merge patch: named parts replace, null clears, absent parts stay; custom merges per key.
        var patched = await PatchAsync(client, $"/profiles/{id}/attributes", new Dictionary<string, object?>
        {
            ["remote"] = null,
            ["relocation"] = true,
            ["tags"] = new[] { "lead" },
            ["custom"] = new Dictionary<string, object?> { ["notice_weeks"] = null, ["grade"] = "Lead" },
        });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var after = (await (await client.GetAsync($"/profiles/{id}")).ReadJsonAsync()).GetProperty("attributes");
        Assert.Equal(JsonValueKind.Null, after.GetProperty("remote").ValueKind);
        Assert.True(after.GetProperty("relocation").GetBoolean());
        Assert.Equal(["lead"], after.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("Lead", after.GetProperty("custom").GetProperty("grade").GetString());
        Assert.False(after.GetProperty("custom").TryGetProperty("notice_weeks", out _));
        Assert.Equal("2027-01-31", after.GetProperty("custom").GetProperty("visa_until").GetString());
        Assert.Equal("DE", after.GetProperty("location").GetProperty("country").GetString());

        // Re-ingesting without attributes keeps them; with attributes replaces them.
        var again = await client.PostJsonAsync("/profiles", new { externalId, questionnaire = new { format = "text", content = Cv } });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("DE", (await again.ReadJsonAsync()).GetProperty("attributes").GetProperty("location").GetProperty("country").GetString());
        var replaced = await client.PostJsonAsync("/profiles", new
        {
            externalId,
            questionnaire = new { format = "text", content = Cv },
            attributes = new { remote = false },
        });
        var r = (await replaced.ReadJsonAsync()).GetProperty("attributes");
        Assert.False(r.GetProperty("remote").GetBoolean());
        Assert.Equal(JsonValueKind.Null, r.GetProperty("location").ValueKind);
        Assert.Empty(r.GetProperty("custom").EnumerateObject());
    }

    [Fact]
    public async Task Years_of_experience_default_to_the_questionnaire_and_the_hr_system_overrides_them()
    {
        using var client = Factory.Client();
        var externalId = NewId("years");
        const string text = "I have 10+ years of experience building backends in Go and Python.";
        var created = await client.PostJsonAsync("/profiles", new { externalId, questionnaire = new { format = "text", content = text } });
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetString()!;
        async Task<(double? Years, string? Source)> YearsAsync()
        {
            var a = (await (await client.GetAsync($"/profiles/{id}")).ReadJsonAsync()).GetProperty("attributes");
            var years = a.GetProperty("yearsOfExperience");
            var source = a.GetProperty("yearsOfExperienceSource");
            return (years.ValueKind == JsonValueKind.Null ? null : years.GetDouble(), source.ValueKind == JsonValueKind.Null ? null : source.GetString());
        }
        Assert.Equal((10.0, "questionnaire"), await YearsAsync());

        // The questionnaire's years are what a filter sees.
        var match = await (await client.PostJsonAsync("/match", new
        {
            requirements = new[] { new { skill = "go" } }, topK = 1000, filter = new { yearsOfExperience = new { min = 9.5, max = 10.5 } },
        })).ReadJsonAsync();
        Assert.Contains(match.GetProperty("results").EnumerateArray(), r => r.GetProperty("profileId").GetString() == id);

        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(client, $"/profiles/{id}/attributes", new { yearsOfExperience = 7 })).StatusCode);
        Assert.Equal((7.0, "hr"), await YearsAsync());
        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(client, $"/profiles/{id}/attributes", new { tags = new[] { "go" } })).StatusCode);
        Assert.Equal((7.0, "hr"), await YearsAsync());
        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(client, $"/profiles/{id}/attributes",
            new Dictionary<string, object?> { ["yearsOfExperience"] = null })).StatusCode);
        Assert.Equal((10.0, "questionnaire"), await YearsAsync());

        // A re-ingest with attributes but no years keeps the questionnaire's.
        await client.PostJsonAsync("/profiles", new { externalId, questionnaire = new { format = "text", content = text }, attributes = new { remote = true } });
        Assert.Equal((10.0, "questionnaire"), await YearsAsync());
    }

    [Fact]
    public async Task Impossible_attributes_are_400_with_every_field_path_and_nothing_is_stored()
    {
        using var client = Factory.Client();
        await DeclareAsync(client, "seniority_rank", "number");
        var externalId = NewId("bad");
        var response = await client.PostJsonAsync("/profiles", new
        {
            externalId,
            questionnaire = new { format = "text", content = Cv },
            attributes = new
            {
                location = new { country = "DEU", lat = 91.0 },
                languages = new object[] { new { code = "eng", level = "B5" } },
                yearsOfExperience = 71,
                salary = new { amount = -1, currency = "EURO", period = "week" },
                tags = new[] { new string('x', 51) },
                custom = new Dictionary<string, object> { ["no_such_key"] = "x", ["seniority_rank"] = "high" },
            },
        });
        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "validation-failed");
        Assert.Equal(
            new[]
            {
                "attributes.location.country", "attributes.location.lat", "attributes.location.lon", "attributes.languages[0].code",
                "attributes.languages[0].level", "attributes.yearsOfExperience", "attributes.salary.amount", "attributes.salary.currency",
                "attributes.salary.period", "attributes.tags[0]", "attributes.custom.no_such_key", "attributes.custom.seniority_rank",
            }.Order(),
            ErrorNames(problem).Order());
        var listed = await (await client.GetAsync($"/profiles?externalId={externalId}")).ReadJsonAsync();
        Assert.Equal(0, listed.GetProperty("items").GetArrayLength());

        // An impossible date is refused as the strict JSON reader refuses any wrong type, naming the field.
        var date = await client.PostJsonAsync("/profiles", new
        {
            questionnaire = new { format = "text", content = Cv },
            attributes = new { availableFrom = "2026-02-30" },
        });
        var dateProblem = ProblemAssert.Parse(date, await date.Content.ReadAsStringAsync());
        Assert.Equal(400, dateProblem.Status);
        Assert.Contains(dateProblem.Errors!, e => e.Name.Contains("availableFrom", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Extract_checks_and_returns_the_attributes_without_storing_anything()
    {
        using var client = Factory.Client();
        var externalId = NewId("extract");
        var response = await client.PostJsonAsync("/profiles/extract", new
        {
            externalId,
            questionnaire = new { format = "text", content = Cv },
            attributes = new { location = new { country = "fr" }, tags = new[] { "Go" } },
        });
        var body = await response.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("FR", body.GetProperty("attributes").GetProperty("location").GetProperty("country").GetString());
        Assert.Equal("go", body.GetProperty("attributes").GetProperty("tags")[0].GetString());
        Assert.Equal(0, (await (await client.GetAsync($"/profiles?externalId={externalId}")).ReadJsonAsync()).GetProperty("items").GetArrayLength());

        var bad = await client.PostJsonAsync("/profiles/extract", new
        {
            questionnaire = new { format = "text", content = Cv },
            attributes = new { location = new { lat = 10.0 } },
        });
        Assert.Equal(["attributes.location.lon"], ErrorNames(await ProblemAssert.IsAsync(bad, HttpStatusCode.BadRequest, "validation-failed")));
    }

    [Fact]
    public async Task Patch_of_an_unknown_profile_is_404_and_a_bad_patch_changes_nothing()
    {
        using var client = Factory.Client();
        var missing = await PatchAsync(client, "/profiles/p_missing/attributes", new { remote = true });
        await ProblemAssert.IsAsync(missing, HttpStatusCode.NotFound, "not-found");

        var created = await client.PostJsonAsync("/profiles", new
        {
            questionnaire = new { format = "text", content = Cv },
            attributes = new { remote = true, location = new { country = "RU", city = "Казань" } },
        });
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetString()!;
        var bad = await PatchAsync(client, $"/profiles/{id}/attributes", new { remote = false, location = new { lon = 200.0, lat = 10.0 } });
        var problem = await ProblemAssert.IsAsync(bad, HttpStatusCode.BadRequest, "validation-failed");
        Assert.Equal(["location.lon"], ErrorNames(problem));
        var a = (await (await client.GetAsync($"/profiles/{id}")).ReadJsonAsync()).GetProperty("attributes");
        Assert.True(a.GetProperty("remote").GetBoolean());
        Assert.Equal("Казань", a.GetProperty("location").GetProperty("city").GetString());
    }

    [Fact]
    public async Task Custom_fields_are_declared_listed_and_not_removed_or_retyped_while_profiles_use_them()
    {
        using var admin = Factory.Client();
        var key = "team_" + Guid.NewGuid().ToString("N")[..8];
        var created = await admin.PutAsJsonAsync($"/custom-fields/{key}", new { type = "string", description = "Team" }, Json.Options);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var updated = await admin.PutAsJsonAsync($"/custom-fields/{key}", new { type = "string", description = "The team" }, Json.Options);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var list = await (await admin.GetAsync("/custom-fields")).ReadJsonAsync();
        var field = list.GetProperty("items").EnumerateArray().Single(f => f.GetProperty("key").GetString() == key);
        Assert.Equal("string", field.GetProperty("type").GetString());
        Assert.Equal("The team", field.GetProperty("description").GetString());

        var profile = await admin.PostJsonAsync("/profiles", new
        {
            questionnaire = new { format = "text", content = Cv },
            attributes = new { custom = new Dictionary<string, object> { [key] = "payments" } },
        });
        var id = (await profile.ReadJsonAsync()).GetProperty("id").GetString()!;

        var delete = await admin.DeleteAsync($"/custom-fields/{key}");
        await ProblemAssert.IsAsync(delete, HttpStatusCode.Conflict, "custom-field-in-use");
        var retype = await admin.PutAsJsonAsync($"/custom-fields/{key}", new { type = "number" }, Json.Options);
        await ProblemAssert.IsAsync(retype, HttpStatusCode.Conflict, "custom-field-in-use");

        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(admin, $"/profiles/{id}/attributes",
            new { custom = new Dictionary<string, object?> { [key] = null } })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/custom-fields/{key}")).StatusCode);
        await ProblemAssert.IsAsync(await admin.DeleteAsync($"/custom-fields/{key}"), HttpStatusCode.NotFound, "not-found");

        var badKey = await admin.PutAsJsonAsync("/custom-fields/Bad-Key", new { type = "string" }, Json.Options);
        Assert.Contains("key", ErrorNames(await ProblemAssert.IsAsync(badKey, HttpStatusCode.BadRequest, "validation-failed")));
        var badType = await admin.PutAsJsonAsync("/custom-fields/ok_key", new { type = "bool" }, Json.Options);
        Assert.Equal(HttpStatusCode.BadRequest, badType.StatusCode);

        using var writer = Factory.Client(ApiFactory.WriteKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await writer.PutAsJsonAsync("/custom-fields/x_field", new { type = "string" }, Json.Options)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await writer.GetAsync("/custom-fields")).StatusCode);
    }

    [Fact]
    public async Task A_batch_item_with_bad_attributes_fails_alone()
    {
        using var client = Factory.Client();
        var good = NewId("batch-good");
        var response = await client.PostJsonAsync("/profiles:batch", new
        {
            items = new object[]
            {
                new { externalId = good, questionnaire = new { format = "text", content = Cv }, attributes = new { tags = new[] { "ok" } } },
                new { externalId = NewId("batch-bad"), questionnaire = new { format = "text", content = Cv }, attributes = new { yearsOfExperience = -1 } },
            },
        });
        var body = await response.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(201, body.GetProperty("items")[0].GetProperty("status").GetInt32());
        var bad = body.GetProperty("items")[1];
        Assert.Equal(400, bad.GetProperty("status").GetInt32());
        Assert.Equal("attributes.yearsOfExperience", bad.GetProperty("problem").GetProperty("errors")[0].GetProperty("name").GetString());
        var stored = await (await client.GetAsync($"/profiles?externalId={good}")).ReadJsonAsync();
        Assert.Equal("ok", stored.GetProperty("items")[0].GetProperty("attributes").GetProperty("tags")[0].GetString());
    }
}

public sealed class SqliteAttributesTests(SqliteApiFixture fixture) : AttributesTests(fixture.Factory), IClassFixture<SqliteApiFixture>;

public sealed class PostgresAttributesTests(PostgresApiFixture fixture) : AttributesTests(fixture.Factory), IClassFixture<PostgresApiFixture>;
