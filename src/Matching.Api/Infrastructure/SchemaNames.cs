using NJsonSchema.Annotations;
using NJsonSchema.Generation;

namespace Matching.Api.Infrastructure;

/// <summary>
/// OpenAPI schema names as a client generator turns them into class names: a type's own name without the "Dto" suffix
/// (ProfileDto → Profile, ScoringRunDto → ScoringRun), a name given with [JsonSchema("…")], a feature's bare
/// <c>Request</c>/<c>Response</c> prefixed with its folder (Features/Match/Request → MatchRequest), and a page of T as
/// "TPage" (Paged&lt;SkillDto&gt; → SkillPage).
/// </summary>
public sealed class SchemaNames : ISchemaNameGenerator
{
    private const string Features = ".Features.";
    private readonly DefaultSchemaNameGenerator _fallback = new();

    public string Generate(Type type)
    {
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Contracts.Paged<>))
            return Generate(type.GetGenericArguments()[0]) + "Page";
        if (type.Namespace?.StartsWith("Matching.Api", StringComparison.Ordinal) != true || type.IsGenericType)
            return _fallback.Generate(type);
        if (type.GetCustomAttributes(typeof(JsonSchemaAttribute), false) is [JsonSchemaAttribute { Name: { Length: > 0 } name }, ..])
            return name;
        if (type.Name is "Request" or "Response")
        {
            var ns = type.Namespace;
            var marker = ns.IndexOf(Features, StringComparison.Ordinal);
            return (marker < 0 ? "" : ns[(marker + Features.Length)..].Replace(".", "", StringComparison.Ordinal)) + type.Name;
        }
        return type.Name.EndsWith("Dto", StringComparison.Ordinal) ? type.Name[..^3] : type.Name;
    }
}
