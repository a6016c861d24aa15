using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Matching.Core.Jobs;
using Matching.Core.Scoring;
using Matching.Data;

namespace Matching.Api.Features.Search;

/// <summary>
/// The opaque cursor of a ranking (/match, /profiles/{id}/similar): base64url of the last hit's position (missing required
/// count, score units, profile id) and a hash of the query it belongs to, so a cursor sent with another query (other
/// requirements, filter, strict or minScore) is refused rather than silently paging something else.
/// </summary>
public static class SearchCursor
{
    private sealed record Payload(int M, int S, string P, string Q);

    /// <summary>A short hash of what decides a ranking's order and membership.</summary>
    public static string QueryHash(string kind, IReadOnlyList<Requirement> requirements, MatchFilter? filter, bool strict, double? minScore)
    {
        var text = new StringBuilder(kind).Append('|');
        foreach (var r in requirements)
            text.Append(r.Skill).Append(':').Append(r.Weight.ToString("R", System.Globalization.CultureInfo.InvariantCulture))
                .Append(':').Append(r.Required).Append(':').Append(r.MinLevel.ToString("R", System.Globalization.CultureInfo.InvariantCulture)).Append(';');
        text.Append('|').Append(SearchDocuments.WriteFilter(filter)).Append('|').Append(strict).Append('|')
            .Append(minScore?.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())), 0, 8);
    }

    public static string Encode(MatchCursor cursor, string queryHash) =>
        Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new Payload(cursor.Missing, cursor.ScoreUnits, cursor.ProfileId, queryHash)));

    /// <summary>The position, or null when the text is not a cursor this API issued for this query.</summary>
    public static MatchCursor? Decode(string text, string queryHash)
    {
        if (text.Length > 512) return null;
        try
        {
            var payload = JsonSerializer.Deserialize<Payload>(Base64Url.DecodeFromChars(text));
            if (payload is null || payload.Q != queryHash || string.IsNullOrEmpty(payload.P) || payload.M < 0) return null;
            return new MatchCursor(payload.M, payload.S, payload.P);
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }
}

/// <summary>One value of a facet and how many candidates of the whole ranking have it.</summary>
/// <param name="Value">The value (country code, city, true/false, language code, tag, skill id, custom value).</param>
/// <param name="Count">How many candidates of the ranking (all pages) have it.</param>
public sealed record FacetValueDto(string Value, int Count)
{
    public static IReadOnlyDictionary<string, IReadOnlyList<FacetValueDto>>? MapOf(IReadOnlyDictionary<string, IReadOnlyList<FacetValue>>? facets) =>
        facets?.ToDictionary(f => f.Key, IReadOnlyList<FacetValueDto> (f) => f.Value.Select(v => new FacetValueDto(v.Value, v.Count)).ToList(),
            StringComparer.Ordinal);
}
