using System.Diagnostics;
using System.Net;

namespace Matching.Api.Tests;

/// <summary>Reading answers in tests: a success's JSON body, a problem of an expected status, a state reached eventually.</summary>
internal static class ApiReads
{
    public static async Task<T> ReadAsync<T>(Task<HttpResponseMessage> call) => await ReadAsync<T>(await call);

    /// <summary>The body of a 2xx JSON answer; anything else fails with the status and the body.</summary>
    public static async Task<T> ReadAsync<T>(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode && response.Content.Headers.ContentType?.MediaType == "application/json",
            $"{(int)response.StatusCode}: {body}");
        return System.Text.Json.JsonSerializer.Deserialize<T>(body, Json.Options) ?? throw new Xunit.Sdk.XunitException(body);
    }

    /// <summary>The problem+json body of an answer that must have <paramref name="status"/>.</summary>
    public static async Task<TProblem> ProblemAsync<TProblem>(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status && response.Content.Headers.ContentType?.MediaType == "application/problem+json",
            $"Expected a {(int)status} problem, got {(int)response.StatusCode}: {body}");
        return System.Text.Json.JsonSerializer.Deserialize<TProblem>(body, Json.Options)!;
    }

    /// <summary>Polls until the condition holds; fails after <paramref name="within"/>.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> condition, TimeSpan within)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (condition(value)) return value;
            Assert.True(deadline.Elapsed < within, $"Still {value} after {within.TotalSeconds} s.");
            await Task.Delay(50);
        }
    }
}
