using FastEndpoints;

namespace Matching.Api.Infrastructure;

/// <summary>
/// Operation ids "Area_Action" from the feature folder (Features/Profiles/Ingest/Endpoint → "Profiles_Ingest",
/// Features/Health/Ready → "Health_Ready"), so a generated client gets one class per area with verb-like methods
/// (ProfilesClient.IngestAsync). A few actions are renamed for what they do to the caller.
/// </summary>
public static class EndpointNames
{
    private static readonly Dictionary<string, string> Renamed = new(StringComparer.Ordinal)
    {
        ["Match"] = "Match_Run",
        ["Profiles_Overrides"] = "Profiles_SetSkills",
        ["Profiles_ExtractOnly"] = "Profiles_Extract",
        ["Profiles_Matches"] = "Profiles_MatchJobs",
        ["Profiles_Batch"] = "Profiles_IngestBatch",
        ["Taxonomy_SkillsCreate"] = "Taxonomy_CreateSkill",
        ["Taxonomy_SkillsUpdate"] = "Taxonomy_UpdateSkill",
        ["Taxonomy_SkillsRetire"] = "Taxonomy_RetireSkill",
        ["Taxonomy_CandidatesList"] = "Taxonomy_ListCandidates",
        ["Taxonomy_CandidatesAccept"] = "Taxonomy_AcceptCandidate",
        ["Taxonomy_CandidatesReject"] = "Taxonomy_RejectCandidate",
        ["Profiles_SimilarFilteredEndpoint"] = "Profiles_SimilarFiltered",
        ["CustomFields_PutEndpoint"] = "CustomFields_Put",
        ["CustomFields_ListEndpoint"] = "CustomFields_List",
        ["CustomFields_DeleteEndpoint"] = "CustomFields_Delete",
    };

    public static string For(EndpointNameGenerationContext context) => For(context.EndpointType);

    public static string For(Type type)
    {
        var ns = type.Namespace ?? "";
        var marker = ns.IndexOf(".Features.", StringComparison.Ordinal);
        var parts = (marker >= 0 ? ns[(marker + ".Features.".Length)..] : "").Split('.', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (type.Name != "Endpoint") parts.Add(type.Name);
        var name = parts.Count == 0 ? type.Name : parts[0] + (parts.Count > 1 ? "_" + string.Concat(parts.Skip(1)) : "");
        return Renamed.GetValueOrDefault(name, name);
    }
}
