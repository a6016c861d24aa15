using FastEndpoints;
using FluentValidation;
using Matching.Api.Contracts;
using Matching.Api.Infrastructure;
using Matching.Core.Taxonomy;

namespace Matching.Api.Features.Taxonomy.Skills.Create;

/// <summary>A custom skill to add to the effective taxonomy.</summary>
[NJsonSchema.Annotations.JsonSchema("CustomSkillInput")]
public sealed class Request
{
    /// <summary>The new skill's stable slug: lowercase letters, digits and single inner hyphens (e.g. "acme-platform").</summary>
    [System.ComponentModel.DataAnnotations.Required]
    public string? Id { get; set; }
    /// <summary>Its display name, 1 to 100 characters with a letter or digit; it is also a spelling it is found by.</summary>
    [System.ComponentModel.DataAnnotations.Required]
    public string? Name { get; set; }
    /// <summary>One of the taxonomy's categories (GET /taxonomy lists them).</summary>
    [System.ComponentModel.DataAnnotations.Required]
    public string? Category { get; set; }
    /// <summary>Every other spelling it is found by, in any language; Russian ones match inflected ("Битриксом" for "Битрикс").</summary>
    public List<string>? Aliases { get; set; }
    /// <summary>Existing skills it is a kind of: a profile with it also counts for them (inferred).</summary>
    public List<string>? Parents { get; set; }
    /// <summary>Existing skills that earn partial credit for it in /match.</summary>
    public List<string>? Related { get; set; }
    /// <summary>Its ids in other systems by system name ("esco": an ESCO URI, "lightcast": a Lightcast id, your own).</summary>
    public Dictionary<string, string>? ExternalIds { get; set; }
}

/// <summary>Shape only: sizes. What makes a skill valid (id, name, category, parents, aliases) is checked against the taxonomy, as 422s.</summary>
public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(r => r.Aliases).Must(a => a is null || a.Count <= TaxonomyOverlay.MaxAliases)
            .WithMessage($"aliases has at most {TaxonomyOverlay.MaxAliases} items.");
        RuleFor(r => r.Parents).Must(p => p is null || p.Count <= 20).WithMessage("parents has at most 20 items.");
        RuleFor(r => r.Related).Must(p => p is null || p.Count <= 50).WithMessage("related has at most 50 items.");
        RuleFor(r => r.ExternalIds).Must(ExternalIdRules.Valid).WithMessage(ExternalIdRules.Message);
    }
}

internal static class ExternalIdRules
{
    public const string Message = "externalIds has at most 20 entries, each a system name of 1 to 50 characters and an id of at most 300.";

    public static bool Valid(Dictionary<string, string>? ids) =>
        ids is null || ids.Count <= 20 && ids.All(kv => kv.Key.Trim().Length is > 0 and <= 50 && (kv.Value?.Length ?? 0) <= 300
                                                         && !kv.Key.Any(char.IsControl) && !(kv.Value ?? "").Any(char.IsControl));
}

public sealed class Endpoint(TaxonomyEditor editor) : Endpoint<Request, TaxonomyChangeResult>
{
    public override void Configure()
    {
        Post("/taxonomy/skills");
        Policies(ApiKeyDefaults.AdminPolicy);
        Description(b => b
            .Produces<TaxonomyChangeResult>(201, "application/json")
            .ProducesProblems(409, 422));
        Summary(s =>
        {
            s.Summary = "Add a custom skill (admin)";
            s.Description =
                "Adds a skill to the effective taxonomy (the shipped file plus the changes made through the API, stored in the " +
                "database). From the answer on, extraction on every replica finds it by its name, id and aliases (a second " +
                "replica within about a second), /match and job requirements accept it, and stored profiles whose " +
                "questionnaires mention it are re-extracted in the background (GET /taxonomy/reextraction). The taxonomy " +
                "version becomes {shipped}+{revision}. Bad input is a 422 with a code and stores nothing: invalid-skill-id, " +
                "invalid-skill-name, unknown-category, unknown-parent, unknown-related, taxonomy-cycle, invalid-alias, " +
                "alias-taken (the spelling already names another skill); an id in use is 409 skill-exists.";
            s.ExampleRequest = new Request
            {
                Id = "acme-lakehouse",
                Name = "ACME Lakehouse",
                Category = "data-engineering",
                Aliases = ["Акмехаус", "ACME LH"],
                Parents = ["data-engineering"],
                Related = ["apache-spark"],
                ExternalIds = new() { ["esco"] = "http://data.europa.eu/esco/skill/example", ["hr"] = "SK-1042" },
            };
            s.Responses[201] = "Added; the answer carries the new taxonomy version";
            s.Responses[409] = "skill-exists: a skill with this id exists; taxonomy-conflict: other replicas kept changing the taxonomy under this change";
            s.Responses[422] = "The skill cannot be added; the code says why";
        });
    }

    public override async Task HandleAsync(Request r, CancellationToken ct)
    {
        var change = new TaxonomyChange
        {
            Kind = TaxonomyChangeKind.Create,
            SkillId = r.Id?.Trim() ?? "",
            Name = r.Name?.Trim() ?? "",
            Category = r.Category?.Trim() ?? "",
            Aliases = (r.Aliases ?? []).Select(a => a?.Trim() ?? "").ToList(),
            Parents = (r.Parents ?? []).Select(p => p?.Trim() ?? "").Distinct(StringComparer.Ordinal).ToList(),
            Related = (r.Related ?? []).Select(p => p?.Trim() ?? "").Distinct(StringComparer.Ordinal).ToList(),
            ExternalIds = (r.ExternalIds ?? []).ToDictionary(kv => kv.Key.Trim(), kv => kv.Value?.Trim() ?? "", StringComparer.Ordinal),
        };
        try
        {
            var edit = await editor.ApplyAsync(change, User.Identity?.Name, ct);
            var skill = edit.Snapshot.Taxonomy.Find(change.SkillId)!;
            HttpContext.Response.Headers.Location = $"/skills/{Uri.EscapeDataString(skill.Id)}";
            await Send.ResponseAsync(new TaxonomyChangeResult(edit.Revision, edit.Snapshot.Taxonomy.Version, SkillDto.From(skill)), 201, ct);
        }
        catch (TaxonomyEditException e)
        {
            await Send.ResultAsync(TaxonomyProblems.From(e.Error));
        }
    }
}
