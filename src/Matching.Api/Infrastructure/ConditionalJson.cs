using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Net.Http.Headers;

namespace Matching.Api.Infrastructure;

/// <summary>The JSON settings of every answer (FastEndpoints' serializer is set up with the same).</summary>
public static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>
    /// The options endpoints answer with: FastEndpoints' copy of ASP.NET's JSON options (whose encoder escapes only what
    /// JSON requires: Cyrillic, '+' and '&amp;' stay as written), <see cref="Configure"/>d. Recorded by
    /// <see cref="UseForEndpoints"/> when the pipeline is built; until then (in unit tests) the same settings made here.
    /// Answers written without the serializer (<see cref="Contracts.AnswerJson"/>) write with its encoder, so their bytes are the
    /// serializer's.
    /// </summary>
    public static JsonSerializerOptions Endpoints { get; private set; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>Sets up FastEndpoints' serializer options and records them as <see cref="Endpoints"/>.</summary>
    public static void UseForEndpoints(JsonSerializerOptions options)
    {
        Endpoints = Configure(options);
    }

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never;
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Skip;
        // Strict JSON: a key given twice ("last wins" hides mistakes) and a number sent as a string ("topK": "10") are 400s.
        options.AllowDuplicateProperties = false;
        options.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
        return options;
    }
}

/// <summary>
/// A 200 JSON answer with a weak <c>ETag</c> computed from the representation itself (a SHA-256 prefix of the JSON
/// bytes), so it changes whenever anything shown changes (an override, a re-extraction, a renamed skill) and never
/// otherwise; a request whose <c>If-None-Match</c> names it gets 304 with no body.
/// </summary>
public sealed class ConditionalJson<T>(T body, string cacheControl) : IResult
{
    public async Task ExecuteAsync(HttpContext context)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body, ApiJson.Options);
        var etag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 16))}\"", isWeak: true);
        var response = context.Response;
        response.Headers.ETag = etag.ToString();
        response.Headers.CacheControl = cacheControl;
        if (ConditionalJson.Matches(context.Request.Headers.IfNoneMatch, etag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            await response.StartAsync(context.RequestAborted);
            return;
        }
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, context.RequestAborted);
    }
}

public static class ConditionalJson
{
    /// <summary>For personal data: clients may revalidate what they hold, but no cache may store it.</summary>
    public const string PersonalData = SecurityHeaders.NoStore;

    /// <summary>For the taxonomy: a client may keep it and revalidate (cheap with the ETag); private, as it needs a key.</summary>
    public const string Revalidate = "private, no-cache";

    public static ConditionalJson<T> For<T>(T body, string cacheControl) => new(body, cacheControl);

    /// <summary>If-None-Match by weak comparison (RFC 9110 §13.1.2), <c>*</c> included.</summary>
    public static bool Matches(Microsoft.Extensions.Primitives.StringValues ifNoneMatch, EntityTagHeaderValue etag)
    {
        if (ifNoneMatch.Count == 0) return false;
        if (!EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags)) return false;
        return tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(etag, useStrongComparison: false));
    }
}
