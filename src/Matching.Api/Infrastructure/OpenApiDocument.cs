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
