using System.Text.Json;
using Matching.Api.Contracts;

namespace Matching.Api.Features.Match;

/// <summary>
/// The 200 answer of <c>/match</c>: <see cref="Response"/> written with <see cref="AnswerJson"/> straight into the body's
/// pipe, flushed once for a usual page (a top 20 is about 40 KB) and every <see cref="FlushBytes"/> for big ones.
/// </summary>
internal sealed class MatchAnswer(Response response) : IResult
{
    /// <summary>Kestrel holds up to 64 KB of a response before a flush waits for the client.</summary>
    private const int FlushBytes = 64 * 1024;

    public async Task ExecuteAsync(HttpContext context)
    {
        var http = context.Response;
        http.StatusCode = StatusCodes.Status200OK;
        http.ContentType = AnswerJson.ContentType;
        var body = http.BodyWriter;
        await using var json = new Utf8JsonWriter(body, AnswerJson.WriterOptions);
        json.WriteStartObject();
        json.WriteNumber(AnswerJson.Names.Considered, response.Considered);
        json.WritePropertyName(AnswerJson.Names.Requirements);
        AnswerJson.WriteRequirements(json, response.Requirements);
        json.WriteStartArray(AnswerJson.Names.Results);
        long flushed = 0;
        for (var i = 0; i < response.Results.Count; i++)
        {
            AnswerJson.WriteResult(json, response.Results, i);
            if (json.BytesCommitted + json.BytesPending - flushed < FlushBytes) continue;
            json.Flush();
            flushed = json.BytesCommitted;
            await body.FlushAsync(context.RequestAborted);
        }
        json.WriteEndArray();
        json.WriteString(AnswerJson.Names.ScorerVersion, response.ScorerVersion);
        json.WriteString(AnswerJson.Names.TaxonomyVersion, response.TaxonomyVersion);
        json.WriteNumber(AnswerJson.Names.Matched, response.Matched);
        AnswerJson.WriteWithSerializer(json, AnswerJson.Names.Filter, response.Filter);
        AnswerJson.WriteWithSerializer(json, AnswerJson.Names.Facets, response.Facets);
        json.WriteString(AnswerJson.Names.NextCursor, response.NextCursor);
        json.WriteEndObject();
        json.Flush();
        await body.FlushAsync(context.RequestAborted);
    }
}
