using Newtonsoft.Json.Linq;
using NSwag;

namespace Matching.Api.Infrastructure;

/// <summary>
/// Request and response examples, one file per operation under OpenApiExamples/ ({operationId}.json: "requests" by name,
/// "responses" by status), taken from the real API on an excerpt of the seed questionnaire and the PyTorch/RAG/YOLO/SQL
/// job. They are embedded in the assembly; spectral checks each against its schema (oas3-valid-media-example).
/// </summary>
internal static class OperationExamples
{
    private const string ResourcePrefix = "Matching.Api.OpenApiExamples.";

    private static readonly Dictionary<string, string> Summaries = new(StringComparer.Ordinal)
    {
        ["markdown"] = "Markdown: an excerpt of a real questionnaire (sections under headings)",
        ["qa"] = "Q&A: question/answer pairs (content left out)",
        ["text"] = "Plain text (answers left out)",
        ["requirements"] = "Requirements given: PyTorch (required), RAG, YOLO, SQL",
        ["description"] = "No requirements: extracted from the description",
        ["job"] = "A stored job, strict, at least 50",
        ["overrides"] = "Set a level and remove a skill",
        ["jobs"] = "Only some jobs",
        ["batch"] = "Four questionnaires: one whose externalId exists, a new one, one naming no skill, one invalid",
        ["skill"] = "A custom skill with a Russian alias, a parent, a related skill and external ids",
        ["aliases"] = "Add a Russian spelling, remove one, set a Lightcast id",
        ["alias"] = "The term as an alias of an existing skill",
        ["newSkill"] = "The term as an alias of a new custom skill",
        ["field"] = "A string field",
        ["patch"] = "Set relocation and tags, remove one custom value",
        ["filter"] = "Within 600 km of Berlin, English at B2 or better, with a city facet",
        ["filtered"] = "Filtered (country, years, tag, custom field), with facets; page through with cursor",
    };

    public static void AddTo(OpenApiDocument document)
    {
        foreach (var description in document.Operations)
        {
            var operation = description.Operation;
            if (Load(operation.OperationId) is not { } file) continue;
            if (file["requests"] is JObject requests && operation.RequestBody is { } body)
                foreach (var media in body.Content.Values)
                {
                    media.Example = null;
                    media.Examples.Clear();
                    foreach (var (name, value) in requests)
                        media.Examples[name] = new OpenApiExample { Summary = Summaries.GetValueOrDefault(name, name), Value = value };
                }
            if (file["responses"] is JObject responses)
                foreach (var (status, value) in responses)
                    if (operation.Responses.TryGetValue(status, out var response))
                        foreach (var media in response.Content.Values)
                        {
                            media.Examples.Clear();
                            media.Example = value;
                        }
        }
    }

    private static JObject? Load(string? operationId)
    {
        using var stream = typeof(OperationExamples).Assembly.GetManifestResourceStream(ResourcePrefix + operationId + ".json");
        if (stream is null) return null;
        using var reader = new StreamReader(stream);
        return JObject.Parse(reader.ReadToEnd());
    }
}
