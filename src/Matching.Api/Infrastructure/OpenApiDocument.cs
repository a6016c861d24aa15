namespace Matching.Api.Infrastructure;

public static class OpenApiDocumentInfo
{
    public const string Name = "v1";
    public const string Path = "/openapi/v1.json";
    public const string Title = "Matching API";
    public const string Description =
        "Skills matching: questionnaires in, explained skill profiles out; job requirements in, ranked and explained candidates out. " +
        "Every route except /health/*, /swagger and /openapi needs the X-Api-Key header.";
}

/// <summary>
/// Adds what every operation may answer but no endpoint declares: 429 over the caller's quota, with <c>Retry-After</c>
/// and the shared <see cref="Contracts.Problem"/> schema every other error response uses.
/// </summary>
public static class OpenApiRateLimitResponses
{
    public static void Add(NSwag.OpenApiDocument document)
    {
        document.Components.Schemas.TryGetValue(nameof(Contracts.Problem), out var problem);
        foreach (var operation in document.Paths.Values.SelectMany(p => p.Values))
        {
            if (operation.Responses.ContainsKey("429")) continue;
            var response = new NSwag.OpenApiResponse
            {
                Description = "Over this key's (or, without a key, this address's) request quota; retry after Retry-After seconds",
            };
            response.Headers["Retry-After"] = new NSwag.OpenApiHeader
            {
                Description = "Seconds until the quota's window ends",
                Schema = new NJsonSchema.JsonSchema { Type = NJsonSchema.JsonObjectType.Integer },
            };
            if (problem is not null)
                response.Content[Problems.ContentType] = new NSwag.OpenApiMediaType
                {
                    Schema = new NJsonSchema.JsonSchema { Reference = problem },
                };
            operation.Responses["429"] = response;
        }
    }
}
