using FastEndpoints;
using Matching.Api.Contracts;
using Matching.Api.Infrastructure;

namespace Matching.Api.Features.Taxonomy.Get;

public sealed record CategoryDto(string Id, string Name);

/// <summary>
/// The effective taxonomy in brief. version = shippedVersion while nothing was changed, then {shippedVersion}+{revision};
/// customSkills are those added through the API, changedSkills the shipped ones whose aliases or external ids were
/// changed, changes the overlay's revisions in order.
/// </summary>
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
