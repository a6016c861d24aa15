using FastEndpoints;
using FluentValidation;
using Matching.Api.Contracts;
using Matching.Api.Infrastructure;
using Matching.Core.Extraction;
using Matching.Core.Taxonomy;
using Matching.Data;

namespace Matching.Api.Features.Taxonomy.Candidates.Accept;

/// <summary>
/// Either skill (the term becomes an alias of that existing skill) or the fields of a new custom skill as POST
/// /taxonomy/skills takes them (the term becomes one of its aliases).
/// </summary>
[NJsonSchema.Annotations.JsonSchema("CandidateAcceptance")]
public sealed class Request
{
    /// <summary>The term (route) as the list shows it; case, ё/е and spacing do not matter.</summary>
    public string Term { get; set; } = "";
    /// <summary>The id of an existing skill the term is a spelling of.</summary>
    public string? Skill { get; set; }
    /// <summary>A new skill's slug (instead of skill): lowercase letters, digits and single inner hyphens.</summary>
    public string? Id { get; set; }
    /// <summary>The new skill's display name.</summary>
    public string? Name { get; set; }
    /// <summary>The new skill's category (GET /taxonomy lists them).</summary>
    public string? Category { get; set; }
    /// <summary>Other spellings of the new skill; the term is added to them.</summary>
    public List<string>? Aliases { get; set; }
    /// <summary>Existing skills the new one is a kind of.</summary>
    public List<string>? Parents { get; set; }
    /// <summary>Existing skills that earn partial credit for it in /match.</summary>
    public List<string>? Related { get; set; }
    /// <summary>The new skill's ids in other systems by system name.</summary>
    public Dictionary<string, string>? ExternalIds { get; set; }

    internal bool NewSkill => Id is not null || Name is not null || Category is not null || Aliases is not null || Parents is not null
                              || Related is not null || ExternalIds is not null;
}

/// <summary>Shape only: one of the two forms, and POST /taxonomy/skills's sizes.</summary>
public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(r => r.Term).MaximumLength(CandidateTermDto.MaxTermLength);
        RuleFor(r => r).Must(r => r.Skill is not null ^ r.NewSkill).WithName("body")
            .WithMessage("Give skill (the term becomes its alias) or the new skill's id, name and category — not both.");
        RuleFor(r => r.Skill).MaximumLength(200);
        RuleFor(r => r.Id).NotEmpty().When(r => r.NewSkill).WithMessage("id is required for a new skill.");
        RuleFor(r => r.Name).NotEmpty().When(r => r.NewSkill).WithMessage("name is required for a new skill.");
        RuleFor(r => r.Category).NotEmpty().When(r => r.NewSkill).WithMessage("category is required for a new skill.");
        RuleFor(r => r.Aliases).Must(a => a is null || a.Count < TaxonomyOverlay.MaxAliases)
            .WithMessage($"aliases has at most {TaxonomyOverlay.MaxAliases - 1} items (the term is added to them).");
        RuleFor(r => r.Parents).Must(p => p is null || p.Count <= 20).WithMessage("parents has at most 20 items.");
        RuleFor(r => r.Related).Must(p => p is null || p.Count <= 50).WithMessage("related has at most 50 items.");
        RuleFor(r => r.ExternalIds).Must(Skills.Create.ExternalIdRules.Valid).WithMessage(Skills.Create.ExternalIdRules.Message);
    }
}

public sealed class Endpoint(ICandidateTermStore candidates, TaxonomyEditor editor, TaxonomySnapshot snapshot, SkillResolver resolver)
    : Endpoint<Request, TaxonomyChangeResult>
{
    public override void Configure()
    {
        Post("/taxonomy/candidates/{term}/accept");
        Policies(ApiKeyDefaults.AdminPolicy);
        Description(b => b
            .Produces<TaxonomyChangeResult>(200, "application/json")
            .Produces<TaxonomyChangeResult>(201, "application/json")
            .ProducesProblems(404, 409, 422));
        Summary(s =>
        {
            s.Summary = "Accept a candidate term as a skill or an alias (admin)";
            s.Description =
                "With {\"skill\": id} the term becomes an alias of that existing skill (200), as PATCH /taxonomy/skills/{id} " +
                "with addAliases would make it; with a new skill's fields, as POST /taxonomy/skills takes them, a custom skill " +
                "is created with the term among its aliases (201). Either is a taxonomy change like those: extraction on every " +
                "replica finds the term from the answer on, stored profiles naming it are re-extracted in the background " +
                "(GET /taxonomy/reextraction), and the term leaves GET /taxonomy/candidates. 404 not-found when no stored " +
                "profile names the term (or it was rejected); 422 unknown-skill for an unknown skill; the codes of POST " +
                "/taxonomy/skills otherwise (alias-taken, skill-exists, unknown-category, …); nothing is stored then.";
            s.ExampleRequest = new Request { Term = "Kaniko", Skill = "docker" };
            s.Params["term"] = "The term as GET /taxonomy/candidates lists it, e.g. Kaniko";
            s.Responses[200] = "Added as an alias of the skill; the answer carries the new taxonomy version";
            s.Responses[201] = "Created as a new custom skill; the answer carries the new taxonomy version";
            s.Responses[404] = "No stored profile names the term, or it was rejected";
            s.Responses[409] = "skill-exists: the new skill's id is in use; taxonomy-conflict: try again";
            s.Responses[422] = "The change cannot be made; the code says why";
        });
    }

    public override async Task HandleAsync(Request r, CancellationToken ct)
    {
        var key = CandidateTerm.KeyOf(r.Term);
        if (key.Length == 0 || await candidates.FindAsync(key, ct) is not { } found)
        {
            await Send.ResultAsync(Problems.Result(ProblemTypes.NotFound, "No stored profile names this term, or it was rejected."));
            return;
        }
        var term = found.Display;
        TaxonomyChange change;
        if (r.Skill is { } skill)
        {
            if (snapshot.Taxonomy.Find(skill.Trim()) is null)
            {
                await Send.ResultAsync(UnknownSkills.Problem([UnknownSkills.For(skill, resolver)]));
                return;
            }
            change = new TaxonomyChange { Kind = TaxonomyChangeKind.Update, SkillId = skill.Trim(), AddAliases = [term] };
        }
        else
        {
            var name = r.Name?.Trim() ?? "";
            var aliases = (r.Aliases ?? []).Select(a => a?.Trim() ?? "").ToList();
            if (!string.Equals(name, term, StringComparison.OrdinalIgnoreCase) && !aliases.Contains(term, StringComparer.OrdinalIgnoreCase))
                aliases.Add(term);
            change = new TaxonomyChange
            {
                Kind = TaxonomyChangeKind.Create,
                SkillId = r.Id?.Trim() ?? "",
                Name = name,
                Category = r.Category?.Trim() ?? "",
                Aliases = aliases,
                Parents = (r.Parents ?? []).Select(p => p?.Trim() ?? "").Distinct(StringComparer.Ordinal).ToList(),
                Related = (r.Related ?? []).Select(p => p?.Trim() ?? "").Distinct(StringComparer.Ordinal).ToList(),
                ExternalIds = (r.ExternalIds ?? []).ToDictionary(kv => kv.Key.Trim(), kv => kv.Value?.Trim() ?? "", StringComparer.Ordinal),
            };
        }
        TaxonomyEdit edit;
        try
        {
            edit = await editor.ApplyAsync(change, User.Identity?.Name, ct);
        }
        catch (TaxonomyEditException e)
        {
            await Send.ResultAsync(TaxonomyProblems.From(e.Error));
            return;
        }
        // It names a skill now: re-extraction (started by the change) finds it as one in every profile that named it.
        await candidates.ForgetAsync(key, ct);
        var result = new TaxonomyChangeResult(edit.Revision, edit.Snapshot.Taxonomy.Version, SkillDto.From(edit.Snapshot.Taxonomy.Find(change.SkillId)!));
        if (change.Kind == TaxonomyChangeKind.Create)
        {
            HttpContext.Response.Headers.Location = $"/skills/{Uri.EscapeDataString(change.SkillId)}";
            await Send.ResponseAsync(result, 201, ct);
        }
        else await Send.OkAsync(result, ct);
    }
}
