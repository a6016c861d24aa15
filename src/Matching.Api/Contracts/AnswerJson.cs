using System.Text.Json;
using Matching.Api.Features.Match;
using Matching.Api.Infrastructure;

namespace Matching.Api.Contracts;

/// <summary>
/// Match answers written field by field with a <see cref="Utf8JsonWriter"/>: the bytes the serializer writes for these
/// records (the same names in the same order, the same number and string formatting, <see cref="ApiJson.Endpoints"/>'
/// encoder), without its walk through each record's metadata. Quotes the evidence cache keeps as
/// <see cref="EncodedEvidence"/> are copied as they were written once. <c>AnswerJsonTests</c> compares every field with
/// the serializer's output.
/// </summary>
internal static class AnswerJson
{
    public const string ContentType = "application/json; charset=utf-8";

    /// <summary>The endpoints' encoder; no structural checks (the methods below write whole values).</summary>
    public static JsonWriterOptions WriterOptions => new() { Encoder = ApiJson.Endpoints.Encoder, SkipValidation = true };

    public static void WriteRequirements(Utf8JsonWriter json, IReadOnlyList<RequirementDto> requirements)
    {
        json.WriteStartArray();
        foreach (var r in requirements)
        {
            json.WriteStartObject();
            json.WriteString(Names.Skill, r.Skill);
            json.WriteString(Names.Name, r.Name);
            WriteDouble(json, Names.Weight, r.Weight);
            json.WriteBoolean(Names.Required, r.Required);
            WriteDouble(json, Names.MinLevel, r.MinLevel);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    /// <summary>One result of a list; explained hits (<see cref="ExplainedResults"/>) are written without making their records.</summary>
    public static void WriteResult(Utf8JsonWriter json, IReadOnlyList<MatchResult> results, int index)
    {
        if (results is not ExplainedResults explained)
        {
            WriteResult(json, results[index]);
            return;
        }
        var (hit, explanation, shown, quotes) = explained.Explain(index);
        WriteResultStart(json, hit.Rank, hit.ProfileId, hit.ExternalId, shown.Score, hit.MissingRequired);
        for (var i = 0; i < explanation.Breakdown.Count; i++)
        {
            var r = explanation.Breakdown[i];
            WriteBreakdown(json, r.Requirement, r.MatchedSkill, BreakdownDto.NameOf(r.Relation), BreakdownDto.Shown(r.Level),
                BreakdownDto.Shown(r.Credit), BreakdownDto.Shown(r.DepthCredit), shown.Contributions[i], shown.DepthContributions[i],
                quotes.Of(r.MatchedSkill));
        }
        WriteResultEnd(json);
    }

    public static void WriteResult(Utf8JsonWriter json, MatchResult result)
    {
        WriteResultStart(json, result.Rank, result.ProfileId, result.ExternalId, result.Score, result.MissingRequired);
        foreach (var b in result.Breakdown)
            WriteBreakdown(json, b.Requirement, b.MatchedSkill, b.Relation, b.Level, b.Credit, b.DepthCredit, b.Contribution,
                b.DepthContribution, b.Evidence);
        WriteResultEnd(json);
    }

    /// <summary>A <see cref="MatchResult"/> up to its breakdown's rows.</summary>
    private static void WriteResultStart(Utf8JsonWriter json, int rank, string profileId, string? externalId, decimal score,
        IReadOnlyList<string> missingRequired)
    {
        json.WriteStartObject();
        json.WriteNumber(Names.Rank, rank);
        json.WriteString(Names.ProfileId, profileId);
        json.WriteString(Names.ExternalId, externalId);
        WriteDecimal(json, Names.Score, score);
        json.WriteStartArray(Names.MissingRequired);
        foreach (var skill in missingRequired) json.WriteStringValue(skill);
        json.WriteEndArray();
        json.WriteStartArray(Names.Breakdown);
    }

    private static void WriteResultEnd(Utf8JsonWriter json)
    {
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>A <see cref="BreakdownDto"/>.</summary>
    private static void WriteBreakdown(Utf8JsonWriter json, string requirement, string? matchedSkill, string relation, double level,
        double credit, double depthCredit, decimal contribution, decimal depthContribution, IReadOnlyList<EvidenceDto> evidence)
    {
        json.WriteStartObject();
        json.WriteString(Names.Requirement, requirement);
        json.WriteString(Names.MatchedSkill, matchedSkill);
        json.WriteString(Names.Relation, relation);
        WriteDouble(json, Names.Level, level);
        WriteDouble(json, Names.Credit, credit);
        WriteDouble(json, Names.DepthCredit, depthCredit);
        WriteDecimal(json, Names.Contribution, contribution);
        WriteDecimal(json, Names.DepthContribution, depthContribution);
        json.WritePropertyName(Names.Evidence);
        WriteEvidence(json, evidence);
        json.WriteEndObject();
    }

    /// <summary>A list of quotes: copied when it was written before (<see cref="EncodedEvidence"/>), else quote by quote.</summary>
    public static void WriteEvidence(Utf8JsonWriter json, IReadOnlyList<EvidenceDto> quotes)
    {
        if (quotes is EncodedEvidence encoded)
        {
            json.WriteRawValue(encoded.Json.Span, skipInputValidation: true);
            return;
        }
        json.WriteStartArray();
        foreach (var q in quotes)
        {
            json.WriteStartObject();
            json.WriteString(Names.Section, q.Section);
            json.WriteString(Names.Quote, q.Quote);
            json.WriteNumber(Names.Start, q.Start);
            json.WriteNumber(Names.End, q.End);
            if (q.Answer is { } answer) json.WriteNumber(Names.Answer, answer);
            else json.WriteNull(Names.Answer);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    /// <summary>
    /// A double as the serializer writes it: the shortest text that reads back as the same double. Answers mostly carry
    /// values of at most four decimals (levels, credits, weights; rounded to four), and for one of those (the double
    /// nearest to k/10000) that text is k/10000 in plain notation without trailing zeros: no shorter decimal is that
    /// close to it. Written here without the general shortest-text search; any other value goes through the writer.
    /// </summary>
    public static void WriteDouble(Utf8JsonWriter json, JsonEncodedText name, double value)
    {
        var tenThousandths = Math.Round(value * 10_000);
        if (double.IsNegative(value) || value >= 100_000 || tenThousandths / 10_000 != value)
        {
            json.WriteNumber(name, value);
            return;
        }
        Span<byte> text = stackalloc byte[MaxPlainLength];
        json.WritePropertyName(name);
        json.WriteRawValue(text[..Plain((ulong)tenThousandths, 4, trimZeros: true, text)], skipInputValidation: true);
    }

    /// <summary>
    /// A decimal as the serializer writes it: every digit of its scale, so 100.00 stays 100.00. Written here for the
    /// usual non-negative value below 2^32 units (two-decimal scores and contributions); any other through the writer.
    /// </summary>
    public static void WriteDecimal(Utf8JsonWriter json, JsonEncodedText name, decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        if (bits[1] != 0 || bits[2] != 0 || bits[3] < 0 || value.Scale > 9)
        {
            json.WriteNumber(name, value);
            return;
        }
        Span<byte> text = stackalloc byte[MaxPlainLength];
        json.WritePropertyName(name);
        json.WriteRawValue(text[..Plain((uint)bits[0], value.Scale, trimZeros: false, text)], skipInputValidation: true);
    }

    private const int MaxPlainLength = 24;

    /// <summary>units / 10^scale in plain notation ("0.5", "100.00"), optionally without trailing fraction zeros; its length.</summary>
    private static int Plain(ulong units, int scale, bool trimZeros, Span<byte> into)
    {
        Span<byte> digits = stackalloc byte[MaxPlainLength]; // least significant first, at least one before the point
        var count = 0;
        do
        {
            digits[count++] = (byte)('0' + units % 10);
            units /= 10;
        } while (units > 0 || count <= scale);
        var lowest = 0;
        if (trimZeros)
            while (lowest < scale && digits[lowest] == '0') lowest++;
        var length = 0;
        for (var i = count - 1; i >= scale; i--) into[length++] = digits[i];
        if (lowest < scale)
        {
            into[length++] = (byte)'.';
            for (var i = scale - 1; i >= lowest; i--) into[length++] = digits[i];
        }
        return length;
    }

    /// <summary>A value the answers carry rarely (a filter, facets), in the serializer's hands with the endpoints' options.</summary>
    public static void WriteWithSerializer<T>(Utf8JsonWriter json, JsonEncodedText name, T? value) where T : class
    {
        if (value is null)
        {
            json.WriteNull(name);
            return;
        }
        json.WritePropertyName(name);
        JsonSerializer.Serialize(json, value, ApiJson.Endpoints);
    }

    /// <summary>Property names as the serializer writes them (camelCase).</summary>
    public static class Names
    {
        public static readonly JsonEncodedText Considered = JsonEncodedText.Encode("considered");
        public static readonly JsonEncodedText Requirements = JsonEncodedText.Encode("requirements");
        public static readonly JsonEncodedText Results = JsonEncodedText.Encode("results");
        public static readonly JsonEncodedText ScorerVersion = JsonEncodedText.Encode("scorerVersion");
        public static readonly JsonEncodedText TaxonomyVersion = JsonEncodedText.Encode("taxonomyVersion");
        public static readonly JsonEncodedText Matched = JsonEncodedText.Encode("matched");
        public static readonly JsonEncodedText Filter = JsonEncodedText.Encode("filter");
        public static readonly JsonEncodedText Facets = JsonEncodedText.Encode("facets");
        public static readonly JsonEncodedText NextCursor = JsonEncodedText.Encode("nextCursor");

        public static readonly JsonEncodedText Skill = JsonEncodedText.Encode("skill");
        public static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
        public static readonly JsonEncodedText Weight = JsonEncodedText.Encode("weight");
        public static readonly JsonEncodedText Required = JsonEncodedText.Encode("required");
        public static readonly JsonEncodedText MinLevel = JsonEncodedText.Encode("minLevel");

        public static readonly JsonEncodedText Rank = JsonEncodedText.Encode("rank");
        public static readonly JsonEncodedText ProfileId = JsonEncodedText.Encode("profileId");
        public static readonly JsonEncodedText ExternalId = JsonEncodedText.Encode("externalId");
        public static readonly JsonEncodedText Score = JsonEncodedText.Encode("score");
        public static readonly JsonEncodedText MissingRequired = JsonEncodedText.Encode("missingRequired");
        public static readonly JsonEncodedText Breakdown = JsonEncodedText.Encode("breakdown");

        public static readonly JsonEncodedText Requirement = JsonEncodedText.Encode("requirement");
        public static readonly JsonEncodedText MatchedSkill = JsonEncodedText.Encode("matchedSkill");
        public static readonly JsonEncodedText Relation = JsonEncodedText.Encode("relation");
        public static readonly JsonEncodedText Level = JsonEncodedText.Encode("level");
        public static readonly JsonEncodedText Credit = JsonEncodedText.Encode("credit");
        public static readonly JsonEncodedText DepthCredit = JsonEncodedText.Encode("depthCredit");
        public static readonly JsonEncodedText Contribution = JsonEncodedText.Encode("contribution");
        public static readonly JsonEncodedText DepthContribution = JsonEncodedText.Encode("depthContribution");
        public static readonly JsonEncodedText Evidence = JsonEncodedText.Encode("evidence");

        public static readonly JsonEncodedText Section = JsonEncodedText.Encode("section");
        public static readonly JsonEncodedText Quote = JsonEncodedText.Encode("quote");
        public static readonly JsonEncodedText Start = JsonEncodedText.Encode("start");
        public static readonly JsonEncodedText End = JsonEncodedText.Encode("end");
        public static readonly JsonEncodedText Answer = JsonEncodedText.Encode("answer");
    }
}
