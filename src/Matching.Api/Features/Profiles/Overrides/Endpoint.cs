using System.ComponentModel.DataAnnotations;
using FastEndpoints;
using FluentValidation;
using Matching.Api.Contracts;
using Matching.Api.Infrastructure;
using Matching.Core.Profiles;
using Matching.Core.Taxonomy;
using Matching.Data;

namespace Matching.Api.Features.Profiles.Overrides;

/// <summary>One change to a profile's skills: set a level (adding the skill when missing) or remove it.</summary>
public sealed class SkillChange
{
    /// <summary>The skill: id, name or alias.</summary>
    [Required]
    public string? Skill { get; set; }
    /// <summary>The level to set (0–1); adds the skill when the profile lacks it.</summary>
    public double? Level { get; set; }
    /// <summary>true removes the skill (it is not inferred back either); default false.</summary>
    public bool? Remove { get; set; }
}

/// <summary>Recruiter overrides, applied together or not at all.</summary>
[NJsonSchema.Annotations.JsonSchema("SkillChanges")]
public sealed class Request
{
    /// <summary>The profile's id.</summary>
    public string Id { get; set; } = "";
    /// <summary>The changes (1–200), applied together or not at all.</summary>
    [Required]
    public List<SkillChange>? Skills { get; set; }
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(r => r.Skills).NotEmpty().WithMessage("skills: give at least one change.")
            .Must(s => s is null || s.Count <= 200).WithMessage("At most 200 changes at once.");
        RuleForEach(r => r.Skills).ChildRules(c =>
        {
            c.RuleFor(x => x.Skill).NotEmpty().MaximumLength(200);
            c.RuleFor(x => x.Level).InclusiveBetween(0, 1);
            c.RuleFor(x => x).Must(x => (x.Remove == true) ^ x.Level.HasValue)
                .WithMessage("Each change either sets a level or has remove: true.");
        });
    }
}

public sealed class Endpoint(IProfileWriter profiles, IProfileReader reader, SkillTaxonomy taxonomy, SkillResolver resolver, MatchIndexHost index)
    : Endpoint<Request, ProfileDto>
{
    public override void Configure()
    {
        Patch("/profiles/{id}/skills");
        Policies(ApiKeyDefaults.WritePolicy);
        Description(b => b.ProducesProblems(404, 422));
        Summary(s =>
        {
            s.Summary = "Recruiter overrides: set a level, add or remove a skill";
            s.Responses[200] = "The profile with the changes applied";
            s.Description = "Overrides are kept apart from the extraction, so they survive re-ingesting the questionnaire. Changed skills get source \"manual\". " +
                            "All changes apply together or none: removing a skill the profile does not have (any source) is a 422 " +
                            "skill-not-in-profile naming it (skills), and nothing changes.";
            s.Responses[422] = "An unknown skill (unknown-skill, with suggestions) or a removal of a skill the profile does not have (skill-not-in-profile)";
        });
    }

    public override async Task HandleAsync(Request r, CancellationToken ct)
    {
        var changes = new List<SkillOverride>();
        var unknown = new List<UnknownSkill>();
        foreach (var c in r.Skills!)
        {
            if (resolver.Resolve(c.Skill!) is { } skill) changes.Add(new SkillOverride(skill.Skill.Id, c.Level, c.Remove == true));
            else unknown.Add(UnknownSkills.For(c.Skill!, resolver));
        }
        if (unknown.Count > 0)
        {
            await Send.ResultAsync(UnknownSkills.Problem(unknown));
            return;
        }
        if (await reader.GetAsync(r.Id, ct) is not { } current)
        {
            await Send.ResultAsync(Problems.NotFound("Profile", r.Id));
            return;
        }
        // Removing what the profile does not have is a mistake worth telling (a typo, a stale screen), not a silent no-op.
        var held = current.Skills.Select(s => s.SkillId).ToHashSet(StringComparer.Ordinal);
        var absent = changes.Where(c => c.Remove && !held.Contains(c.SkillId)).Select(c => c.SkillId).Distinct().ToList();
        if (absent.Count > 0)
        {
            await Send.ResultAsync(Problems.Result(ProblemTypes.SkillNotInProfile,
                $"Profile '{r.Id}' has no {string.Join(", ", absent.Select(a => $"'{a}'"))} to remove; nothing was changed.",
                new Dictionary<string, object?> { ["skills"] = absent }));
            return;
        }
        var profile = await profiles.ApplyOverridesAsync(r.Id, changes,
            (skills, overrides) => SkillVector.Compose(taxonomy, skills, overrides), ct);
        if (profile is null)
        {
            await Send.ResultAsync(Problems.NotFound("Profile", r.Id));
            return;
        }
        await index.CatchUpAsync(ct);
        await Send.OkAsync(ProfileDto.From(profile, taxonomy), ct);
    }
}
