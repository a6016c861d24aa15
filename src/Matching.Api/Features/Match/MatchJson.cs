using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Matching.Api.Features.Match;

/// <summary>
/// /match answers are the API's largest and most frequent (tens of KB of explanations per call): they are serialised,
/// with the same options as every other response, into one buffer and sent with their length in one write, rather than
/// streamed in chunks.
/// </summary>
internal static class MatchJson
{
    private static JsonTypeInfo<Response>? _response;

    /// <summary>Binds to the API's serializer options (camelCase, escaping) once they are configured.</summary>
    public static void Use(JsonSerializerOptions apiOptions) => _response = (JsonTypeInfo<Response>)apiOptions.GetTypeInfo(typeof(Response));

    public static async Task WriteAsync(HttpResponse http, Response response, CancellationToken ct)
    {
        var info = _response ?? throw new InvalidOperationException("MatchJson.Use was not called at start-up.");
        var bytes = JsonSerializer.SerializeToUtf8Bytes(response, info);
        http.StatusCode = StatusCodes.Status200OK;
        http.ContentType = "application/json; charset=utf-8";
        http.ContentLength = bytes.Length;
        await http.Body.WriteAsync(bytes, ct);
    }
}
