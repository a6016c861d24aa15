using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Matching.Api.Tests;

/// <summary>An RFC 9457 problem as the API sends it.</summary>
public sealed record ProblemBody(
    string Type,
    string Title,
    int Status,
    string? Detail,
    string Code,
    string TraceId,
    List<ProblemField>? Errors,
    List<ProblemUnknownSkill>? UnknownSkills,
    List<string>? Skills,
    int? RetryAfter);

public sealed record ProblemField(string Name, string Reason);

public sealed record ProblemUnknownSkill(string Skill, List<string> Suggestions);

public static partial class ProblemAssert
{
    public const string TypeBase = "https://matching.example/problems/";

    /// <summary>
    /// The response is a problem of the one model: application/problem+json, the status, type = our base + code, a
    /// title, the code, and a W3C trace id.
    /// </summary>
    public static async Task<ProblemBody> IsAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        var problem = Parse(response, text);
        Assert.Equal(code, problem.Code);
        return problem;
    }

    /// <summary>Any 4xx/5xx: the one model, whatever the code.</summary>
    public static ProblemBody Parse(HttpResponseMessage response, string text)
    {
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json",
            $"{(int)response.StatusCode} came as '{response.Content.Headers.ContentType}', not application/problem+json: {text}");
        ProblemBody? problem;
        try
        {
            problem = JsonSerializer.Deserialize<ProblemBody>(text, Json.Options);
        }
        catch (JsonException e)
        {
            throw new Xunit.Sdk.XunitException($"Not a problem body ({e.Message}): {text}");
        }
        Assert.NotNull(problem);
        Assert.Equal((int)response.StatusCode, problem.Status);
        Assert.False(string.IsNullOrWhiteSpace(problem.Title), text);
        Assert.False(string.IsNullOrWhiteSpace(problem.Code), text);
        Assert.Equal(TypeBase + problem.Code, problem.Type);
        Assert.Matches(W3CTraceId(), problem.TraceId);
        return problem;
    }

    [GeneratedRegex("^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$")]
    public static partial Regex W3CTraceId();
}
