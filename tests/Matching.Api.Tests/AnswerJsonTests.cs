using System.Text;
using System.Text.Json;
using Matching.Api.Contracts;
using Matching.Api.Features.Match;
using Matching.Api.Features.Search;
using Matching.Api.Infrastructure;
using Matching.Core.Profiles;
using Matching.Core.Scoring;
using Microsoft.AspNetCore.Http;

namespace Matching.Api.Tests;

/// <summary>
/// /match writes its answer field by field (<see cref="AnswerJson"/>); the bytes must be the serializer's for the same
/// records: names, order, nulls, numbers (two-decimal scores kept as 100.00, shortest doubles) and escaping.
/// </summary>
public sealed class AnswerJsonTests
{
    [Fact]
    public async Task The_written_answer_is_the_serializers_byte_for_byte()
    {
        foreach (var response in new[] { Answer(withExtras: false), Answer(withExtras: true), Empty() })
        {
            var expected = JsonSerializer.Serialize(response, ApiJson.Endpoints);
            Assert.Equal(expected, await WriteAsync(response));
        }
    }

    [Fact]
    public async Task Explained_hits_are_written_as_the_serializer_writes_the_results_made_of_them()
    {
        RequirementScore Row(string requirement, string? matched, Relation relation, double level, double credit, double depthCredit,
            decimal contribution, decimal depth) => new(requirement, matched, relation, level, credit, depthCredit, contribution, depth, []);
        var explanation = new ProfileScore(74.0743m, ["kafka"],
        [
            Row("python", "python", Relation.Exact, 1, 1, 0.15, 33.3333m, 5.0000m),
            Row("go", "golang", Relation.Child, 0.7500001, 0.83333333, 0, 33.3333m, 0m),
            Row("sql", "postgresql", Relation.Parent, 0.5, 0.34, 0.00004, 7.4077m, 0.0049m),
            Row("kafka", null, Relation.None, 0, 0, 0, 0m, 0m),
        ]);
        var hits = new List<MatchHit>
        {
            new(1, "p_1", "hr-1", 74.0743m, ["kafka"], explanation),
            new(2, "p_2", null, 74.0743m, [], explanation),
        };
        var evidence = new Dictionary<string, QuotedEvidence>(StringComparer.Ordinal)
        {
            ["p_1"] = new(new Dictionary<string, IReadOnlyList<Evidence>>
            {
                ["python"] = [new Evidence("Опыт", "Писал на Python & \"Django\"", 5, 30, null)],
                ["postgresql"] = [new Evidence("qa", "PostgreSQL", 0, 10, 1), new Evidence("qa", "Postgres 15", 3, 14, 2)],
            }),
            ["p_2"] = QuotedEvidence.None,
        };
        var results = new ExplainedResults(hits, evidence);
        var response = Answer(withExtras: false) with { Results = results };
        var expected = JsonSerializer.Serialize(response with { Results = results.ToList() }, ApiJson.Endpoints);
        Assert.Equal(expected, JsonSerializer.Serialize(response, ApiJson.Endpoints));
        Assert.Equal(expected, await WriteAsync(response));
        Assert.Contains("\"depthContribution\":0.00,", expected);
    }

    [Fact]
    public void Quotes_encoded_once_are_copied_as_the_serializer_writes_them()
    {
        var quotes = new[]
        {
            new Evidence("опыт", "Писал \"биллинг\" на C++ & Rust <3 \\ \t😀", 0, 40, null),
            new Evidence("qa", "Kubernetes, 5 лет", 3, 20, 2),
        };
        var encoded = new EncodedEvidence(quotes);
        var plain = quotes.Select(EvidenceDto.From).ToList();
        Assert.Equal(JsonSerializer.Serialize<IReadOnlyList<EvidenceDto>>(plain, ApiJson.Endpoints), Encoding.UTF8.GetString(encoded.Json.Span));
        Assert.Equal(JsonSerializer.Serialize<IReadOnlyList<EvidenceDto>>(plain, ApiJson.Endpoints),
            JsonSerializer.Serialize<IReadOnlyList<EvidenceDto>>(encoded, ApiJson.Endpoints));
        Assert.Equal(plain, encoded);
    }

    [Fact]
    public async Task A_big_answer_is_written_whole_across_flushes()
    {
        var one = Answer(withExtras: true);
        var many = one with { Results = Enumerable.Range(0, 400).Select(i => one.Results[i % one.Results.Count] with { Rank = i + 1 }).ToList() };
        var expected = JsonSerializer.Serialize(many, ApiJson.Endpoints);
        Assert.True(expected.Length > 256 * 1024);
        Assert.Equal(expected, await WriteAsync(many));
    }

    [Fact]
    public void Numbers_are_written_as_the_writer_writes_them()
    {
        var doubles = new List<double> { 0, -0.0, 1, 0.5, 0.15, 0.8333, 0.0001, 1e-5, 0.123456789, 1.0 / 3, 99_999.9999, 100_000, 1e15, -0.25,
            double.Epsilon, double.MaxValue, 0.1 + 0.2 };
        for (var k = 0; k <= 20_000; k++) doubles.Add(k / 10_000.0);
        for (var k = 0; k <= 10_000; k++) doubles.Add(Math.Round(k / 7_777.0, 4));
        var random = new Random(5);
        for (var i = 0; i < 10_000; i++) doubles.Add(Math.Round(random.NextDouble() * Math.Pow(10, random.Next(-3, 7)), random.Next(0, 7)));
        foreach (var value in doubles)
            Assert.Equal(Written(json => json.WriteNumber("n", value)), Written(json => AnswerJson.WriteDouble(json, Name, value)));

        var decimals = new List<decimal> { 0m, 0.00m, 100.00m, 100m, 0.5m, 16.39m, 0.01m, -0.00m, -1.25m, 4294967295m, 4294967296m,
            0.000000001m, 0.0000000001m, 79228162514264337593543950335m, 1.0000000000000000000000000001m };
        for (var cents = 0; cents <= 10_000; cents++) decimals.Add(cents / 100m);
        for (var i = 0; i < 10_000; i++) decimals.Add(Math.Round((decimal)(random.NextDouble() * Math.Pow(10, random.Next(-3, 10))), random.Next(0, 10)));
        foreach (var value in decimals)
            Assert.Equal(Written(json => json.WriteNumber("n", value)), Written(json => AnswerJson.WriteDecimal(json, Name, value)));
    }

    private static readonly JsonEncodedText Name = JsonEncodedText.Encode("n");

    private static string Written(Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, AnswerJson.WriterOptions))
        {
            json.WriteStartObject();
            write(json);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static async Task<string> WriteAsync(Response response)
    {
        var context = new DefaultHttpContext();
        using var body = new MemoryStream();
        context.Response.Body = body;
        await new MatchAnswer(response).ExecuteAsync(context);
        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", context.Response.ContentType);
        return Encoding.UTF8.GetString(body.ToArray());
    }

    private static Response Empty() =>
        new(0, [], [], "scorer-2", "3.0", 0, null, null, null);

    private static Response Answer(bool withExtras)
    {
        var encoded = new EncodedEvidence([new Evidence("Опыт работы", "Писал сервисы на Python — «быстро»", 12, 46, null)]);
        IReadOnlyList<EvidenceDto> plain = [new EvidenceDto("Q&A", "Yes: Go + gRPC, \"2\" years\n", 0, 27, 3)];
        var breakdown = new List<BreakdownDto>
        {
            new("python", "python", "exact", 1, 1, 0.15, 16.39m, 2.46m, encoded),
            new("go", "golang", "child", 0.75, 0.8333, 0, 13.94m, 0.00m, plain),
            new("sql", "postgresql", "parent", 0.3333, 0.1, 0.0001, 0.10m, 0m, []),
            new("kafka", null, "none", 0, 0, 0, 0.00m, 0.00m, []),
        };
        var results = new List<MatchResult>
        {
            new(1, "p_1", "hr-1", 100.00m, [], breakdown),
            new(2, "p_2", null, 74.07m, ["kafka", "sql"], breakdown),
            new(3, "p_3", "ü\u0001\u2028", 0.5m, ["kafka"], []),
        };
        IReadOnlyList<RequirementDto> requirements =
        [
            new("python", "Python", 1, true, 0.5),
            new("go", "Go (Golang)", 0.3, false, 0.75),
            new("sql", "SQL", 0.123456789, false, 1e-7),
        ];
        if (!withExtras) return new Response(100_000, requirements, results, "scorer-2", "3.0+2fa4d13e6bd9", 27_675, null, null, null);
        var filter = new FilterInput
        {
            Remote = true,
            Location = new LocationFilterInput { Countries = ["DE", "RU"], Cities = ["Берлин"] },
            ExcludeSkills = ["php"],
        };
        var facets = new Dictionary<string, IReadOnlyList<FacetValueDto>>(StringComparer.Ordinal)
        {
            ["skills"] = [new FacetValueDto("python", 29_809), new FacetValueDto("c++", 12)],
            ["location.city"] = [new FacetValueDto("Москва", 3)],
        };
        return new Response(100_000, requirements, results, "scorer-2", "3.0+2fa4d13e6bd9", 27_675, filter, facets,
            "eyJNIjowLCJTIjoxMDAwMDAwLCJQIjoicF8wMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwNTVlMyIsIlEiOiJFQkY0MzcxMEE3QzVFOUQwIn0");
    }
}
