using FastEndpoints;

namespace Matching.Api.Infrastructure;

/// <summary>Operation ids from the feature folder: Features/Profiles/Ingest/Endpoint → "ProfilesIngest".</summary>
public static class EndpointNames
{
    public static string For(EndpointNameGenerationContext context)
    {
        var type = context.EndpointType;
        var ns = type.Namespace ?? "";
        var marker = ns.IndexOf(".Features.", StringComparison.Ordinal);
        var feature = marker >= 0 ? ns[(marker + ".Features.".Length)..].Replace(".", "", StringComparison.Ordinal) : "";
        return type.Name == "Endpoint" ? feature : feature + type.Name;
    }
}
