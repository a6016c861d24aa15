using FastEndpoints;
using FluentValidation;
using Matching.Api.Contracts;
using Matching.Api.Infrastructure;
using Matching.Core.Taxonomy;

namespace Matching.Api.Features.Taxonomy.Skills.Update;

/// <summary>Aliases to add or remove and external ids to set; give at least one.</summary>
[NJsonSchema.Annotations.JsonSchema("SkillAliasChange")]
public sealed class Request
{
    /// <summary>The skill's id (route): a shipped or a custom skill.</summary>
    public string Id { get; set; } = "";
    /// <summary>Spellings to add; Russian ones match inflected.</summary>
    public List<string>? AddAliases { get; set; }
    /// <summary>Aliases to take away (its name and id stay spellings).</summary>
    public List<string>? RemoveAliases { get; set; }
    /// <summary>Ids in other systems to set, by system name; an empty id removes that system's.</summary>
    public Dictionary<string, string>? ExternalIds { get; set; }
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(r => r).Must(r => r.AddAliases is { Count: > 0 } || r.RemoveAliases is { Count: > 0 } || r.ExternalIds is { Count: > 0 })
            .WithName("body").WithMessage("Give addAliases, removeAliases or externalIds.");
        RuleFor(r => r.AddAliases).Must(a => a is null || a.Count <= TaxonomyOverlay.MaxAliases)
            .WithMessage($"addAliases has at most {TaxonomyOverlay.MaxAliases} items.");
        RuleFor(r => r.RemoveAliases).Must(a => a is null || a.Count <= 200).WithMessage("removeAliases has at most 200 items.");
        RuleFor(r => r.ExternalIds).Must(Create.ExternalIdRules.Valid).WithMessage(Create.ExternalIdRules.Message);
    }
}

public sealed class Endpoint(TaxonomyEditor editor) : Endpoint<Request, TaxonomyChangeResult>
{
    public override void Configure()
    {
        Patch("/taxonomy/skills/{id}");
        Policies(ApiKeyDefaults.AdminPolicy);
        Description(b => b
            .ProducesProblems(404, 409, 422));
        Summary(s =>
        {
            s.Summary = "Add or remove aliases of a skill, or set its external ids (admin)";
            s.Description =
                "Works on shipped skills too: the change is stored in the database's overlay, not in the file. Extraction on " +
                "every replica follows within about a second; stored profiles whose questionnaires contain an added or removed " +
                "spelling are re-extracted in the background (GET /taxonomy/reextraction), the others keep their extraction " +
                "under the new version. 422 alias-taken when a spelling already names another skill, unknown-alias when a " +
                "spelling to remove is not an alias of this skill, invalid-alias for an empty or over-long one; nothing is stored.";
            s.ExampleRequest = new Request
            {
                Id = "postgresql",
                AddAliases = ["постгря"],
                RemoveAliases = [],
                ExternalIds = new() { ["esco"] = "http://data.europa.eu/esco/skill/example-postgresql" },
            };
            s.Params["id"] = "The skill's id, e.g. postgresql";
            s.Responses[200] = "Changed; the answer carries the new taxonomy version";
            s.Responses[404] = "No skill has this id";
            s.Responses[409] = "taxonomy-conflict: other replicas kept changing the taxonomy under this change; try again";
            s.Responses[422] = "The change cannot be made; the code says why";
        });
    }

    public override async Task HandleAsync(Request r, CancellationToken ct)
    {
        var change = new TaxonomyChange
        {
            Kind = TaxonomyChangeKind.Update,
            SkillId = r.Id,
            AddAliases = (r.AddAliases ?? []).Select(a => a?.Trim() ?? "").ToList(),
            RemoveAliases = (r.RemoveAliases ?? []).Select(a => a?.Trim() ?? "").ToList(),
            ExternalIds = (r.ExternalIds ?? []).ToDictionary(kv => kv.Key.Trim(), kv => kv.Value?.Trim() ?? "", StringComparer.Ordinal),
        };
        try
        {
            var edit = await editor.ApplyAsync(change, User.Identity?.Name, ct);
            await Send.OkAsync(new TaxonomyChangeResult(edit.Revision, edit.Snapshot.Taxonomy.Version,
                SkillDto.From(edit.Snapshot.Taxonomy.Find(r.Id)!)), ct);
        }
        catch (TaxonomyEditException e)
        {
            await Send.ResultAsync(TaxonomyProblems.From(e.Error));
        }
    }
}
