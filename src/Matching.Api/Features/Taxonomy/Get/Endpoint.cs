using FastEndpoints;
using Matching.Api.Contracts;
using Matching.Api.Infrastructure;

namespace Matching.Api.Features.Taxonomy.Get;

/// <summary>A category of the taxonomy; every skill belongs to one.</summary>
/// <param name="Id">The category's id, as a skill's category names it, e.g. ml-frameworks.</param>
/// <param name="Name">The category's display name.</param>
public sealed record CategoryDto(string Id, string Name);

/// <summary>The effective taxonomy in brief: its version, its categories, and the customer's changes to the shipped one.</summary>
/// <param name="Version">The version in use: shippedVersion while nothing was changed, then {shippedVersion}+{revision}.</param>
/// <param name="ShippedVersion">The version of the shipped taxonomy file (db/taxonomy.json).</param>
/// <param name="Revision">The overlay revision in use: the number of changes made through the API (0: none).</param>
/// <param name="Skills">How many skills the effective taxonomy has.</param>
/// <param name="Categories">Every category, in the file's order; POST /taxonomy/skills takes one of their ids.</param>
/// <param name="CustomSkills">The skills added through POST /taxonomy/skills.</param>
/// <param name="ChangedSkills">The shipped skills whose aliases or external ids were changed through PATCH /taxonomy/skills/{id}.</param>
/// <param name="Changes">The overlay's revisions in order.</param>
[NJsonSchema.Annotations.JsonSchema("TaxonomySummary")]
public sealed record Response(
    string Version,
    string ShippedVersion,
    long Revision,
    int Skills,
    IReadOnlyList<CategoryDto> Categories,
    IReadOnlyList<SkillDto> CustomSkills,
    IReadOnlyList<SkillDto> ChangedSkills,
    IReadOnlyList<TaxonomyRevisionDto> Changes);

public sealed class Endpoint(TaxonomySnapshot snapshot, ShippedTaxonomy shipped) : EndpointWithoutRequest<Response>
{
    public override void Configure()
    {
        Get("/taxonomy");
        Policies(ApiKeyDefaults.ReadPolicy);
        Summary(s =>
        {
            s.Summary = "The taxonomy's version and the customer's changes to it";
            s.Responses[200] = "The version in use, the categories, the custom and changed skills, and every change";
            s.Description =
                "The taxonomy in use is the shipped file (db/taxonomy.json) plus the changes made through POST, PATCH and DELETE " +
                "/taxonomy/skills, stored in the database and followed by every replica. Its version, shown on profiles, /match " +
                "answers and scoring runs as taxonomyVersion, is the shipped version until the first change and " +
                "{shipped}+{revision} after. GET /taxonomy/export gives the whole of it in the file's format.";
        });
    }

    public override Task HandleAsync(CancellationToken ct)
    {
        var taxonomy = snapshot.Taxonomy;
        var updated = snapshot.History.Where(r => r.Change.Kind == Core.Taxonomy.TaxonomyChangeKind.Update)
            .Select(r => r.Change.SkillId).ToHashSet(StringComparer.Ordinal);
        return Send.OkAsync(new Response(
            taxonomy.Version,
            shipped.Taxonomy.Version,
            snapshot.Revision,
            taxonomy.Count,
            taxonomy.Categories.Select(c => new CategoryDto(c.Id, c.Name)).ToList(),
            taxonomy.Skills.Where(s => s.Custom).Select(SkillDto.From).ToList(),
            taxonomy.Skills.Where(s => !s.Custom && updated.Contains(s.Id)).Select(SkillDto.From).ToList(),
            snapshot.History.Select(TaxonomyProblems.Dto).ToList()), ct);
    }
}
