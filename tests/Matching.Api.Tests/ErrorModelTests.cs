using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;

namespace Matching.Api.Tests;

/// <summary>
/// One error model on every error: RFC 9457 problem+json, our own type URL per code, a stable code, camelCase field paths
/// in errors and in messages, W3C trace ids. Written once, run against SQLite and PostgreSQL.
/// </summary>
public abstract class ErrorModelTests(ApiFactory factory)
{
    private static StringContent JsonBody(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Validation_errors_name_fields_as_clients_write_them()
    {
        using var client = factory.Client();
        var topK = await ProblemAssert.IsAsync(
            await client.PostJsonAsync("/match", new { requirements = new[] { new { skill = "python" } }, topK = 0 }),
            HttpStatusCode.BadRequest, "validation-failed");
        var error = Assert.Single(topK.Errors!);
        Assert.Equal("topK", error.Name);
        Assert.Contains("'topK'", error.Reason);
        Assert.DoesNotContain("top K", error.Reason, StringComparison.OrdinalIgnoreCase);

        var format = await ProblemAssert.IsAsync(
            await client.PostAsync("/profiles", JsonBody("""{ "questionnaire": { "Format": "pdf", "content": "Python" } }""")),
            HttpStatusCode.BadRequest, "validation-failed");
        Assert.Contains(format.Errors!, e => e.Name == "questionnaire.format");
        Assert.DoesNotContain(format.Errors!, e => e.Name.Any(char.IsUpper) && e.Name != "topK");

        var skill = await ProblemAssert.IsAsync(
            await client.PostJsonAsync("/jobs", new { title = "x", requirements = new[] { new { skill = "python" }, new { skill = "" } } }),
            HttpStatusCode.BadRequest, "validation-failed");
        Assert.Contains(skill.Errors!, e => e.Name == "requirements[1].skill");
    }

    [Theory]
    [InlineData("""{ "questionnaire": { "format": "text", "content": 42 } }""", "/profiles", "questionnaire.content", "a string")]
    [InlineData("""{ "requirements": [ { "skill": "python" } ], "topK": "10" }""", "/match", "topK", "must be a number")]
    [InlineData("""{ "requirements": [ { "skill": "python" } ], "topK": 99999999999999999999 }""", "/match", "topK", "'topK' must be")]
    [InlineData("""{ "requirements": [ { "skill": "python", "weight": "high" } ] }""", "/match", "requirements[0].weight", "a number")]
    [InlineData("""{ "requirements": { "skill": "python" } }""", "/match", "requirements", "an array")]
    [InlineData("""[1, 2, 3]""", "/match", "body", "JSON object")]
    public async Task Values_of_the_wrong_type_are_400_naming_the_field_without_dotnet_types(string body, string route, string field, string says)
    {
        using var client = factory.Client();
        var problem = await ProblemAssert.IsAsync(await client.PostAsync(route, JsonBody(body)), HttpStatusCode.BadRequest, "validation-failed");
        var error = Assert.Single(problem.Errors!);
        Assert.Equal(field, error.Name);
        Assert.Contains(says, error.Reason);
        Assert.DoesNotMatch(new Regex(@"System\.|Int32|Matching\.|LineNumber|BytePosition"), error.Reason + problem.Detail);
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("""{ "requirements": [ { "skill": "python" """)]
    [InlineData("")]
    public async Task A_body_that_is_not_json_is_400_malformed_json(string body)
    {
        using var client = factory.Client();
        var problem = await ProblemAssert.IsAsync(await client.PostAsync("/match", JsonBody(body)), HttpStatusCode.BadRequest, "malformed-json");
        Assert.Equal("body", Assert.Single(problem.Errors!).Name);
    }

    [Fact]
    public async Task Key_errors_are_401_and_403_problems_with_their_codes()
    {
        using var anonymous = factory.Client(key: null);
        var missing = await anonymous.GetAsync("/skills");
        await ProblemAssert.IsAsync(missing, HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Contains(missing.Headers.WwwAuthenticate, h => h.Scheme == "ApiKey");
        using var wrong = factory.Client("not-a-key");
        await ProblemAssert.IsAsync(await wrong.GetAsync("/skills"), HttpStatusCode.Unauthorized, "unauthorized");
        using var reader = factory.Client(ApiFactory.ReadKey);
        await ProblemAssert.IsAsync(await reader.PostJsonAsync("/jobs", new { title = "x", requirements = new[] { new { skill = "python" } } }),
            HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Missing_resources_unknown_routes_and_methods_are_problems_with_distinct_codes()
    {
        using var client = factory.Client();
        await ProblemAssert.IsAsync(await client.GetAsync("/profiles/p_missing"), HttpStatusCode.NotFound, "not-found");
        await ProblemAssert.IsAsync(await client.GetAsync("/jobs/j_missing"), HttpStatusCode.NotFound, "not-found");
        await ProblemAssert.IsAsync(await client.GetAsync("/no/such/route"), HttpStatusCode.NotFound, "route-not-found");
        var method = await client.PutAsync("/match", JsonBody("{}"));
        await ProblemAssert.IsAsync(method, HttpStatusCode.MethodNotAllowed, "method-not-allowed");
        Assert.Contains("POST", method.Content.Headers.Allow.Concat(method.Headers.TryGetValues("Allow", out var a) ? a : []));
        var options = await client.SendAsync(new HttpRequestMessage(HttpMethod.Options, "/match"));
        await ProblemAssert.IsAsync(options, HttpStatusCode.MethodNotAllowed, "method-not-allowed");
    }

    [Fact]
    public async Task A_body_without_a_json_content_type_is_415_problem()
    {
        using var client = factory.Client();
        var none = new ByteArrayContent("""{ "requirements": [ { "skill": "python" } ] }"""u8.ToArray());
        await ProblemAssert.IsAsync(await client.PostAsync("/match", none), HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
        var text = new StringContent("""{ "requirements": [ { "skill": "python" } ] }""", Encoding.UTF8, "text/plain");
        await ProblemAssert.IsAsync(await client.PostAsync("/match", text), HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
        var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["topK"] = "1" });
        await ProblemAssert.IsAsync(await client.PostAsync("/match", form), HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
    }

    [Fact]
    public async Task Unprocessable_requests_carry_their_code_and_extensions()
    {
        using var client = factory.Client();
        var unknown = await ProblemAssert.IsAsync(
            await client.PostJsonAsync("/match", new { requirements = new[] { new { skill = "pytorhc" } } }),
            HttpStatusCode.UnprocessableEntity, "unknown-skill");
        Assert.Contains("pytorch", Assert.Single(unknown.UnknownSkills!).Suggestions);

        await ProblemAssert.IsAsync(
            await client.PostJsonAsync("/match", new { requirements = new[] { new { skill = "Postgres" }, new { skill = "postgresql" } } }),
            HttpStatusCode.UnprocessableEntity, "duplicate-requirement");
        await ProblemAssert.IsAsync(
            await client.PostJsonAsync("/profiles/extract", new { questionnaire = new { format = "text", content = "Люблю гулять с собакой и читать книги." } }),
            HttpStatusCode.UnprocessableEntity, "no-skills");
        await ProblemAssert.IsAsync(
            await client.PostJsonAsync("/profiles/extract", new { questionnaire = new { format = "text", content = "  \n " } }),
            HttpStatusCode.UnprocessableEntity, "empty");
        await ProblemAssert.IsAsync(
            await client.PostJsonAsync("/jobs", new { title = "x", description = "Дружный коллектив и печеньки." }),
            HttpStatusCode.UnprocessableEntity, "no-requirements-found");
    }

    [Fact]
    public async Task Oversized_bodies_and_bad_cursors_and_control_characters_are_problems()
    {
        using var client = factory.Client();
        var huge = JsonBody("{\"questionnaire\":{\"format\":\"text\",\"content\":\"" + new string('a', 3_000_000) + "\"}}");
        await ProblemAssert.IsAsync(await client.PostAsync("/profiles", huge), HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
        await ProblemAssert.IsAsync(await client.GetAsync("/profiles?cursor=garbage!!"), HttpStatusCode.BadRequest, "invalid-cursor");
        var control = await ProblemAssert.IsAsync(await client.GetAsync("/profiles?externalId=a%00b"), HttpStatusCode.BadRequest, "validation-failed");
        Assert.Equal("externalId", Assert.Single(control.Errors!).Name);
        var limit = await ProblemAssert.IsAsync(await client.GetAsync("/profiles?limit=abc"), HttpStatusCode.BadRequest, "validation-failed");
        Assert.Equal(("limit", "'limit' must be an integer."), (Assert.Single(limit.Errors!).Name, limit.Errors![0].Reason));
    }

    [Fact]
    public async Task A_duplicate_job_external_id_is_409_with_its_code()
    {
        using var client = factory.Client();
        var job = new { externalId = "dup-" + Guid.NewGuid(), title = "x", requirements = new[] { new { skill = "python" } } };
        Assert.Equal(HttpStatusCode.Created, (await client.PostJsonAsync("/jobs", job)).StatusCode);
        await ProblemAssert.IsAsync(await client.PostJsonAsync("/jobs", job), HttpStatusCode.Conflict, "duplicate-external-id");
    }

    [Fact]
    public async Task The_trace_id_is_the_w3c_trace_context_of_the_request()
    {
        using var client = factory.Client();
        var request = new HttpRequestMessage(HttpMethod.Get, "/profiles/p_missing");
        request.Headers.Add("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        var problem = await ProblemAssert.IsAsync(await client.SendAsync(request), HttpStatusCode.NotFound, "not-found");
        Assert.StartsWith("00-0af7651916cd43dd8448eb211c80319c-", problem.TraceId);
    }
}

public sealed class SqliteErrorModelTests(SqliteApiFixture fixture) : ErrorModelTests(fixture.Factory), IClassFixture<SqliteApiFixture>;

public sealed class PostgresErrorModelTests(PostgresApiFixture fixture) : ErrorModelTests(fixture.Factory), IClassFixture<PostgresApiFixture>;

/// <summary>The README's error table is the list of problem types the API can send.</summary>
public sealed class ErrorModelDocumentationTests
{
    [Fact]
    public void Every_problem_type_is_documented_in_the_readme_with_its_status()
    {
        var readme = File.ReadAllText(Path.Combine(OpenApiDocumentTests.RepoRoot(), "README.md"));
        foreach (var type in Matching.Api.Infrastructure.ProblemTypes.All)
            Assert.True(readme.Contains($"| `{type.Code}` | {type.Status} |", StringComparison.Ordinal),
                $"README.md's error table has no row '| `{type.Code}` | {type.Status} |'");
        Assert.Equal(Matching.Api.Infrastructure.ProblemTypes.All.Count,
            Matching.Api.Infrastructure.ProblemTypes.All.Select(t => t.Code).Distinct().Count());
    }
}
