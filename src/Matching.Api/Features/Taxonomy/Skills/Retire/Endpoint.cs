using FastEndpoints;
using Matching.Api.Contracts;
using Matching.Api.Infrastructure;
using Matching.Core.Taxonomy;

namespace Matching.Api.Features.Taxonomy.Skills.Retire;

public sealed class Request
{
    public string Id { get; set; } = "";
}

public sealed class Endpoint(TaxonomyEditor editor) : Endpoint<Request, TaxonomyRetireResult>
{
    public override void Configure()
    {
        Delete("/taxonomy/skills/{id}");
        Policies(ApiKeyDefaults.AdminPolicy);
        Description(b => b
            .ProducesProblems(404, 409, 422));
        Summary(s =>
        {
            s.Summary = "Retire a custom skill (admin)";
            s.Description =
                "Takes a skill added through POST /taxonomy/skills out of the effective taxonomy: extraction stops finding it, " +
                "and stored profiles that hold it or mention it are re-extracted in the background without it. Shipped skills " +
                "cannot be retired (422 not-custom-skill; remove their aliases instead), nor a skill another one names as parent " +
                "or related (422 skill-in-use). Its id may be used again later.";
            s.Params["id"] = "The custom skill's id";
            s.Responses[200] = "Retired; the answer carries the new taxonomy version";
            s.Responses[404] = "No skill has this id";
            s.Responses[409] = "taxonomy-conflict: other replicas kept changing the taxonomy under this change; try again";
            s.Responses[422] = "Not a custom skill, or in use by another skill";
        });
    }

    public override async Task HandleAsync(Request r, CancellationToken ct)
    {
        try
        {
            var edit = await editor.ApplyAsync(new TaxonomyChange { Kind = TaxonomyChangeKind.Retire, SkillId = r.Id }, User.Identity?.Name, ct);
            await Send.OkAsync(new TaxonomyRetireResult(edit.Revision, edit.Snapshot.Taxonomy.Version, r.Id), ct);
        }
        catch (TaxonomyEditException e)
        {
            await Send.ResultAsync(TaxonomyProblems.From(e.Error));
        }
    }
}
