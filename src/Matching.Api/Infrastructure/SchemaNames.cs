using NJsonSchema.Generation;

namespace Matching.Api.Infrastructure;

/// <summary>
/// OpenAPI schema names from the feature folder, so every feature's <c>Request</c> gets a readable, stable name:
/// Features/Profiles/Ingest/Request → "ProfilesIngestRequest"; shared contracts keep their own names.
/// </summary>
public sealed class SchemaNames : ISchemaNameGenerator
{
    private readonly DefaultSchemaNameGenerator _fallback = new();

    public string Generate(Type type)
    {
        var ns = type.Namespace ?? "";
        var marker = ns.IndexOf(".Features.", StringComparison.Ordinal);
        if (marker < 0 || type.IsGenericType) return _fallback.Generate(type);
        var feature = ns[(marker + ".Features.".Length)..].Replace(".", "", StringComparison.Ordinal);
        return type.Name.StartsWith(feature, StringComparison.Ordinal) ? type.Name : feature + type.Name;
    }
}
